// The message tables and the language of the page: every user-visible string comes
// from i18n/<lang>.js (English, Dutch). The language is the one the user chose with
// the switch in <tp-header> (kept in the browser's storage), else the browser's
// language when it is Dutch, else English. It is set before any page script runs
// (this module is the first import of every page), on <html lang> too. `?lang=nl` in
// the address overrides the choice (a teacher's link; and where the browser refuses
// storage, the switch carries the language that way).
//
// Keys: "common.", "chart.", one prefix per page and element, and "core." for the
// core's messages (chart titles, feedback, problems), which the core writes as keys
// and arguments and the page turns into text here (see docs/i18n.md).
import en from "./i18n/en.js";
import nl from "./i18n/nl.js";
import { readJSON, writeJSON } from "./storage.js";

/** The languages of the switch: [code, name in its own language]. */
export const LANGUAGES = [
  ["en", "English"],
  ["nl", "Nederlands"],
];
const tables = { en, nl };
const STORE = "touchpoints.lang";

/** The language of `?lang=` in the address, else the user's choice, else the browser's, else English. */
function initialLanguage() {
  const asked = typeof location !== "undefined" ? new URLSearchParams(location.search).get("lang") : null;
  if (asked && asked in tables) return asked;
  const chosen = readJSON(STORE);
  if (typeof chosen === "string" && chosen in tables) return chosen;
  const wanted = (typeof navigator !== "undefined" && (navigator.languages?.length ? navigator.languages : [navigator.language])) || [];
  for (const tag of wanted) {
    const code = String(tag || "").toLowerCase().split("-")[0];
    if (code in tables) return code;
  }
  return "en";
}

let current = initialLanguage();
let table = tables[current];

/** The language in use ("en" or "nl"). */
export function language() {
  return current;
}

/**
 * Chooses the language (an unknown code is English) and remembers it in this browser.
 * Returns the write's result ({ok, reason}) so a refused write can be stated.
 */
export function setLanguage(lang) {
  current = lang in tables ? lang : "en";
  table = tables[current];
  if (typeof document !== "undefined") document.documentElement.lang = current;
  return writeJSON(STORE, current);
}

/** The table's language for a BCP 47 tag ("nl-BE" → "nl"), or null when there is none. */
export function resolveLanguage(tag) {
  const code = String(tag || "").toLowerCase().split("-")[0];
  return code in tables ? code : null;
}

function fill(text, vars) {
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/**
 * A `t` for another language than the page's (the widget's `lang` attribute): the
 * message `key` of that table, else English.
 */
export function translator(lang) {
  const chosen = tables[resolveLanguage(lang) ?? "en"];
  return (key, vars = {}) => fill(chosen[key] ?? en[key] ?? key, vars);
}

/**
 * The label of a class (the core's key: "actual-experience", "brand" … "unclassified")
 * in the page's language; the core's own (English) label when the tables lack it.
 */
export function classLabel(key, fallback = key) {
  return `class.${key}` in en ? t(`class.${key}`) : fallback;
}

/**
 * The templates the core needs for its own text in `lang` (chart titles, axis labels,
 * text alternatives, class labels): the `core.` and `class.` entries of that table.
 * Empty for English, which the core has built in. Passed once to `setTexts`.
 */
export function coreTemplates(lang = current) {
  const code = resolveLanguage(lang) ?? "en";
  if (code === "en") return {};
  return Object.fromEntries(Object.entries(tables[code]).filter(([k]) => k.startsWith("core.") || k.startsWith("class.")));
}

/** Whether `key` is in the message table. */
export function has(key) {
  return key in table || key in en;
}

/** The message `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  return fill(table[key] ?? en[key] ?? key, vars);
}

/**
 * A problem of the core (`{line, column, message}`) with where it is, as the core writes it
 * (`line 3, column 2: …` / `regel 3, kolom 2: …`); line 0 or none: the message alone.
 */
export function positioned(problem) {
  const { line, column, message } = problem;
  if (!line) return message;
  return t(column ? "core.error.at.lineColumn" : "core.error.at.line", { line, column, message });
}

/**
 * A message of the core ({key, args} with key "core.…"), in the page's language;
 * the arguments may be messages themselves. Plain strings pass through.
 */
export function tm(message) {
  if (message == null) return "";
  if (typeof message === "string") return message;
  const args = {};
  for (const [name, value] of Object.entries(message.args ?? {})) args[name] = value && typeof value === "object" ? tm(value) : value;
  return t(message.key, args);
}

/**
 * Fills every element with a data-i18n attribute from the table; for the whole
 * document also <html lang> and the title (our pages call it once at start; the
 * widget never does, so a host page keeps its own lang).
 */
export function translatePage(root = document) {
  if (root === document) document.documentElement.lang = current;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  if (root === document) {
    const title = document.querySelector("title[data-i18n]");
    if (title) document.title = t(title.dataset.i18n);
  }
}
