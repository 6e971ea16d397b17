// Vimeo through player.js (https://github.com/vimeo/player.js): the page
// makes the player's frame itself (player.vimeo.com/video/ID?h=…&dnt=1), so
// no oEmbed request is needed, and hands it to Vimeo.Player. Methods return
// promises (play, pause, setCurrentTime, getDuration, getVideoTitle,
// setPlaybackRate); events: play, pause, ended, timeupdate, seeked,
// playbackratechange, bufferstart/bufferend, error. The script is loaded only
// when a Vimeo video is chosen and the student agreed (annotate/video.js).
import { Player, nearestRate } from "./player.js";
import { MediaClock } from "./clock.js";
import { PROVIDERS } from "./providers.js";
import { loadScript } from "./script.js";

/**
 * The rates offered for Vimeo: its player takes 0.5–2 (player.js: "a scale
 * from 0 to 2", the player's menu 0.5×–2×), and only when the video's owner
 * allows speed changes (PRO and Business accounts); a refusal narrows the list.
 */
export const VIMEO_RATES = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

/** The frame's address: do-not-track, inline, no player keys, the privacy hash and start. */
export function vimeoEmbedUrl(link) {
  const q = new URLSearchParams();
  if (link.hash) q.set("h", link.hash);
  for (const [k, v] of Object.entries({ dnt: 1, playsinline: 1, keyboard: 0, title: 0, byline: 0, portrait: 0, autopause: 0, speed: 1 })) q.set(k, String(v));
  const start = Math.floor(link.start ?? 0);
  return `${PROVIDERS.vimeo.embedHost}/video/${encodeURIComponent(link.id)}?${q}${start > 0 ? `#t=${start}s` : ""}`;
}

/** Vimeo error names → our codes. */
function codeOf(error) {
  const name = error?.name ?? "";
  if (name === "PrivacyError" || name === "PasswordError") return "private";
  if (name === "NotFoundError" || /not found/i.test(error?.message ?? "")) return "not-found";
  return "unavailable";
}

let api = null;

function loadApi() {
  if (window.Vimeo?.Player) return Promise.resolve(window.Vimeo);
  api ??= loadScript(PROVIDERS.vimeo.api)
    .then(() => {
      if (!window.Vimeo?.Player) throw new Error("player.js did not define Vimeo.Player");
      return window.Vimeo;
    })
    .catch((e) => {
      api = null;
      throw e;
    });
  return api;
}

export class VimeoPlayer extends Player {
  constructor(link, container, { frameTitle = "" } = {}) {
    super();
    this.kind = "vimeo";
    this.link = link;
    this.clock = new MediaClock();
    this.clock.set(Math.floor(link.start ?? 0), false);
    this.rates = VIMEO_RATES;
    this._duration = NaN;
    this._rate = 1;
    this._paused = true;
    this.vimeo = null;
    this.destroyed = false;
    const frame = document.createElement("iframe");
    frame.src = vimeoEmbedUrl(link);
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.title = frameTitle;
    container.replaceChildren(frame);
    loadApi()
      .then(async (Vimeo) => {
        if (this.destroyed) return;
        const p = (this.vimeo = new Vimeo.Player(frame));
        p.on("play", (d) => this.onPlay(d));
        p.on("pause", (d) => this.onPause(d, false));
        p.on("ended", (d) => this.onPause(d, true));
        p.on("timeupdate", (d) => {
          this.clock.report(d.seconds, !this._paused);
          this.readDuration(d.duration);
          this.emit("timeupdate");
        });
        p.on("seeked", (d) => {
          this.clock.report(d.seconds);
          this.emit("seeked");
        });
        p.on("playbackratechange", (d) => {
          this._rate = d.playbackRate;
          this.clock.setRate(this._rate);
          this.emit("ratechange", { rate: this._rate });
        });
        p.on("durationchange", (d) => this.readDuration(d.duration));
        p.on("bufferstart", () => this.clock.run(false));
        p.on("bufferend", () => this.clock.run(!this._paused));
        // Errors of a method call are handled where it is called.
        p.on("error", (e) => !e?.method && this.emit("error", { code: codeOf(e) }));
        await p.ready();
        const [duration, title, rate] = await Promise.all([
          p.getDuration().catch(() => NaN),
          p.getVideoTitle().catch(() => ""),
          p.getPlaybackRate().catch(() => 1),
        ]);
        this._rate = rate || 1;
        this.clock.setRate(this._rate);
        this.readDuration(duration);
        this.emit("ready", { duration: this._duration, title });
      })
      .catch((e) => !this.destroyed && this.emit("error", { code: this.vimeo ? codeOf(e) : "api" }));
  }

  onPlay(d) {
    this._paused = false;
    this.clock.report(d?.seconds, true);
    this.emit("play");
  }

  onPause(d, ended) {
    this._paused = true;
    this.clock.report(ended ? d?.duration ?? d?.seconds : d?.seconds, false);
    this.clock.run(false);
    this.emit("pause");
    if (ended) this.emit("ended");
  }

  readDuration(d) {
    if (d > 0 && d !== this._duration) {
      this._duration = d;
      this.clock.end = d;
      this.emit("durationchange", { duration: d });
    }
  }

  get currentTime() {
    return this.clock.time;
  }

  get duration() {
    return this._duration;
  }

  get paused() {
    return this._paused;
  }

  get playbackRate() {
    return this._rate;
  }

  play() {
    this.vimeo?.play().catch((e) => this.emit("error", { code: codeOf(e) }));
  }

  pause() {
    this.vimeo?.pause().catch(() => {});
  }

  /** Seeks; Vimeo starts playing on a seek before the first play, so a paused video is paused again. */
  seek(seconds) {
    this.clock.seek(seconds);
    this.emit("seeked");
    const p = this.vimeo;
    if (!p) return;
    const wasPaused = this._paused;
    p.setCurrentTime(seconds)
      .then(() => (wasPaused ? p.getPaused() : true))
      .then((paused) => paused || p.pause())
      .catch(() => {});
  }

  /** Sets a rate of VIMEO_RATES; when the owner does not allow it, only the current rate remains. */
  setPlaybackRate(rate) {
    const p = this.vimeo;
    if (!p) return Promise.resolve(this._rate);
    const want = nearestRate(this.rates, rate);
    if (want === this._rate) return Promise.resolve(want);
    return p
      .setPlaybackRate(want)
      .then(() => p.getPlaybackRate())
      .then((r) => {
        if (Math.abs(r - want) > 1e-6) throw new Error("the rate did not change");
        this._rate = r;
        this.clock.setRate(r);
        return r;
      })
      .catch(() => {
        this.rates = [this._rate];
        this.emit("ratelimited", { rates: this.rates });
        return this._rate;
      });
  }

  destroy() {
    this.destroyed = true;
    this.vimeo?.destroy?.().catch?.(() => {});
    this.vimeo = null;
  }
}
