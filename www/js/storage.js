// The browser's storage for every page (the annotator's marks, the value sheet, the
// language choice), so that nothing the user made is lost when it fails:
//
//   - unavailable (private mode, blocked cookies: touching `localStorage` throws):
//     every value is kept in this tab's memory instead, and `status()` says so;
//   - full (the quota is reached: `setItem` throws): the value is kept in memory,
//     read back from there, and written again on the next write;
//   - another tab wrote a key: `onOtherTab` calls back (the `storage` event), and
//     the page merges (it never lets the last writer win in silence).
//
// Values are JSON. Each write returns {ok, reason} with reason "unavailable" or "full"
// when the browser refused, so the page can tell the user and offer a download.

/** Values the browser refused, kept for this tab (key → JSON text). */
const memory = new Map();

/** The storage area, or null when the browser refuses it. */
function area() {
  try {
    const s = window.localStorage;
    void s.length; // some browsers throw only on use
    return s;
  } catch {
    return null;
  }
}

/** "ok", "unavailable" (no storage at all) or "full" (a write was refused since the last success). */
let lastState = area() ? "ok" : "unavailable";

/** The storage's state: "ok", "unavailable" or "full". */
export function status() {
  return lastState;
}

/** The value stored under `key` (parsed JSON), or null. */
export function readJSON(key) {
  let text = memory.get(key);
  if (text === undefined) {
    try {
      text = area()?.getItem(key) ?? null;
    } catch {
      text = null;
    }
  }
  if (text == null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Stores `value` under `key`. Returns {ok: true} or {ok: false, reason}; when refused
 * the value is kept in this tab's memory (readJSON gives it back).
 */
export function writeJSON(key, value) {
  const text = JSON.stringify(value);
  const s = area();
  if (!s) {
    memory.set(key, text);
    lastState = "unavailable";
    return { ok: false, reason: "unavailable" };
  }
  try {
    s.setItem(key, text);
  } catch {
    memory.set(key, text);
    lastState = "full";
    return { ok: false, reason: "full" };
  }
  memory.delete(key);
  // Values still waiting in memory are written now that there is room again.
  for (const [k, v] of memory) {
    try {
      s.setItem(k, v);
      memory.delete(k);
    } catch {
      lastState = "full";
      return { ok: true };
    }
  }
  lastState = "ok";
  return { ok: true };
}

/** Forgets `key`. */
export function remove(key) {
  memory.delete(key);
  try {
    area()?.removeItem(key);
  } catch {
    // nothing stored to remove
  }
}

/** Every key starting with `prefix` (stored, or kept in memory). */
export function keys(prefix) {
  const out = new Set([...memory.keys()].filter((k) => k.startsWith(prefix)));
  const s = area();
  if (s) {
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k && k.startsWith(prefix)) out.add(k);
    }
  }
  return [...out];
}

/**
 * Calls `fn(key, value)` when another tab of this browser changes a key starting
 * with `prefix` (value: the parsed new value, or null when removed).
 */
export function onOtherTab(prefix, fn) {
  window.addEventListener("storage", (e) => {
    if (e.storageArea && e.storageArea !== area()) return;
    if (e.key == null || !e.key.startsWith(prefix)) return;
    let value = null;
    try {
      value = e.newValue == null ? null : JSON.parse(e.newValue);
    } catch {
      value = null;
    }
    fn(e.key, value);
  });
}
