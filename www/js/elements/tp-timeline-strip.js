// <tp-timeline-strip>: the marks and the playhead under the video. Set
// `.duration`, `.time`, `.marks` ([{id, start, end, touchpoint, kind}]) and
// `.selected` (a mark id); `.keyMarks` ([{start, end, touchpoint, missed}])
// draws an answer key's marks as dashed outlines behind them (missed ones in
// red). Clicking the strip fires `seek` {time}; clicking
// a mark fires `mark-select` {id}.
import { t } from "../i18n.js";
import { formatTime } from "../format.js";

export class TpTimelineStrip extends HTMLElement {
  static define(tag = "tp-timeline-strip") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this._duration = 0;
    this._time = 0;
    this._marks = [];
    this._selected = null;
    this._keyMarks = [];
  }

  connectedCallback() {
    if (this.track) return;
    this.track = document.createElement("div");
    this.track.className = "strip-track";
    // A group of buttons (one per mark); the video's position is the clock beside it.
    // Keyboard users move between marks with P and N and the mark list.
    this.track.setAttribute("role", "group");
    this.track.setAttribute("aria-label", t("annotate.strip.label"));
    this.ticks = document.createElement("div");
    this.ticks.className = "strip-ticks";
    this.keyLayer = document.createElement("div");
    this.keyLayer.className = "strip-key";
    this.layer = document.createElement("div");
    this.layer.className = "strip-marks";
    this.playhead = document.createElement("div");
    this.playhead.className = "strip-playhead";
    this.track.append(this.ticks, this.keyLayer, this.layer, this.playhead);
    this.append(this.track);
    this.track.addEventListener("click", (e) => {
      if (e.target.closest(".strip-mark")) return;
      const keyMark = e.target.closest(".strip-key-mark");
      if (keyMark) {
        this.dispatchEvent(new CustomEvent("seek", { bubbles: true, detail: { time: Number(keyMark.dataset.time) } }));
        return;
      }
      const box = this.track.getBoundingClientRect();
      if (!this._duration || box.width === 0) return;
      const time = Math.max(0, Math.min(1, (e.clientX - box.left) / box.width)) * this._duration;
      this.dispatchEvent(new CustomEvent("seek", { bubbles: true, detail: { time } }));
    });
    this.render();
  }

  set duration(d) {
    this._duration = Number.isFinite(d) && d > 0 ? d : 0;
    this.render();
  }

  set time(s) {
    this._time = s;
    this.placePlayhead();
  }

  set marks(list) {
    this._marks = list;
    this.renderMarks();
  }

  set keyMarks(list) {
    this._keyMarks = list ?? [];
    this.renderKey();
  }

  set selected(id) {
    this._selected = id;
    for (const el of this.querySelectorAll(".strip-mark")) el.classList.toggle("selected", el.dataset.id === String(id));
  }

  pct(s) {
    return this._duration ? `${Math.max(0, Math.min(100, (s / this._duration) * 100))}%` : "0%";
  }

  placePlayhead() {
    if (!this.playhead) return;
    this.playhead.style.left = this.pct(this._time);
  }

  render() {
    if (!this.ticks) return;
    this.ticks.replaceChildren();
    const d = this._duration;
    if (d) {
      const step = d > 600 ? 60 : d > 180 ? 30 : d > 60 ? 10 : 5;
      for (let s = 0; s <= d; s += step) {
        const tick = document.createElement("span");
        tick.className = "strip-tick";
        tick.style.left = this.pct(s);
        tick.textContent = formatTime(s, false);
        this.ticks.append(tick);
      }
    }
    this.renderKey();
    this.renderMarks();
    this.placePlayhead();
  }

  renderKey() {
    if (!this.keyLayer) return;
    this.keyLayer.replaceChildren();
    for (const m of this._keyMarks) {
      const el = document.createElement("span");
      el.className = "strip-key-mark";
      if (m.missed) el.classList.add("missed");
      if (m.end != null) el.classList.add("state");
      el.dataset.time = String(m.start);
      el.style.left = this.pct(m.start);
      if (m.end != null) el.style.width = `calc(${this.pct(Math.max(m.end, m.start))} - ${this.pct(m.start)})`;
      el.title = t(m.missed ? "annotate.check.stripMissed" : "annotate.check.strip", { time: formatTime(m.start), name: m.touchpoint });
      this.keyLayer.append(el);
    }
  }

  renderMarks() {
    if (!this.layer) return;
    this.layer.replaceChildren();
    for (const m of this._marks) {
      const el = document.createElement("button");
      el.type = "button";
      el.tabIndex = -1;
      el.dataset.id = String(m.id);
      el.className = `strip-mark k-${m.kind || "unclassified"}`;
      if (m.end != null) el.classList.add("state");
      if (m.open) el.classList.add("open");
      if (String(m.id) === String(this._selected)) el.classList.add("selected");
      el.style.left = this.pct(m.start);
      if (m.end != null || m.open) {
        const end = m.end ?? this._time;
        el.style.width = `calc(${this.pct(Math.max(end, m.start))} - ${this.pct(m.start)})`;
      }
      // The kind is in the name and the pattern, not only in the colour.
      el.title = `${formatTime(m.start)} ${m.touchpoint}${m.kindLabel ? ` (${m.kindLabel})` : ""}`;
      el.setAttribute("aria-label", el.title);
      el.addEventListener("click", () => this.dispatchEvent(new CustomEvent("mark-select", { bubbles: true, detail: { id: m.id, seek: true } })));
      this.layer.append(el);
    }
  }
}
