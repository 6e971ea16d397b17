// The one clock formatter of the pages (display only; files are written by
// the core). Minutes and seconds below one hour, hours from one hour on.

/**
 * A time in seconds as a clock: 75.25 → "1:15.3", 4200 → "1:10:00.0".
 * `tenths` false: whole seconds rounded down ("1:15", "1:10:00");
 * `padMinutes`: two-digit minutes below one hour ("01:15", as the core's
 * feedback and charts write it).
 */
export function formatTime(seconds, tenths = true, padMinutes = false) {
  if (!Number.isFinite(seconds)) return "–";
  const s = Math.max(0, seconds);
  // Round to the unit shown first, so 59.96 s is "1:00.0", never "0:60.0".
  const units = tenths ? Math.round(s * 10) : Math.floor(s);
  const whole = tenths ? Math.floor(units / 10) : units;
  const h = Math.floor(whole / 3600);
  const m = Math.floor(whole / 60) % 60;
  const sec = String(whole % 60).padStart(2, "0") + (tenths ? `.${units % 10}` : "");
  if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${sec}`;
  return `${padMinutes ? String(m).padStart(2, "0") : m}:${sec}`;
}
