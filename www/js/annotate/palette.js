// The annotator's palette: up to nine touch points on the number keys (the
// preset's suggested names, the student's own list or the exercise's), classed by
// the preset's rules, edited in <tp-palette>; and the preset that classes them.
import { t } from "../i18n.js";
import * as store from "./store.js";

const $ = (id) => document.getElementById(id);

/** Suggested names per preset (their classes come from the preset's rules). */
const DEFAULT_NAMES = {
  retail: ["Instagram ad", "Store window", "Fitting room", "Checkout", "Order confirmation email", "Loyalty app", "Product review", "Friend recommendation", { name: "Website visit", state: true }],
  hotel: ["Online ad", "Booking website", "Confirmation email", "Check-in", "Hotel room", "Restaurant", "Check-out", "Review site", "Friend recommendation"],
};

/**
 * Wires the palette and the preset menu. `state`: the annotator's state (palette,
 * preset, kindLabel, paletteFromExercise); `palette`: the <tp-palette>;
 * `classify(names)`: their classes by the preset's rules; `markFromPalette(index,
 * asState)`: a mark; `render()`: the marks again. Returns `{setPalette, defaultPalette}`.
 */
export function paletteSection({ state, palette, classify, markFromPalette, render }) {
  function setPalette(entries, persist) {
    const names = entries.map((e) => (typeof e === "string" ? { name: e, state: false } : { name: String(e.name ?? ""), state: !!e.state })).filter((e) => e.name).slice(0, 9);
    const classes = classify(names.map((e) => e.name));
    state.palette = names.map((e) => ({ ...e, classes: classes.get(e.name) ?? {} }));
    palette.entries = state.palette.map((e) => ({ ...e, kind: e.classes.kind ?? "", kindLabel: state.kindLabel.get(e.classes.kind) ?? "" }));
    if (persist) store.savePalette(state.preset, names);
  }

  function defaultPalette() {
    return store.loadPalette(state.preset) ?? DEFAULT_NAMES[state.preset] ?? DEFAULT_NAMES.retail;
  }

  $("palette-edit").addEventListener("click", () => {
    palette.toggleAttribute("editing");
    $("palette-edit").textContent = t(palette.hasAttribute("editing") ? "annotate.palette.editing" : "annotate.palette.edit");
  });
  palette.addEventListener("palette-press", (e) => markFromPalette(e.detail.index, false));
  palette.addEventListener("palette-change", (e) => {
    palette.removeAttribute("editing");
    $("palette-edit").textContent = t("annotate.palette.edit");
    setPalette(e.detail.entries, !state.paletteFromExercise);
    render();
  });
  palette.addEventListener("palette-cancel", () => {
    palette.removeAttribute("editing");
    $("palette-edit").textContent = t("annotate.palette.edit");
  });
  palette.addEventListener("palette-reset", () => {
    palette.removeAttribute("editing");
    $("palette-edit").textContent = t("annotate.palette.edit");
    setPalette(DEFAULT_NAMES[state.preset] ?? DEFAULT_NAMES.retail, true);
  });

  $("preset").addEventListener("change", () => {
    state.preset = $("preset").value;
    store.saveSettings({ ...store.loadSettings(), preset: state.preset });
    if (!state.paletteFromExercise) setPalette(defaultPalette(), false);
    else setPalette(state.palette, false);
    render();
  });

  return { setPalette, defaultPalette };
}
