// <tp-header page="index">: the brand, the navigation between the pages and the privacy
// badge, the same on every page. The one list of pages is PAGES below: a new page adds
// one line here and `<tp-header page="NAME">` to its HTML.
//
// Loaded by each page as its own module script; it defines the element itself.
//
// `privacy-provider="YouTube"` (set by the annotator while a YouTube or Vimeo video is
// chosen) words the badge's one exception: the marks stay, the video streams from there.
import { t } from "../i18n.js";

/** The pages in navigation order: [file name without .html, message key]. */
export const PAGES = [
  ["index", "common.nav.analyse"],
  ["annotate", "common.nav.annotate"],
  ["classroom", "common.nav.classroom"],
  ["value", "common.nav.value"],
  ["insights", "common.nav.insights"],
  ["embed", "common.nav.embed"],
];

const BRAND_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="5" cy="12" r="3" fill="#0072B2"/><circle cx="12" cy="6" r="3" fill="#E69F00"/><circle cx="19" cy="12" r="3" fill="#009E73"/><path d="M5 12 12 6 19 12" stroke="#6b7280" fill="none" stroke-width="1.5"/></svg>';
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

    header.append(brand, nav, privacy);
    this.append(header);
    this.renderPrivacy();
  }
}

TpHeader.define();
