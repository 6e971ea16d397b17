// The annotator's keyboard: the shortcuts it lists, and which action each key
// press runs. The page (annotate.js) gives the actions; this file only maps keys.
import { t } from "../i18n.js";

/** The shortcuts as the page lists them: [keys, message key]. */
export const SHORTCUTS = [
  [["1", "…", "9"], "annotate.key.palette"],
  [["Shift", "+", "1…9"], "annotate.key.state"],
  [["M"], "annotate.key.free"],
  [["Space"], "annotate.key.play"],
  [["←", "→"], "annotate.key.seek"],
  [["Shift", "+", "← →"], "annotate.key.seek5"],
  [["[", "]"], "annotate.key.speed"],
  [["P", "N"], "annotate.key.prevNext"],
  [[",", "."], "annotate.key.nudge"],
  [["Shift", "+", ", ."], "annotate.key.nudge1"],
  [["E"], "annotate.key.edit"],
  [["Delete"], "annotate.key.delete"],
  [["Ctrl", "+", "Z"], "annotate.key.undo"],
  [["Ctrl", "+", "Y"], "annotate.key.redo"],
  [["Esc"], "annotate.key.escape"],
  [["K"], "annotate.key.check"],
  [["Shift", "+", "K"], "annotate.key.checkStrip"],
];

/** True when the key goes to a text field, a select or an editable element. */
function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/**
 * Runs `actions` on the page's keys (none while a dialog is open, a mark is edited or
 * the key goes to a field): `undo()`, `redo()`, `markFromPalette(index, asState)`,
 * `nudge(seconds)`, `askName()`, `togglePlay()`, `toggleCheck()`, `toggleKeyOnStrip()`,
 * `seekBy(seconds)`, `speed(direction)`, `step(direction)`, `edit()` (false when no mark
 * is selected: the key is left alone), `remove()`, `deselect()`, and `editing()` (a mark
 * is being edited).
 */
export function listenForKeys(actions) {
  document.addEventListener("keydown", (e) => {
    if (document.querySelector("dialog[open]") || actions.editing() || typing(e.target)) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && !e.altKey) {
      const k = e.key.toLowerCase();
      if (k === "z" && !e.shiftKey) actions.undo();
      else if (k === "y" || (k === "z" && e.shiftKey)) actions.redo();
      else return;
      e.preventDefault();
      return;
    }
    if (e.altKey || ctrl) return;
    const digit = /^(Digit|Numpad)([1-9])$/.exec(e.code);
    let handled = true;
    if (digit) actions.markFromPalette(Number(digit[2]) - 1, e.shiftKey);
    else if (e.code === "Comma") actions.nudge(e.shiftKey ? -1 : -0.1);
    else if (e.code === "Period") actions.nudge(e.shiftKey ? 1 : 0.1);
    else
      switch (e.key) {
        case "m":
        case "M":
          actions.askName();
          break;
        case " ":
          if (e.target instanceof HTMLButtonElement) return;
          actions.togglePlay();
          break;
        case "k":
        case "K":
          if (e.shiftKey) actions.toggleKeyOnStrip();
          else actions.toggleCheck();
          break;
        case "ArrowLeft":
          actions.seekBy(e.shiftKey ? -5 : -1);
          break;
        case "ArrowRight":
          actions.seekBy(e.shiftKey ? 5 : 1);
          break;
        case "[":
        case "]":
          actions.speed(e.key === "]" ? 1 : -1);
          break;
        case "n":
        case "N":
          actions.step(1);
          break;
        case "p":
        case "P":
          actions.step(-1);
          break;
        case "Enter":
          // Enter on a button or link presses it (keyboard users export, open …).
          if (e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement) return;
        // falls through
        case "e":
        case "E":
          handled = actions.edit();
          break;
        case "Delete":
        case "Backspace":
          actions.remove();
          break;
        case "Escape":
          actions.deselect();
          break;
        default:
          handled = false;
      }
    if (handled) e.preventDefault();
  });
}

/** Fills the <dl> `dl` with the shortcuts. */
export function renderShortcuts(dl) {
  dl.replaceChildren();
  for (const [keys, message] of SHORTCUTS) {
    const dt = document.createElement("dt");
    for (const k of keys) {
      if (k === "+" || k === "…") dt.append(document.createTextNode(` ${k} `));
      else {
        const kbd = document.createElement("kbd");
        kbd.textContent = k;
        dt.append(kbd, document.createTextNode(" "));
      }
    }
    const dd = document.createElement("dd");
    dd.textContent = t(message);
    dl.append(dt, dd);
  }
}
