// YouTube through its IFrame Player API, on the privacy-enhanced host
// youtube-nocookie.com. API: https://developers.google.com/youtube/iframe_api_reference
// (YT.Player with `host`, onReady / onStateChange / onPlaybackRateChange /
// onError; playVideo, pauseVideo, seekTo, getCurrentTime, getDuration,
// getAvailablePlaybackRates, setPlaybackRate). The script is loaded only when
// a YouTube video is chosen and the student agreed (annotate/video.js).
import { Player, cleanRates, nearestRate } from "./player.js";
import { MediaClock } from "./clock.js";
import { PROVIDERS } from "./providers.js";
import { loadScript, withTimeout } from "./script.js";

/** YT.PlayerState values. */
const PLAYING = 1;
const PAUSED = 2;
const ENDED = 0;
const BUFFERING = 3;
/** onError codes → our codes (annotate/video.js words them). */
const ERRORS = { 2: "bad-id", 5: "html5", 100: "not-found", 101: "no-embed", 150: "no-embed" };

let api = null;

/** YT, once the IFrame API has called window.onYouTubeIframeAPIReady. */
function loadApi() {
  if (window.YT?.Player) return Promise.resolve(window.YT);
  api ??= withTimeout(
    new Promise((resolve, reject) => {
      const previous = window.onYouTubeIframeAPIReady;
      window.onYouTubeIframeAPIReady = () => {
        if (typeof previous === "function") previous();
        resolve(window.YT);
      };
      loadScript(PROVIDERS.youtube.api).catch(reject);
    }),
    20000,
    "the YouTube player API did not start",
  ).catch((e) => {
    api = null; // a later try loads it again
    throw e;
  });
  return api;
}

export class YouTubePlayer extends Player {
  constructor(link, container, { frameTitle = "" } = {}) {
    super();
    this.kind = "youtube";
    this.link = link;
    this.clock = new MediaClock();
    this.clock.set(Math.floor(link.start ?? 0), false);
    this.rates = [1];
    this._duration = NaN;
    this._rate = 1;
    this.state = -1;
    this.yt = null;
    this.destroyed = false;
    const target = document.createElement("div");
    container.replaceChildren(target);
    loadApi().then(
      (YT) => {
        if (this.destroyed) return;
        this.yt = new YT.Player(target, {
          host: PROVIDERS.youtube.embedHost,
          videoId: link.id,
          width: "100%",
          height: "100%",
          playerVars: {
            start: Math.floor(link.start ?? 0),
            playsinline: 1,
            rel: 0,
            disablekb: 1, // the page's keys mark; the player's own keys would seek
            iv_load_policy: 3,
            fs: 0,
            enablejsapi: 1,
            origin: location.origin,
          },
          events: {
            onReady: () => this.onReady(frameTitle),
            onStateChange: (e) => this.onState(e.data),
            onPlaybackRateChange: (e) => this.onRate(e.data),
            onError: (e) => this.emit("error", { code: ERRORS[e.data] ?? "unavailable" }),
          },
        });
      },
      () => !this.destroyed && this.emit("error", { code: "api" }),
    );
  }

  onReady(frameTitle) {
    const yt = this.yt;
    const frame = yt.getIframe?.();
    if (frame && frameTitle) frame.title = frameTitle;
    this.rates = cleanRates(yt.getAvailablePlaybackRates?.());
    this._rate = yt.getPlaybackRate?.() || 1;
    this.clock.setRate(this._rate);
    this.readDuration();
    this.poll = setInterval(() => this.update(), 250);
    this.emit("ready", { duration: this._duration, title: yt.getVideoData?.()?.title ?? "" });
  }

  /** The player's time and duration, every 250 ms. */
  update() {
    if (!this.yt?.getCurrentTime) return;
    this.clock.report(this.yt.getCurrentTime(), this.state === PLAYING);
    this.readDuration();
    if (this.state === PLAYING) this.emit("timeupdate");
  }

  /** YouTube may give the duration only once the video plays (0 before). */
  readDuration() {
    const d = this.yt?.getDuration?.();
    if (d > 0 && d !== this._duration) {
      this._duration = d;
      this.clock.end = d;
      this.emit("durationchange", { duration: d });
    }
  }

  onState(state) {
    this.state = state;
    const time = this.yt.getCurrentTime?.();
    if (state === PLAYING) {
      this.clock.report(time, true);
      this.emit("play");
    } else if (state === PAUSED || state === ENDED) {
      this.clock.report(time, false);
      this.clock.run(false);
      this.emit("pause");
      if (state === ENDED) this.emit("ended");
    } else if (state === BUFFERING) {
      this.clock.run(false); // the picture stands still
    }
    this.readDuration();
    this.emit("timeupdate");
  }

  onRate(rate) {
    this._rate = rate;
    this.clock.setRate(rate);
    this.emit("ratechange", { rate });
    this.rateDone?.(rate);
  }

  get currentTime() {
    return this.clock.time;
  }

  get duration() {
    return this._duration;
  }

  get paused() {
    return this.state !== PLAYING && this.state !== BUFFERING;
  }

  get playbackRate() {
    return this._rate;
  }

  play() {
    this.yt?.playVideo?.();
  }

  pause() {
    this.yt?.pauseVideo?.();
  }

  seek(seconds) {
    this.clock.seek(seconds);
    this.yt?.seekTo?.(seconds, true);
    this.emit("seeked");
  }

  /** Sets the nearest rate YouTube allows for this video (it rounds others itself). */
  setPlaybackRate(rate) {
    if (!this.yt?.setPlaybackRate) return Promise.resolve(this._rate);
    const want = nearestRate(this.rates, rate);
    if (want === this._rate) return Promise.resolve(want);
    return new Promise((resolve) => {
      const done = (r) => {
        clearTimeout(timer);
        this.rateDone = null;
        resolve(r);
      };
      const timer = setTimeout(() => done(this.yt?.getPlaybackRate?.() ?? this._rate), 1500);
      this.rateDone = done;
      this.yt.setPlaybackRate(want);
    });
  }

  destroy() {
    this.destroyed = true;
    clearInterval(this.poll);
    try {
      this.yt?.destroy?.();
    } catch {
      // the frame is gone already
    }
    this.yt = null;
  }
}
