// Loads the wasm core once per page (every module shares the instance).
import init, * as core from "../pkg/touchpoints.js";

let ready;

/** Resolves to the initialised core module (the wasm-bindgen exports). */
export function loadCore() {
  ready ??= init({ module_or_path: new URL("../pkg/touchpoints_bg.wasm", import.meta.url) }).then(() => core);
  return ready;
}
