// The saved marks of a video back when it is ready: restored, or (when marks
// were opened from a file before the video) merged, kept or replaced as the
// student chooses in the restore dialog; Undo brings back the others.
import { t } from "../i18n.js";
import * as store from "./store.js";

const $ = (id) => document.getElementById(id);

/**
 * `state`: the annotator's state (marks, media, observer, nextId, selected);
 * `history`: the undo history; `afterChange()`: saves and renders the marks.
 * Returns `{restore, renumber}`.
 */
export function restoreSection({ state, history, afterChange, status }) {
  /** The same marks (times, names, ends, classes), whatever their ids. */
  function sameMarks(a, b) {
    const key = (m) => JSON.stringify([m.start, m.end ?? null, m.touchpoint, m.classes ?? {}, m.note ?? ""]);
    const x = a.map(key).sort();
    const y = b.map(key).sort();
    return x.length === y.length && x.every((k, i) => k === y[i]);
  }

  /** One mark twice (when merging): same time, end, name and note, and the opened one adds no other class. */
  function sameMark(saved, opened) {
    const classes = opened.classes ?? {};
    return (
      saved.start === opened.start &&
      (saved.end ?? null) === (opened.end ?? null) &&
      saved.touchpoint === opened.touchpoint &&
      (saved.note ?? "") === (opened.note ?? "") &&
      Object.entries(classes).every(([k, v]) => saved.classes?.[k] === v)
    );
  }

  /** `marks` with fresh ids from `state.nextId` on. */
  function renumber(marks) {
    return marks.map((m) => ({ ...m, id: state.nextId++ }));
  }

  /**
   * Restores the saved marks of this observer on this video. Marks opened
   * before the video (an imported file) are never dropped: when the video has
   * saved marks too, the student chooses to merge, keep the opened marks or use
   * the saved ones, and Undo brings back the others.
   */
  function restore() {
    const saved = store.loadMarks(state.observer, state.media) ?? [];
    const opened = state.marks;
    if (!saved.length) {
      status(t(opened.length ? "annotate.status.readyKept" : "annotate.status.ready", { name: state.media.label, n: opened.length }));
      afterChange();
      return;
    }
    state.nextId = Math.max(state.nextId, ...saved.map((m) => m.id + 1));
    if (!opened.length || sameMarks(saved, opened)) {
      state.marks = opened.length ? opened : saved;
      if (!opened.length) history.clear();
      status(t("annotate.status.restored", { n: saved.length, name: state.media.label, observer: state.observer }));
      afterChange();
      return;
    }
    const dialog = $("restore-dialog");
    $("restore-text").textContent = t("annotate.restore.text", { saved: saved.length, opened: opened.length, observer: state.observer, name: state.media.label });
    dialog.returnValue = "";
    dialog.addEventListener(
      "close",
      () => {
        const choice = dialog.returnValue || "merge"; // Esc merges: nothing is dropped
        if (choice === "saved") {
          history.record(opened, t("annotate.history.useSaved"));
          state.marks = saved;
        } else {
          history.record(saved, t(choice === "opened" ? "annotate.history.keepOpened" : "annotate.history.merge"));
          const fresh = renumber(opened);
          state.marks = choice === "opened" ? fresh : [...saved, ...fresh.filter((m) => !saved.some((x) => sameMark(x, m)))];
        }
        state.selected = null;
        status(t(`annotate.status.restore.${choice}`, { saved: saved.length, opened: opened.length, n: state.marks.length }));
        afterChange();
        $("play").focus();
      },
      { once: true },
    );
    dialog.showModal();
    $("restore-merge").focus();
  }

  return { restore, renumber };
}
