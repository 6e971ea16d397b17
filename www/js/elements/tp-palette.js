// <tp-palette>: the touch points on the number keys. Set `.entries` to
// [{name, kind, kindLabel, state}] (entry i is key i+1) and `.active` to the
// names of state events now running. Clicking an entry fires `palette-press`
// {index}; the editor (attribute `editing`) fires `palette-change` {entries}.
import { t } from "../i18n.js";

export class TpPalette extends HTMLElement {
  static define(tag = "tp-palette") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  static get observedAttributes() {
    return ["editing"];
  }

  constructor() {
    super();
    this._entries = [];
    this._active = new Set();
  }

  set entries(list) {
    this._entries = list.slice(0, 9);
    this.render();
  }

  get entries() {
    return this._entries;
  }

  set active(names) {
    this._active = new Set(names);
    for (const li of this.querySelectorAll("li[data-index]")) {
      const entry = this._entries[Number(li.dataset.index)];
      li.classList.toggle("running", !!entry && this._active.has(entry.name));
    }
  }

  attributeChangedCallback() {
    this.render();
  }

  connectedCallback() {
    this.render();
  }

  render() {
    this.replaceChildren();
    if (this.hasAttribute("editing")) return this.renderEditor();
    const list = document.createElement("ol");
    list.className = "palette-keys";
    this._entries.forEach((entry, i) => {
      const li = document.createElement("li");
      li.dataset.index = String(i);
      li.className = `k-${entry.kind || "unclassified"}`;
      li.classList.toggle("running", this._active.has(entry.name));
      const button = document.createElement("button");
      button.type = "button";
      button.title = entry.state ? t("annotate.palette.stateTitle") : t("annotate.palette.pointTitle");
      const key = document.createElement("kbd");
      key.textContent = String(i + 1);
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = entry.name;
      const cls = document.createElement("span");
      cls.className = "cls";
      cls.textContent = entry.kindLabel || t("annotate.unclassified");
      button.append(key, name, cls);
      if (entry.state) {
        const s = document.createElement("span");
        s.className = "state-flag";
        s.textContent = t("annotate.palette.stateFlag");
        button.append(s);
      }
      button.addEventListener("click", () => this.dispatchEvent(new CustomEvent("palette-press", { bubbles: true, detail: { index: i } })));
      li.append(button);
      list.append(li);
    });
    this.append(list);
  }

  renderEditor() {
    const form = document.createElement("form");
    form.className = "palette-editor";
    const rows = [];
    for (let i = 0; i < 9; i++) {
      const entry = this._entries[i] ?? { name: "", state: false };
      const row = document.createElement("div");
      row.className = "palette-row";
      const key = document.createElement("kbd");
      key.textContent = String(i + 1);
      const name = document.createElement("input");
      name.type = "text";
      name.value = entry.name;
      name.setAttribute("aria-label", t("annotate.palette.nameFor", { key: i + 1 }));
      const stateLabel = document.createElement("label");
      const state = document.createElement("input");
      state.type = "checkbox";
      state.checked = !!entry.state;
      stateLabel.append(state, document.createTextNode(` ${t("annotate.palette.state")}`));
      row.append(key, name, stateLabel);
      rows.push({ name, state });
      form.append(row);
    }
    const actions = document.createElement("div");
    actions.className = "toolbar";
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "primary";
    save.textContent = t("annotate.palette.save");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = t("annotate.cancel");
    const reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = t("annotate.palette.reset");
    actions.append(save, cancel, reset);
    form.append(actions);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const entries = rows
        .map((r) => ({ name: r.name.value.trim(), state: r.state.checked }))
        .filter((r) => r.name);
      this.dispatchEvent(new CustomEvent("palette-change", { bubbles: true, detail: { entries } }));
    });
    cancel.addEventListener("click", () => this.dispatchEvent(new CustomEvent("palette-cancel", { bubbles: true })));
    reset.addEventListener("click", () => this.dispatchEvent(new CustomEvent("palette-reset", { bubbles: true })));
    this.append(form);
    rows[0].name.focus();
  }
}
