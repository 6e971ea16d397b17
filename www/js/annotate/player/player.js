// One player interface for the annotator, whatever plays the video: the
// page's own <video> (local.js), YouTube's IFrame Player (youtube.js) or
// Vimeo's player.js (vimeo.js). The page only talks to this interface:
//
//   kind              "local" | "youtube" | "vimeo"
//   currentTime       seconds, read synchronously (providers: see clock.js)
//   duration          seconds, NaN until known
//   paused            true unless playing
//   playbackRate      the rate in use
//   rates             the rates the player allows, ascending (null: any of the page's)
//   play(), pause()   start and stop
//   seek(seconds)     go to a time (the page clamps to the video)
//   setPlaybackRate(rate) → Promise of the rate in use afterwards
//   destroy()         stop and remove the player
//
// Events (on(type, fn), fn gets the detail):
//   ready {duration, title}   the video can be played and marked
//   play, pause, ended, timeupdate, seeked
//   durationchange {duration} ratechange {rate}
//   ratelimited {rates}       the provider refused a rate: only `rates` are allowed
//   error {code}              a code of the provider (annotate/video.js words it)

/** Base class: an event target with `on` and `emit`. */
export class Player extends EventTarget {
  /** Calls `fn(detail)` on every `type` event; returns a function that stops it. */
  on(type, fn) {
    const listener = (e) => fn(e.detail ?? {});
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  destroy() {}
}

/** The allowed rate nearest to `rate` (`rates` ascending; null: `rate` itself). */
export function nearestRate(rates, rate) {
  if (!rates?.length) return rate;
  return rates.reduce((best, r) => (Math.abs(r - rate) < Math.abs(best - rate) ? r : best), rates[0]);
}

/** A provider's list of rates, cleaned: finite, positive, ascending, once each ([1] when empty). */
export function cleanRates(list) {
  const rates = [...new Set((Array.isArray(list) ? list : []).map(Number).filter((r) => Number.isFinite(r) && r > 0))].sort((a, b) => a - b);
  return rates.length ? rates : [1];
}

/**
 * The player of a provider video (`link`: the core's videoLink result) in
 * `container`. The provider's script is loaded now, not before: only after
 * the student agreed to stream the video. `options.frameTitle`: the
 * accessible name of the player's frame.
 */
export async function providerPlayer(link, container, options = {}) {
  if (link.provider === "youtube") {
    const { YouTubePlayer } = await import("./youtube.js");
    return new YouTubePlayer(link, container, options);
  }
  if (link.provider === "vimeo") {
    const { VimeoPlayer } = await import("./vimeo.js");
    return new VimeoPlayer(link, container, options);
  }
  throw new Error(`no player for ${link.provider}`);
}
