// One way for a page to take its data: a sample chosen in `#sample` (kept in the
// address as ?sample=), a file from `#open-file`/`#file-input`, or a file dropped
// anywhere on the page (with `#drop-overlay` shown while dragging, when the page has one).
// Used by insights.html, journeys.html and clv.html.

/**
 * Wires the sample picker, the file button and drag-and-drop; returns the sample
 * the page should open first (from ?sample=, else `fallback`).
 * @param {{samples: object, fallback: string, onSample: (key: string) => void, onFile: (file: File) => void}} options
 */
export function wireFileChoice({ samples, fallback, onSample, onFile }) {
  const $ = (id) => document.getElementById(id);
  const wanted = new URLSearchParams(location.search).get("sample");
  const key = samples[wanted] ? wanted : fallback;
  $("sample").value = key;
  $("sample").addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("sample", $("sample").value);
    history.replaceState(null, "", url);
    onSample($("sample").value);
  });
  $("open-file").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", (e) => {
    const file = e.target.files?.[0];
    if (file) onFile(file);
    e.target.value = "";
  });
  const overlay = $("drop-overlay");
  document.addEventListener("dragover", (e) => {
    e.preventDefault();
    if (overlay) overlay.hidden = false;
  });
  document.addEventListener("dragleave", (e) => {
    if (overlay && !e.relatedTarget) overlay.hidden = true;
  });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    if (overlay) overlay.hidden = true;
    const file = e.dataTransfer?.files?.[0];
    if (file) onFile(file);
  });
  return key;
}
