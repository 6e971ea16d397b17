// The marks as files: import any annotation format the core reads (the student's
// own observation, else the first), export in the formats of the core's exporters.
import { downloadText } from "../download.js";
import { t } from "../i18n.js";

const $ = (id) => document.getElementById(id);

/**
 * Wires the import input and the export buttons. `state`: the annotator's state
 * (marks, observer, media, core, nextId, selected, revision, exportedAt);
 * `change(label, fn)`: a recorded change of the marks; `observations()`: the marks as
 * the core reads them. Returns `{importFile, exportAs}`.
 */
export function marksFiles({ state, readyCore, change, observations, status, showError }) {
  async function importFile(file) {
    showError("");
    let result;
    try {
      const core = await readyCore();
      result = core.importAnnotations(file.name, new Uint8Array(await file.arrayBuffer()));
    } catch (e) {
      showError(t("annotate.importError", { name: file.name, message: e.message }));
      return;
    }
    const obs = result.observations.find((o) => o.observer === state.observer) ?? result.observations[0];
    if (!obs) {
      showError(t("annotate.importEmpty", { name: file.name }));
      return;
    }
    change(t("annotate.history.import"), () => {
      state.marks = obs.marks.map((m) => ({ id: state.nextId++, start: m.start, end: m.end ?? null, touchpoint: m.touchpoint, classes: m.classes ?? {}, ...(m.note ? { note: m.note } : {}) }));
    });
    state.selected = null;
    let message = t("annotate.status.imported", { n: obs.marks.length, name: file.name, format: result.format, observer: obs.observer });
    if (result.observations.length > 1) message += " " + t("annotate.status.moreObservers", { n: result.observations.length });
    if (result.problems.length) message += " " + t("annotate.status.problems", { n: result.problems.length, first: `${t("annotate.line")} ${result.problems[0].line}: ${result.problems[0].message}` });
    status(message);
  }

  $("marks-file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) importFile(file);
  });

  function slug(text) {
    return String(text).normalize("NFKD").replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "marks";
  }

  function exportAs(format) {
    try {
      const text = state.core.exportAnnotations(format, observations());
      const type = state.core.exportFileType(format);
      const stem = state.media?.provider ? state.media.name.replace(":", "-") : (state.media?.label ?? "marks").replace(/\.[^.]+$/, "");
      downloadText(`${slug(stem)}-${slug(state.observer || "observer")}.${type.extension}`, text, type.mime);
      state.exportedAt = state.revision;
      status(t("annotate.status.exported", { n: state.marks.length, format: format.toUpperCase() }));
    } catch (e) {
      showError(e.message);
    }
  }

  for (const b of document.querySelectorAll(".export button[data-format]")) b.addEventListener("click", () => exportAs(b.dataset.format));

  return { importFile, exportAs };
}
