// Says in words how the grader read the marks: which were moments and why
// (the core's `shapes` counts, src/classroom/moments.rs), and the rule. Used
// by the classroom page and the annotator's "Check my marks" panel; the
// numbers all come from the core.
import { t } from "../i18n.js";

const plain = (x) => String(Math.round(x * 1e6) / 1e6);

/** "8 moments (8 lasting at most 1 s), 0 state events" for one `shapes` count. */
export function shapesText(shapes, settings, pointSeconds) {
  const s = shapes ?? {};
  const why = [];
  if (s.no_end) why.push(t("common.moments.noEnd", { n: s.no_end }));
  if (s.all_moments) why.push(t("common.moments.all", { n: s.all_moments }));
  if (s.short) why.push(t("common.moments.short", { n: s.short, s: plain(settings.moment_seconds) }));
  if (s.file_point) why.push(t("common.moments.filePoint", { n: s.file_point, s: plain(pointSeconds ?? 0) }));
  const moments = t(s.moments === 1 ? "common.moments.one" : "common.moments.many", { n: s.moments ?? 0 });
  const states = t(s.states === 1 ? "common.moments.state" : "common.moments.states", { n: s.states ?? 0 });
  return why.length ? `${moments} (${why.join(", ")}), ${states}` : `${moments}, ${states}`;
}

/** The rule in one sentence, from the settings the core used. */
export function ruleText(settings) {
  if (settings.all_moments) return t("common.moments.ruleAll", { tol: plain(settings.tolerance) });
  return t("common.moments.rule", { s: plain(settings.moment_seconds), tol: plain(settings.tolerance), iou: plain(settings.iou_threshold) });
}
