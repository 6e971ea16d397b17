// <tp-mark-list>: the marks made so far (time, touch point, class). Set
// `.kinds` ([{key, label}]), `.names` (for autocomplete), `.marks`
// ([{id, start, end, open, touchpoint, kind, kindLabel}]), `.selected` and
// `.duration` (the video's length: marks after it are flagged). The editor
// checks start and end together and says what is wrong beside the field.
// Events (bubbling): `mark-select` {id, seek}, `mark-delete` {id},
// `mark-edit` {id, changes: {start, end, touchpoint, kind}}. `edit(id)`
// opens the row's editor (Enter saves, Escape cancels).
import { t } from "../i18n.js";
import { fixed, formatTime } from "../format.js";

let lists = 0;

export class TpMarkList extends HTMLElement {
  static define(tag = "tp-mark-list") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  constructor() {
    super();
    this._marks = [];
    this._kinds = [];
    this._names = [];
    this._selected = null;
    this._editing = null;
    this._duration = null;
    this._datalistId = `tp-mark-names-${++lists}`;
  }

  connectedCallback() {
    this.render();
  }

  set kinds(list) {
    this._kinds = list;
  }

  set names(list) {
    this._names = list;
  }

  set duration(seconds) {
    const d = Number.isFinite(seconds) && seconds > 0 ? seconds : null;
    if (d === this._duration) return;
    this._duration = d;
    if (this._editing == null) this.render();
  }

  set marks(list) {
    this._marks = list;
    if (this._editing != null && !list.some((m) => m.id === this._editing)) this._editing = null;
    if (this._editing == null) this.render();
  }

  set selected(id) {
    this._selected = id;
    for (const tr of this.querySelectorAll("tr[data-id]")) {
      const on = tr.dataset.id === String(id);
      tr.classList.toggle("selected", on);
      tr.setAttribute("aria-selected", String(on));
      if (on) {
        // Scroll the list only (never the page, which holds the video).
        const box = this.querySelector(".mark-scroll");
        const head = this.querySelector("thead")?.offsetHeight ?? 0;
        if (box && tr.offsetTop - head < box.scrollTop) box.scrollTop = tr.offsetTop - head;
        else if (box && tr.offsetTop + tr.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = tr.offsetTop + tr.offsetHeight - box.clientHeight;
      }
    }
  }

  get editing() {
    return this._editing != null;
  }

  fire(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { bubbles: true, detail }));
  }

  edit(id) {
    this._editing = id;
    this.render();
    this.querySelector("tr.editing input[name=touchpoint]")?.focus();
  }

  render() {
    this.replaceChildren();
    if (!this._marks.length) {
      const p = document.createElement("p");
      p.className = "muted small empty";
      p.textContent = t("annotate.list.empty");
      this.append(p);
      return;
    }
    const list = document.createElement("datalist");
    list.id = this._datalistId;
    for (const n of this._names) {
      const o = document.createElement("option");
      o.value = n;
      list.append(o);
    }
    const wrap = document.createElement("div");
    wrap.className = "mark-scroll";
    const table = document.createElement("table");
    table.className = "data marks";
    const head = table.createTHead().insertRow();
    for (const key of ["annotate.list.n", "annotate.list.time", "annotate.list.touchpoint", "annotate.list.class", "annotate.list.end", ""]) {
      const th = document.createElement("th");
      th.textContent = key ? t(key) : "";
      if (!key) th.append(Object.assign(document.createElement("span"), { className: "visually-hidden", textContent: t("annotate.list.actions") }));
      head.append(th);
    }
    const body = table.createTBody();
    this._marks.forEach((m, i) => body.append(m.id === this._editing ? this.editorRow(m, i) : this.row(m, i)));
    wrap.append(table);
    this.append(list, wrap);
  }

  row(m, i) {
    const tr = document.createElement("tr");
    tr.dataset.id = String(m.id);
    tr.className = `k-${m.kind || "unclassified"}`;
    const on = String(m.id) === String(this._selected);
    tr.classList.toggle("selected", on);
    tr.setAttribute("aria-selected", String(on));
    const n = tr.insertCell();
    n.className = "num muted";
    n.textContent = String(i + 1);
    const time = tr.insertCell();
    const seek = document.createElement("button");
    seek.type = "button";
    seek.className = "time";
    seek.textContent = formatTime(m.start);
    seek.setAttribute("aria-label", t("annotate.list.seek", { time: formatTime(m.start), name: m.touchpoint }));
    seek.addEventListener("click", () => this.fire("mark-select", { id: m.id, seek: true }));
    time.append(seek);
    if (this._duration != null && m.start > this._duration + 0.05) {
      tr.classList.add("after-end");
      const flag = document.createElement("span");
      flag.className = "after-end-flag";
      flag.textContent = `⚠ ${t("annotate.list.afterEnd")}`;
      time.append(" ", flag);
    }
    const name = tr.insertCell();
    name.className = "tp-name";
    name.textContent = m.touchpoint;
    const cls = tr.insertCell();
    const pill = document.createElement("span");
    pill.className = `pill kind k-${m.kind || "unclassified"}`;
    pill.textContent = m.kindLabel || t("annotate.unclassified");
    cls.append(pill);
    const end = tr.insertCell();
    end.className = "muted small";
    end.textContent = m.open ? t("annotate.list.running") : m.end != null ? `${formatTime(m.end)} (${fixed(m.end - m.start, 1)} s)` : t("annotate.list.point");
    const actions = tr.insertCell();
    actions.className = "row-actions";
    const edit = document.createElement("button");
    edit.type = "button";
    edit.textContent = t("annotate.list.edit");
    edit.setAttribute("aria-label", t("annotate.list.editMark", { n: i + 1 }));
    edit.addEventListener("click", () => {
      this.fire("mark-select", { id: m.id, seek: false });
      this.edit(m.id);
    });
    const del = document.createElement("button");
    del.type = "button";
    del.className = "danger";
    del.textContent = "✕";
    del.setAttribute("aria-label", t("annotate.list.deleteMark", { n: i + 1 }));
    del.addEventListener("click", () => this.fire("mark-delete", { id: m.id }));
    actions.append(edit, del);
    tr.addEventListener("click", (e) => {
      if (!e.target.closest("button")) this.fire("mark-select", { id: m.id, seek: false });
    });
    tr.addEventListener("dblclick", () => this.edit(m.id));
    return tr;
  }

  editorRow(m, i) {
    const tr = document.createElement("tr");
    tr.dataset.id = String(m.id);
    tr.className = "editing selected";
    tr.insertCell().textContent = String(i + 1);
    const input = (name, type, value, label) => {
      const el = document.createElement("input");
      el.name = name;
      el.type = type;
      el.value = value;
      el.setAttribute("aria-label", label);
      return el;
    };
    const start = input("start", "number", m.start.toFixed(3), t("annotate.list.time"));
    start.step = "0.1";
    start.min = "0";
    tr.insertCell().append(start);
    const name = input("touchpoint", "text", m.touchpoint, t("annotate.list.touchpoint"));
    name.setAttribute("list", this._datalistId);
    tr.insertCell().append(name);
    const kind = document.createElement("select");
    kind.name = "kind";
    kind.setAttribute("aria-label", t("annotate.list.class"));
    for (const k of [{ key: "", label: t("annotate.list.byRules") }, ...this._kinds]) {
      const o = document.createElement("option");
      o.value = k.key;
      o.textContent = k.label;
      o.selected = k.key === (m.givenKind ?? "");
      kind.append(o);
    }
    tr.insertCell().append(kind);
    const end = input("end", "number", m.end != null ? m.end.toFixed(3) : "", t("annotate.list.end"));
    end.step = "0.1";
    end.min = "0";
    end.placeholder = t("annotate.list.point");
    tr.insertCell().append(end);
    const actions = tr.insertCell();
    actions.className = "row-actions";
    const save = document.createElement("button");
    save.type = "button";
    save.className = "primary";
    save.textContent = t("annotate.list.save");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = t("annotate.cancel");
    actions.append(save, cancel);
    // A message under a field, tied to it (aria-describedby); the first wrong field gets the focus.
    const fieldError = (field, message) => {
      const cell = field.parentElement;
      let box = cell.querySelector(".field-error");
      if (!message) {
        box?.remove();
        field.removeAttribute("aria-invalid");
        field.removeAttribute("aria-describedby");
        return;
      }
      if (!box) {
        box = document.createElement("span");
        box.className = "field-error";
        box.id = `${this._datalistId}-${field.name}-error`;
        box.setAttribute("role", "alert");
        cell.append(box);
      }
      box.textContent = message;
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", box.id);
    };
    const commit = () => {
      // Start and end are checked together: an end is compared with the start being saved.
      const s = start.value.trim() === "" ? NaN : Number(start.value);
      const e = end.value.trim() === "" ? null : Number(end.value);
      const startError = Number.isFinite(s) && s >= 0 ? "" : t("annotate.list.badStart");
      let endError = "";
      if (e != null && !(Number.isFinite(e) && e >= 0)) endError = t("annotate.list.badEnd");
      else if (e != null && !startError && e < s) endError = t("annotate.list.endBeforeStart", { end: formatTime(e), start: formatTime(s) });
      fieldError(start, startError);
      fieldError(end, endError);
      if (startError || endError) {
        (startError ? start : end).focus();
        return;
      }
      const changes = { start: s, end: e, touchpoint: name.value.trim() || m.touchpoint, kind: kind.value };
      this._editing = null;
      this.fire("mark-edit", { id: m.id, changes });
      this.fire("mark-edit-done", { id: m.id });
    };
    const abort = () => {
      this._editing = null;
      this.render();
      this.fire("mark-edit-done", { id: m.id });
    };
    save.addEventListener("click", commit);
    cancel.addEventListener("click", abort);
    tr.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") {
        e.preventDefault();
        commit();
      } else if (e.key === "Escape") {
        e.preventDefault();
        abort();
      }
    });
    return tr;
  }
}
