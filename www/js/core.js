// Loads the wasm core once per page (every module shares the instance), and gives it
// the page's language for its own text (chart titles, labels) once.
import init, * as core from "../pkg/touchpoints.js";
import { coreTemplates } from "./i18n.js";

let ready;

/** Resolves to the initialised core module (the wasm-bindgen exports). */
export function loadCore() {
  ready ??= init({ module_or_path: new URL("../pkg/touchpoints_bg.wasm", import.meta.url) }).then(() => {
    core.setTexts(coreTemplates());
    return core;
  });
  return ready;
}
