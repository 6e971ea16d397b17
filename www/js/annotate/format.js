// Time display for the annotator (display only; files are written by the core).

/** 75.25 → "1:15.2" (with tenths) or "1:15". */
export function formatTime(seconds, tenths = true) {
  if (!Number.isFinite(seconds)) return "–";
  const s = Math.max(0, seconds);
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  const sec = tenths ? rest.toFixed(1).padStart(4, "0") : String(Math.floor(rest)).padStart(2, "0");
  return `${m}:${sec}`;
}
