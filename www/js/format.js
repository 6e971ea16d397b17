// The one place the pages format numbers, percentages, dates and clock times for
// display, with Intl in the page's language (i18n.js): "12.5%" in English is
// "12,5%" in Dutch, "1,234" is "1.234". Files are written by the core, never here.
import { language } from "./i18n.js";

const cache = new Map();
/** The language of the next format call (formats(lang) sets it for its own calls). */
let forLang = null;

function formatter(kind, options) {
  const lang = forLang ?? language();
  const key = `${lang}|${kind}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = kind === "number" ? new Intl.NumberFormat(lang, options) : new Intl.DateTimeFormat(lang, options);
    cache.set(key, f);
  }
  return f;
}

const DASH = "–";
const ok = (x) => x !== null && x !== undefined && Number.isFinite(Number(x));

/** A number with at most `digits` decimals (1,234.5 / 1.234,5); "–" when missing. */
export function number(x, digits = 0) {
  return ok(x) ? formatter("number", { maximumFractionDigits: digits }).format(Number(x)) : DASH;
}

/** A computed amount with at most `digits` decimals, −0 shown as 0 (a rounding's sign is not news); "–" when missing. */
export function amount(x, digits = 2) {
  return number(Object.is(x, -0) ? 0 : x, digits);
}

/** A number with exactly `digits` decimals (0.250 / 0,250). */
export function fixed(x, digits = 1) {
  return ok(x) ? formatter("number", { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(x)) : DASH;
}

/** A whole number (1,234 / 1.234). */
export function integer(x) {
  return ok(x) ? formatter("number", { maximumFractionDigits: 0 }).format(Number(x)) : DASH;
}

/** A share (0.125) as a percentage with at most `digits` decimals: "12.5%" / "12,5%". */
export function percent(share, digits = 1) {
  return ok(share) ? formatter("number", { style: "percent", maximumFractionDigits: digits }).format(Number(share)) : DASH;
}

/** A signed number of seconds: "+1.5 s", "−0.3 s", "±0.0 s" (the language's decimal sign). */
export function signedSeconds(x, digits = 1) {
  if (!ok(x)) return DASH;
  const sign = x > 0 ? "+" : x < 0 ? "−" : "±";
  return `${sign}${fixed(Math.abs(x), digits)} s`;
}

/** A number of seconds: "2.5 s" / "2,5 s". */
export function seconds(x, digits = 1) {
  return ok(x) ? `${number(x, digits)} s` : DASH;
}

/** A date and time of day (the language's order and names). */
export function dateTime(date) {
  return formatter("date", { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** A time of day with seconds ("14:03:07"; "2:03:07 PM" in English). */
export function clockTime(date) {
  return formatter("date", { timeStyle: "medium" }).format(date);
}

/**
 * A time in seconds as a video clock: 75.25 → "1:15.3", 4200 → "1:10:00.0"
 * (display only; the core writes files). `tenths` false: whole seconds rounded down
 * ("1:15", "1:10:00"); `padMinutes`: two-digit minutes below one hour ("01:15", as the
 * core's feedback and charts write it). Clocks keep "." before the tenths in every
 * language, as video players show them.
 */
export function formatTime(secondsIn, tenths = true, padMinutes = false) {
  if (!Number.isFinite(secondsIn)) return DASH;
  const s = Math.max(0, secondsIn);
  // Round to the unit shown first, so 59.96 s is "1:00.0", never "0:60.0".
  const units = tenths ? Math.round(s * 10) : Math.floor(s);
  const whole = tenths ? Math.floor(units / 10) : units;
  const h = Math.floor(whole / 3600);
  const m = Math.floor(whole / 60) % 60;
  const sec = String(whole % 60).padStart(2, "0") + (tenths ? `.${units % 10}` : "");
  if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${sec}`;
  return `${padMinutes ? String(m).padStart(2, "0") : m}:${sec}`;
}

/**
 * The same formatters for another language than the page's (the widget's `lang`
 * attribute): formats("nl").percent(0.125) is "12,5%" on any page.
 */
export function formats(lang) {
  const bound = (fn) => (...args) => {
    forLang = lang;
    try {
      return fn(...args);
    } finally {
      forLang = null;
    }
  };
  return { number: bound(number), fixed: bound(fixed), integer: bound(integer), percent: bound(percent), seconds: bound(seconds), signedSeconds: bound(signedSeconds), dateTime: bound(dateTime), clockTime: bound(clockTime) };
}
