// <tp-header page="index">: the brand, the navigation between the pages, the language
// switch and the privacy badge, the same on every page. The one list of pages is PAGES below: a new page adds
// one line here and `<tp-header page="NAME">` to its HTML.
//
// Loaded by each page as its own module script; it defines the element itself.
//
// `privacy-provider="YouTube"` (set by the annotator while a YouTube or Vimeo video is
// chosen) words the badge's one exception: the marks stay, the video streams from there.
// The language switch (English, Nederlands) remembers the choice in this browser and
// reloads the page in the new language; marks and the value sheet are kept in the
// browser's storage, so nothing is lost.
import { LANGUAGES, language, setLanguage, t } from "../i18n.js";

/** The pages in navigation order: [file name without .html, message key]. */
export const PAGES = [
  ["index", "common.nav.analyse"],
  ["annotate", "common.nav.annotate"],
  ["classroom", "common.nav.classroom"],
  ["value", "common.nav.value"],
  ["insights", "common.nav.insights"],
  ["journeys", "common.nav.journeys"],
  ["clv", "common.nav.clv"],
  ["embed", "common.nav.embed"],
];

const BRAND_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="5" cy="12" r="3" fill="#0072B2"/><circle cx="12" cy="6" r="3" fill="#B87800"/><circle cx="19" cy="12" r="3" fill="#009E73"/><path d="M5 12 12 6 19 12" stroke="#6b7280" fill="none" stroke-width="1.5"/></svg>';
const LOCK_ICON =
  '<svg class="lock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true"><path d="M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z" fill="currentColor"/></svg>';

/** A span whose text is the message `key` (kept as data-i18n so a language switch re-fills it). */
function message(key, tag = "span") {
  const el = document.createElement(tag);
  el.dataset.i18n = key;
  el.textContent = t(key);
  return el;
}

export class TpHeader extends HTMLElement {
  static define(tag = "tp-header") {
    if (!customElements.get(tag)) customElements.define(tag, this);
  }

  static get observedAttributes() {
    return ["privacy-provider"];
  }

  attributeChangedCallback() {
    this.renderPrivacy();
  }

  /** The badge: "Your data never leaves this browser", or with the provider of the video. */
  renderPrivacy() {
    const label = this.querySelector(".privacy > span");
    if (!label) return;
    const provider = this.getAttribute("privacy-provider");
    if (provider) {
      delete label.dataset.i18n;
      label.textContent = t("common.privacy.provider", { provider });
      label.parentElement.title = t("common.privacy.providerTitle", { provider });
    } else {
      label.dataset.i18n = "common.privacy";
      label.textContent = t("common.privacy");
      label.parentElement.removeAttribute("title");
    }
  }

  /** The language switch: a labelled select, each language named in its own language. */
  languageSwitch() {
    const wrap = document.createElement("label");
    wrap.className = "language";
    const label = message("common.language");
    label.className = "visually-hidden";
    const select = document.createElement("select");
    select.id = "tp-language";
    for (const [code, name] of LANGUAGES) {
      const option = document.createElement("option");
      option.value = code;
      option.lang = code;
      option.textContent = name;
      option.selected = code === language();
      select.append(option);
    }
    select.addEventListener("change", () => {
      const kept = setLanguage(select.value).ok;
      this.dispatchEvent(new CustomEvent("tp-language", { bubbles: true, detail: { language: select.value } }));
      const url = new URL(location.href);
      if (kept && !url.searchParams.has("lang")) {
        location.reload();
      } else {
        // The browser refused to store the choice, or the address names a language: the address carries it.
        url.searchParams.set("lang", select.value);
        location.assign(url.href);
      }
    });
    wrap.append(label, select);
    return wrap;
  }

  connectedCallback() {
    if (this.firstElementChild) return;
    const current = this.getAttribute("page") || "";
    const header = document.createElement("header");
    header.className = "app-header";

    const brand = document.createElement("a");
    brand.className = "brand";
    brand.href = "index.html";
    brand.innerHTML = BRAND_ICON; // static markup, no user data
    brand.append(message("common.brand"));

    const nav = document.createElement("nav");
    nav.setAttribute("aria-label", t("common.nav.label"));
    nav.dataset.i18nAriaLabel = "common.nav.label";
    for (const [page, key] of PAGES) {
      const link = message(key, "a");
      link.href = `${page}.html`;
      if (page === current) link.setAttribute("aria-current", "page");
      nav.append(link);
    }

    const privacy = document.createElement("span");
    privacy.className = "privacy";
    privacy.innerHTML = LOCK_ICON; // static markup
    privacy.append(message("common.privacy"));

    header.append(brand, nav, privacy, this.languageSwitch());
    this.append(header);
    this.renderPrivacy();
  }
}

TpHeader.define();
