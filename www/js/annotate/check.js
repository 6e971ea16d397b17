// "Check my marks": the student's marks graded against the answer key (from the
// exercise link or a key file) by the core's checkAgainstKey, live in <tp-key-check>,
// and the key's marks on the timeline strip.
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);

/**
 * Wires the check section. `state`: the annotator's state (key, core, exercise,
 * checkOpen); `keyCheck`: the <tp-key-check>; `strip`: the timeline strip;
 * `studentObservation()`: the marks as the core reads them; `seek(time)`: the player to a key
 * time. Returns `{setKey, updateCheck, toggleCheck, toggleKeyOnStrip}`.
 */
export function checkSection({ state, keyCheck, strip, studentObservation, readyCore, seek, status, showError }) {
  /** Sets the answer key (an observation) and says where it comes from. */
  function setKey(observation, source) {
    state.key = { observation, source };
    $("check-section").hidden = false;
    $("check-source").textContent = source;
    updateCheck();
  }

  /** Grades the marks against the key (the core's checkAgainstKey) and shows it live. */
  function updateCheck() {
    if (!state.key || !state.core) return;
    let result = null;
    try {
      result = state.core.checkAgainstKey(studentObservation(), state.key.observation, state.exercise?.settings ?? null);
    } catch (e) {
      showError(t("annotate.check.error", { message: e.message }));
    }
    keyCheck.result = result;
    // Every usable key mark is either found (hit_list) or missed.
    const s = result?.student;
    const keyMarks = s ? [...s.hit_list.map((h) => ({ ...h.key, missed: false })), ...s.missed.map((m) => ({ ...m, missed: true }))] : [];
    strip.keyMarks = $("check-strip").checked ? keyMarks.map((m) => ({ start: m.time, end: m.end, touchpoint: m.touchpoint, missed: m.missed })) : [];
  }

  function toggleCheck(open = !state.checkOpen) {
    if (!state.key) {
      status(t("annotate.check.noKey"));
      return;
    }
    state.checkOpen = open;
    keyCheck.hidden = !open;
    const button = $("check-toggle");
    button.textContent = t(open ? "annotate.check.hide" : "annotate.check.show");
    button.setAttribute("aria-expanded", String(open));
    updateCheck();
    if (open) keyCheck.focusSummary();
  }

  function toggleKeyOnStrip() {
    if (!state.key) {
      status(t("annotate.check.noKey"));
      return;
    }
    const box = $("check-strip");
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change"));
  }

  $("check-toggle").addEventListener("click", () => toggleCheck());
  $("check-strip").addEventListener("change", () => {
    $("strip-legend").hidden = !$("check-strip").checked;
    updateCheck();
  });
  keyCheck.addEventListener("seek", (e) => seek(e.detail.time));

  $("key-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    const core = await readyCore().catch(() => null);
    if (!core) return;
    showError("");
    let read;
    try {
      read = core.readObservation(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (err) {
      showError(t("annotate.check.keyError", { name: file.name, message: err.message }));
      return;
    }
    const n = read.observation.marks.length;
    setKey(read.observation, t("annotate.check.fromFile", { name: file.name, n }));
    status(t("annotate.check.keyOpened", { name: file.name, n }));
  });

  return { setKey, updateCheck, toggleCheck, toggleKeyOnStrip };
}
