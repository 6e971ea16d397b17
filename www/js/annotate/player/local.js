// The page's own <video>: a local file (blob:) or a path of this site.
import { Player } from "./player.js";

export class LocalPlayer extends Player {
  /** @param {HTMLVideoElement} video */
  constructor(video) {
    super();
    this.kind = "local";
    this.video = video;
    this.rates = null;
    for (const type of ["play", "pause", "ended", "timeupdate", "seeked"]) video.addEventListener(type, () => this.emit(type));
    video.addEventListener("ratechange", () => this.emit("ratechange", { rate: video.playbackRate }));
    video.addEventListener("loadedmetadata", () => {
      this.emit("durationchange", { duration: video.duration });
      this.emit("ready", { duration: video.duration, title: "" });
    });
    video.addEventListener("error", () => this.emit("error", { code: "local" }));
  }

  /** Plays `src` (a blob: URL or a path of this site). */
  load(src) {
    this.video.src = src;
  }

  get currentTime() {
    return this.video.currentTime || 0;
  }

  get duration() {
    return this.video.duration;
  }

  get paused() {
    return this.video.paused;
  }

  get playbackRate() {
    return this.video.playbackRate;
  }

  play() {
    return this.video.play().catch(() => {});
  }

  pause() {
    this.video.pause();
  }

  seek(seconds) {
    this.video.currentTime = seconds;
  }

  setPlaybackRate(rate) {
    this.video.playbackRate = rate;
    return Promise.resolve(this.video.playbackRate);
  }

  destroy() {
    this.video.pause();
  }
}
