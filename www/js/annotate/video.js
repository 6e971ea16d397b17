// The annotator's video: choosing it (the demo, a file, a link), one player
// interface for the page's <video> and a YouTube or Vimeo player (player/), the
// privacy note before a provider's video streams (docs/video.md), the controls
// (play, seek, speed), the clock and the header's privacy badge.
import { t } from "../i18n.js";
import { formatTime } from "../format.js";
import { providerName, videoLinkLabel as linkLabel } from "../exercise-link.js";
import * as store from "./store.js";
import { LocalPlayer } from "./player/local.js";
import { nearestRate, providerPlayer } from "./player/player.js";

const $ = (id) => document.getElementById(id);

const DEMO = "samples/demo-journey.webm";
const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];

/**
 * Wires the video box and its controls. `state`: the annotator's state (media,
 * marks, view, selected, speed, pendingLink, controlsOpen, core); `video`: the
 * page's <video>; `strip`: the timeline strip; `history`: the undo history (cleared
 * when another video opens); `mediaReady()`: the video can be marked; `save()`: the
 * marks to the browser's storage; `restore()`: this video's saved marks back (once it
 * is ready); `renderAfterEnd()`: the warning on marks after the end;
 * `checkExerciseVideo(opened, link)`: the exercise's video compared with the opened one.
 * Returns `{currentTime, seek, pause, togglePlay, seekBy, speedBy, openUrl, offerProvider}`.
 */
export function videoSection({ state, video, strip, history, mediaReady, save, restore, renderAfterEnd, checkExerciseVideo, status, showError }) {
  const local = new LocalPlayer(video);
  /** The player in use: `local`, or the provider's player of a YouTube or Vimeo link. */
  let player = local;

  /** The header's privacy badge: true as it stands, and naming the provider while its video is chosen. */
  function setBadge(providerKey) {
    const header = document.querySelector("tp-header");
    if (!header) return;
    if (providerKey) header.setAttribute("privacy-provider", providerName(providerKey));
    else header.removeAttribute("privacy-provider");
  }

  /** The speeds the player allows in the speed menu, and what the provider allows beside it. */
  function setSpeedOptions() {
    const rates = player.rates ?? SPEEDS;
    const select = $("speed");
    select.replaceChildren(...rates.map((r) => new Option(`${r}×`, String(r))));
    select.value = String(nearestRate(rates, player.playbackRate || state.speed));
    const note = $("speed-note");
    note.hidden = player === local;
    if (player === local) return;
    const range = rates.length > 1 ? `${rates[0]}×–${rates[rates.length - 1]}×` : `${rates[0]}×`;
    const provider = providerName(player.kind);
    note.textContent = rates.length < 2 ? t("annotate.speed.limited", { provider, rate: rates[0] }) : player.kind === "vimeo" ? t("annotate.speed.vimeo", { rates: range }) : t("annotate.speed.rates", { provider, rates: range });
  }

  /** Sets the speed (a provider's player takes the nearest it allows); resolves to the speed in use. */
  function setSpeed(rate) {
    state.speed = rate;
    const p = player;
    return p.setPlaybackRate(rate).then((actual) => {
      if (p === player) $("speed").value = String(actual);
      return actual;
    });
  }

  function togglePlay() {
    if (!mediaReady()) return;
    if (player.paused) player.play();
    else player.pause();
  }

  function seekBy(seconds) {
    if (!mediaReady()) return;
    const end = Number.isFinite(player.duration) ? player.duration : Infinity;
    player.seek(Math.max(0, Math.min(end, player.currentTime + seconds)));
  }

  $("play").addEventListener("click", togglePlay);
  $("back").addEventListener("click", () => seekBy(-5));
  $("fwd").addEventListener("click", () => seekBy(5));
  $("speed").addEventListener("change", () => setSpeed(Number($("speed").value)));
  video.addEventListener("click", togglePlay);
  $("provider-shield").addEventListener("click", togglePlay);

  function tick() {
    const time = player.currentTime || 0;
    $("clock").textContent = formatTime(time);
    strip.time = time;
    if (state.marks.some((m) => m.open)) strip.marks = state.view; // running bars grow
  }
  (function frame() {
    if (!player.paused) {
      $("clock").textContent = formatTime(player.currentTime);
      strip.time = player.currentTime;
    }
    requestAnimationFrame(frame);
  })();

  function setDuration(duration) {
    if (!state.media) return;
    state.media.duration = duration;
    $("length").textContent = formatTime(Number.isFinite(duration) ? duration : 0);
    strip.duration = duration;
    if (mediaReady()) renderAfterEnd();
  }

  /** The player can play: the marks of this video and observer come back. */
  function playerReady(p, title) {
    if (!state.media) return;
    if (title && state.media.provider) {
      state.media.label = title;
      $("video-name").textContent = `${title} · ${providerName(state.media.provider)}`;
    }
    state.media.ready = true;
    setDuration(p.duration);
    tick();
    setSpeedOptions();
    if (p !== local && state.speed !== 1) setSpeed(state.speed);
    restore();
  }

  function playerError(p, code) {
    if (!state.media) return;
    if (p === local) showError(t("annotate.videoError", { name: state.media.label }));
    else {
      showError(t(`annotate.provider.error.${code}`, { provider: providerName(p.kind) }));
      status("");
    }
  }

  /** Listens to `p` (its events count only while it is the player in use). */
  function wirePlayer(p) {
    const mine = (fn) => (detail) => p === player && fn(detail);
    p.on("play", mine(() => ($("play").textContent = "❚❚")));
    p.on("pause", mine(() => ($("play").textContent = "▶")));
    p.on("timeupdate", mine(tick));
    p.on("seeked", mine(tick));
    p.on("durationchange", mine((d) => setDuration(d.duration)));
    p.on("ratechange", mine((d) => ($("speed").value = String(nearestRate(p.rates ?? SPEEDS, d.rate)))));
    p.on("ratelimited", mine(() => {
      setSpeedOptions();
      status(t("annotate.speed.limited", { provider: providerName(p.kind), rate: p.playbackRate }));
    }));
    p.on("ready", mine((d) => playerReady(p, d.title)));
    p.on("error", mine((d) => playerError(p, d.code)));
  }
  wirePlayer(local);

  /** Shows what the video box holds: the privacy note, the page's video, a provider's player or the hint. */
  function showSurface() {
    const noting = !!state.pendingLink;
    const provider = !!state.media?.provider;
    $("provider-note").hidden = !noting;
    document.querySelector(".video-box").classList.toggle("noting", noting);
    video.hidden = noting || !state.media || provider;
    $("provider-frame").hidden = noting || !provider;
    $("provider-shield").hidden = noting || !provider || state.controlsOpen;
    $("video-empty").hidden = noting || !!state.media;
    const controls = $("provider-controls");
    controls.hidden = !provider || noting;
    if (provider) {
      const name = providerName(state.media.provider);
      controls.textContent = t("annotate.provider.controls", { provider: name });
      controls.title = t("annotate.provider.controlsTitle", { provider: name });
      controls.setAttribute("aria-pressed", String(state.controlsOpen));
    }
  }

  /**
   * Before another video opens: the marks of the video in use are saved under
   * it, so the next one starts from its own saved marks. (Marks opened from a
   * file before any video was ready stay, and are merged as restore() says.)
   */
  function leaveVideo() {
    if (!mediaReady()) return;
    save();
    state.marks = [];
    state.selected = null;
    history.clear();
  }

  /** Stops and removes a provider's player: the page's <video> plays again. */
  function closeProvider() {
    if (player !== local) player.destroy();
    player = local;
    state.controlsOpen = false;
    $("provider-frame").replaceChildren();
    setBadge(null);
  }

  function openMedia(src, info) {
    showError("");
    leaveVideo();
    closeProvider();
    state.pendingLink = null;
    state.media = { ...info, duration: NaN, ready: false };
    local.load(src);
    showSurface();
    $("video-name").textContent = info.label;
    $("play").textContent = "▶";
    setSpeedOptions();
    setSpeed(state.speed);
    status(t("annotate.status.loading", { name: info.label }));
  }

  /**
   * The privacy note for a YouTube or Vimeo link: nothing is loaded from the
   * provider until the student presses "Stream from …" (`resume`: the video
   * of the last visit).
   */
  function offerProvider(link, { resume = false } = {}) {
    player.pause();
    const name = providerName(link.provider);
    state.pendingLink = link;
    $("provider-note-h").textContent = t(resume ? "annotate.provider.resume" : "annotate.provider.title", { provider: name });
    $("provider-note-video").textContent = linkLabel(link);
    $("provider-note-text").textContent = t(`annotate.provider.text.${link.provider}`);
    $("provider-note-marks").textContent = t("annotate.provider.marks", { provider: name });
    $("provider-ok").textContent = t("annotate.provider.ok", { provider: name });
    showSurface();
    setBadge(link.provider);
    if (!document.querySelector("dialog[open]")) $("provider-ok").focus();
  }

  /** Streams `link` in its provider's player (after the student's yes). */
  async function openProvider(link) {
    showError("");
    leaveVideo();
    closeProvider();
    local.pause();
    const name = providerName(link.provider);
    const label = linkLabel(link);
    state.pendingLink = null;
    state.media = { name: link.key, size: 0, duration: NaN, label, media: link.url, provider: link.provider, ready: false };
    setBadge(link.provider);
    showSurface();
    $("video-name").textContent = label;
    $("play").textContent = "▶";
    $("length").textContent = formatTime(0);
    strip.duration = 0;
    status(t("annotate.provider.loading", { provider: name, video: label }));
    store.saveSettings({ ...store.loadSettings(), lastUrl: null, lastFile: null, lastLink: link.url });
    let p;
    try {
      p = await providerPlayer(link, $("provider-frame"), { frameTitle: t("annotate.provider.frame", { provider: name, video: label }) });
    } catch {
      showError(t("annotate.provider.error.api", { provider: name }));
      return;
    }
    if (state.media?.name !== link.key || state.media.provider !== link.provider) {
      p.destroy(); // another video was chosen meanwhile
      return;
    }
    player = p;
    wirePlayer(p);
    setSpeedOptions();
  }

  $("provider-ok").addEventListener("click", () => {
    const link = state.pendingLink;
    if (!link) return;
    openProvider(link);
    $("play").focus();
  });
  $("provider-cancel").addEventListener("click", () => {
    const link = state.pendingLink;
    state.pendingLink = null;
    if (!state.media?.provider) setBadge(null);
    showSurface();
    if (link) status(t("annotate.provider.cancelled", { provider: providerName(link.provider) }));
    $("video-url").focus();
  });
  $("provider-controls").addEventListener("click", () => {
    state.controlsOpen = !state.controlsOpen;
    showSurface();
    status(state.controlsOpen ? t("annotate.provider.controlsOn", { provider: providerName(state.media.provider) }) : "");
  });
  // A click into a provider's player gives it the keyboard: say how to get the keys back.
  window.addEventListener("blur", () => {
    setTimeout(() => {
      if (player !== local && document.activeElement?.tagName === "IFRAME" && $("provider-frame").contains(document.activeElement)) {
        status(t("annotate.provider.focus", { provider: providerName(player.kind) }));
      }
    });
  });

  function openUrl(url) {
    const label = decodeURIComponent(url.split(/[?#]/)[0].split("/").pop() || url);
    openMedia(url, { name: url, size: 0, label });
    store.saveSettings({ ...store.loadSettings(), lastUrl: url, lastFile: null, lastLink: null });
  }

  // After opening a video the focus goes to Play, so Space plays (it would
  // otherwise press the button or open the file picker again).
  $("use-demo").addEventListener("click", () => {
    openUrl(DEMO);
    $("play").focus();
  });
  $("video-file").addEventListener("change", (e) => {
    const file = e.target.files[0];
    if (!file) return;
    openMedia(URL.createObjectURL(file), { name: file.name, size: file.size, label: file.name });
    store.saveSettings({ ...store.loadSettings(), lastUrl: null, lastFile: file.name, lastLink: null });
    checkExerciseVideo(file.name);
    $("play").focus();
  });
  $("url-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const url = $("video-url").value.trim();
    if (!url || !state.core) return;
    showError("");
    let link;
    try {
      link = state.core.videoLink(url);
    } catch (err) {
      showError(t("annotate.link.error", { message: err.message }));
      $("video-url").focus();
      return;
    }
    if (link) {
      offerProvider(link);
      checkExerciseVideo(url, link);
      return;
    }
    openUrl(url);
    checkExerciseVideo(url);
    $("play").focus();
  });

  /** One step up (1) or down (-1) the speeds the player allows, and says the speed in use. */
  function speedBy(direction) {
    const rates = player.rates ?? SPEEDS;
    const i = rates.indexOf(nearestRate(rates, player.playbackRate));
    const next = rates[Math.max(0, Math.min(rates.length - 1, i + direction))];
    setSpeed(next).then((rate) => status(t("annotate.status.speed", { rate })));
  }

  return {
    currentTime: () => player.currentTime,
    seek: (time) => player.seek(time),
    pause: () => player.pause(),
    togglePlay,
    seekBy,
    speedBy,
    openUrl,
    offerProvider,
  };
}
