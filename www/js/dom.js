// The one DOM helper of the pages, the elements and the widget (not an element).
// Text always goes in through textContent: labels from files never become markup.

/**
 * Creates an element. `props`: `class` and `text` (textContent), then each key the
 * element has as a property (type, value, disabled, spellcheck, colSpan, …) set as that
 * property, every other key (aria-*, data-*, for, …) as an attribute; `null` and
 * `undefined` values are left out, and `false` leaves an attribute out. `children`
 * (nodes or strings; `null` and `undefined` left out) are appended.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k in node && !k.includes("-") && k !== "list") node[k] = v;
    else if (v !== false) node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

/**
 * A summary card: its label, its big value and (unless `hint` is null or undefined) a
 * hint under it. `props` as for `el`; a `class` there is added to "card".
 */
export function card(label, value, hint, props = {}) {
  const { class: extra, ...rest } = props;
  return el(
    "div",
    { class: extra ? `card ${extra}` : "card", ...rest },
    el("div", { class: "label", text: label }),
    // A long figure (20,000,000) is set smaller, so it stays inside the narrowest card.
    el("div", { class: String(value ?? "").length > 8 ? "value long" : "value", text: value }),
    hint == null ? null : el("div", { class: "hint", text: hint }),
  );
}
