// The annotator's live counts: one bar per kind (the core's by-kind counts of the
// marks so far) and the cards (marks, touch points per minute, most frequent kind).
import { card } from "../dom.js";
import { classLabel, t } from "../i18n.js";
import { fixed, formatTime, percent } from "../format.js";

/**
 * Fills `counts` (the bars) and `cards` from `report` (the core's marksReport);
 * `kinds`: the kinds in their order ([{key}]); `kindLabel`: their labels by key.
 */
export function renderLiveCounts({ counts, cards }, report, kinds, kindLabel) {
  // Live counts by class (the core's counts).
  counts.replaceChildren();
  const byKind = new Map(report.by_kind.map((c) => [c.class, c]));
  const rows = [...kinds.map((k) => k.key), ...(byKind.has("unclassified") ? ["unclassified"] : [])];
  const max = Math.max(1, ...report.by_kind.map((c) => c.events));
  for (const key of rows) {
    const c = byKind.get(key);
    const row = document.createElement("div");
    row.className = `count-row k-${key}`;
    row.dataset.kind = key;
    const label = document.createElement("span");
    label.className = "count-label";
    label.textContent = classLabel(key, c?.label ?? kindLabel.get(key) ?? key);
    const bar = document.createElement("span");
    bar.className = "count-bar";
    const fill = document.createElement("span");
    fill.style.width = `${((c?.events ?? 0) / max) * 100}%`;
    bar.append(fill);
    const n = document.createElement("span");
    n.className = "count-n";
    n.textContent = String(c?.events ?? 0);
    row.append(label, bar, n);
    counts.append(row);
  }
  // Cards.
  cards.replaceChildren();
  const add = (label, value, hint) => cards.append(card(label, value, hint));
  add(t("annotate.card.marks"), String(report.events), t("annotate.card.marksHint", { n: report.unique_touchpoints }));
  const perMinute = report.video?.touchpoints_per_minute;
  add(t("annotate.card.perMinute"), fixed(perMinute, 1), t("annotate.card.perMinuteHint", { time: formatTime(report.video?.duration_seconds ?? 0) }));
  const top = [...report.by_kind].filter((c) => c.class !== "unclassified").sort((a, b) => b.events - a.events)[0];
  add(t("annotate.card.topKind"), top ? classLabel(top.class, top.label) : "–", top ? t("annotate.card.topKindHint", { pct: percent(top.share, 0) }) : "");
}
