// <tp-key-check>: a student's marks compared with the teacher's answer key.
// Set `.result` to what the core's `checkAgainstKey` returns ({settings,
// notes, grade_formula, key, student, terms}: the student's row of the class
// report, graded exactly as on the classroom page); the element only renders
// it. Attribute `heading-level` (default 3) sets the level of its headings.
// Clicking a time (a missed touch point, an extra mark or a hit) fires `seek`
// {time} (bubbling). `focusSummary()` moves the focus to the summary line.
import { card, el } from "../dom.js";
import { t } from "../i18n.js";
import { fixed, formatTime, number, percent } from "../format.js";
import { ruleText, shapesText } from "../classroom/moments.js";

const TERM_LABEL = { f1: "annotate.check.term.f1", count: "annotate.check.term.count", class: "annotate.check.term.class" };

/** Shortest plain number: 0.6, 3, 0.875. */
function plain(x) {
  return number(x, 6);
}

function ratio(x) {
  return fixed(x, 3);
}

function pct(x) {
  return percent(x, 0);
}

function grade(x, decimals) {
  return fixed(x, Math.min(6, decimals ?? 1));
}

export class TpKeyCheck extends HTMLElement {
  static define(tag = "tp-key-check") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this._result = null;
    this._howOpen = false; // kept across live updates
  }

  connectedCallback() {
    this.render();
  }

  set result(value) {
    this._result = value;
    this.render();
  }

  get result() {
    return this._result;
  }

  focusSummary() {
    this.querySelector(".check-summary")?.focus();
  }

  heading(text) {
    const level = Math.min(6, Math.max(2, Number(this.getAttribute("heading-level")) || 3));
    return el(`h${level}`, { class: "check-h", text: text });
  }

  render() {
    const r = this._result;
    if (!r) {
      this.replaceChildren();
      return;
    }
    const s = r.student;
    const tol = plain(r.settings.tolerance);

    // The answer to "how did I do?" first.
    const summary = el("p", { class: "check-summary", text: t("annotate.check.found", { hits: s.hits, total: s.key_total }) });
    summary.tabIndex = -1;
    const diff = s.count_difference;
    const counted = el("p", { class: "check-counted", text: t(diff === 0 ? "annotate.check.counted.same" : diff < 0 ? "annotate.check.counted.fewer" : "annotate.check.counted.more", {
        marks: s.marks,
        total: s.key_total,
        n: Math.abs(diff),
      }) });

    // Which rule made the marks moments (counts from the core).
    const rule = el("p", { class: "check-rule small" });
    rule.append(
      el("strong", { text: t("annotate.check.rule.title") }),
      " ",
      t("annotate.check.rule", {
        key: shapesText(r.key.shapes, r.settings, r.key.point_event_seconds),
        yours: shapesText(s.shapes, r.settings),
      }),
      " ",
      ruleText(r.settings),
    );

    const cards = el("div", { class: "cards check-cards" });
    const add = (name, label, value, hint) => cards.append(card(label, value, hint, { "data-card": name }));
    add("found", t("annotate.check.card.found"), `${s.hits} / ${s.key_total}`, t("annotate.check.card.foundHint", { recall: pct(s.recall), misses: s.misses }));
    add("extras", t("annotate.check.card.extras"), String(s.extras), t("annotate.check.card.extrasHint", { precision: pct(s.precision), tol }));
    add("f1", t("annotate.check.card.f1"), fixed(s.f1, 2), t("annotate.check.card.f1Hint"));
    const scale = r.settings.scale;
    add("grade", t("annotate.check.card.grade"), grade(s.grade, scale.decimals), t("annotate.check.card.gradeHint", { min: plain(scale.min), max: plain(scale.max) }));

    // Missed, extra and found marks, each time a button that seeks there.
    const lists = el("div", { class: "check-lists" });
    const list = (name, title, hint, items, line) => {
      const box = el("section", { class: `check-list check-${name}` });
      box.dataset.list = name;
      const h = this.heading(title);
      h.append(" ", el("span", { class: "pill", text: String(items.length) }));
      box.append(h, el("p", { class: "small muted", text: hint }));
      if (!items.length) {
        box.append(el("p", { class: "check-none", text: t("annotate.check.none") }));
      } else {
        const ul = el("ul");
        for (const item of items) {
          const li = el("li");
          const [time, end, name, extra] = line(item);
          const b = el("button", { class: "time", text: formatTime(time) });
          b.type = "button";
          b.dataset.time = String(time);
          b.setAttribute("aria-label", t("annotate.check.seek", { time: formatTime(time), name }));
          b.addEventListener("click", () => this.dispatchEvent(new CustomEvent("seek", { bubbles: true, detail: { time } })));
          li.append(b, " ", el("span", { class: "check-name", text: name }));
          // The core gives moments no end (its moment rule): only state events show one.
          if (end != null) li.append(" ", el("span", { class: "small muted", text: t("annotate.check.until", { time: formatTime(end) }) }));
          if (extra) li.append(" ", el("span", { class: "small muted check-extra-info", text: extra }));
          ul.append(li);
        }
        box.append(ul);
      }
      lists.append(box);
    };
    list("missed", t("annotate.check.missed"), t("annotate.check.missedHint", { tol }), s.missed, (m) => [m.time, m.end, m.touchpoint]);
    list("extra", t("annotate.check.extra"), t("annotate.check.extraHint", { tol }), s.extra, (m) => [m.time, m.end, m.touchpoint]);
    list("hits", t("annotate.check.hits"), t("annotate.check.hitsHint"), s.hit_list, (h) => [
      h.student.time,
      null,
      h.key.touchpoint,
      [
        t(h.offset > 0 ? "annotate.check.late" : h.offset < 0 ? "annotate.check.early" : "annotate.check.onTime", { s: fixed(Math.abs(h.offset), 1) }),
        ...h.class_mistakes.map((c) => t(c.student ? "annotate.check.classWrong" : "annotate.check.classOpen", { dimension: t(`core.dimension.${c.dimension}`), key: c.key, student: c.student ?? "" })),
      ].join(" · "),
    ]);

    // How is this computed? The formula with this student's numbers (all from the core).
    const how = el("details", { class: "check-how" });
    how.open = this._howOpen;
    how.addEventListener("toggle", () => (this._howOpen = how.open));
    how.append(el("summary", { text: t("annotate.check.how") }));
    how.append(
      el("p", { class: "small", text: t("annotate.check.how.match") }),
      el("p", { class: "small", text: t("annotate.check.how.f1", { h: s.hits, m: s.marks, k: s.key_total, f1: ratio(s.f1) }) }),
      el("p", { class: "small", text: t("annotate.check.how.count", { m: s.marks, k: s.key_total, ca: ratio(s.count_accuracy) }) }),
    );
    if (r.key.classifies) how.append(el("p", { class: "small", text: t("annotate.check.how.class", { ca: ratio(s.class_agreement), n: s.class_compared }) }));
    const table = el("table", { class: "data check-terms" });
    const head = el("tr");
    for (const k of ["annotate.check.term", "annotate.check.value", "annotate.check.weight"]) head.append(el("th", { text: t(k) }));
    table.append(el("thead"), el("tbody"));
    table.tHead.append(head);
    for (const term of r.terms) {
      const tr = el("tr");
      tr.dataset.term = term.name;
      tr.append(el("td", { text: t(TERM_LABEL[term.name] ?? term.name) }), el("td", { class: "num", text: ratio(term.value) }), el("td", { class: "num", text: plain(term.weight) }));
      table.tBodies[0].append(tr);
    }
    how.append(table);
    const parts = r.terms.map((x) => `${plain(x.weight)} × ${ratio(x.value)}`).join(" + ");
    const weights = r.terms.map((x) => plain(x.weight)).join(" + ");
    const worked = el("p", { class: "check-worked" });
    worked.append(
      el("code", { text: t("annotate.check.worked", { min: plain(scale.min), max: plain(scale.max), parts, weights, score: ratio(s.score), grade: grade(s.grade, scale.decimals) }) }),
    );
    how.append(worked, el("p", { class: "small muted", text: t("annotate.check.how.formula", { formula: r.grade_formula }) }));
    for (const note of [...r.notes, ...r.key.problems.map((p) => t("annotate.check.keyProblem", { p })), ...s.problems.map((p) => t("annotate.check.yourProblem", { p }))]) {
      how.append(el("p", { class: "small notice", text: note }));
    }

    this.replaceChildren(summary, counted, rule, cards, lists, how);
  }
}
