// The message table lookup: every user-visible string comes from
// i18n/<lang>.js. English now; Dutch is planned.
import en from "./i18n/en.js";

const tables = { en };
let table = en;

/** Chooses the language (falls back to English). */
export function setLanguage(lang) {
  table = tables[lang] ?? en;
}

/** The message `key`, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const text = table[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** Fills every element with a data-i18n attribute from the table. */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
}
