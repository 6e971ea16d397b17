// The time of a provider's player, read synchronously. The players report
// their time late and coarsely (YouTube by message every few hundred
// milliseconds, Vimeo on `timeupdate`, about 4 times a second); between
// reports the clock runs on at the playback rate, so a mark lands at the
// frame the student saw. After a seek the clock holds the requested time
// until the player reports from there.

const now = () => performance.now();

export class MediaClock {
  constructor() {
    this.base = 0; // seconds at `at`
    this.at = now();
    this.rate = 1;
    this.running = false;
    this.end = Infinity;
    this.seekTarget = null;
    this.seekAt = 0;
  }

  /** The current time in seconds. */
  get time() {
    if (!this.running) return this.base;
    return Math.max(0, Math.min(this.end, this.base + ((now() - this.at) / 1000) * this.rate));
  }

  /** Restarts the clock from `time`, running or not. */
  set(time, running = this.running) {
    this.base = Number.isFinite(time) ? time : this.base;
    this.at = now();
    this.running = running;
  }

  /** A time the player reported (ignored while a seek is on its way, up to 2 s). */
  report(time, running = this.running) {
    if (!Number.isFinite(time)) return;
    if (this.seekTarget !== null) {
      if (Math.abs(time - this.seekTarget) > 1 && now() - this.seekAt < 2000) {
        if (running !== this.running) this.run(running);
        return;
      }
      this.seekTarget = null;
    }
    this.set(time, running);
  }

  /** A seek the page asked for: the clock is there at once. */
  seek(time) {
    this.set(time);
    this.seekTarget = time;
    this.seekAt = now();
  }

  /** Starts or stops the clock where it is. */
  run(running) {
    this.set(this.time, running);
  }

  setRate(rate) {
    this.set(this.time);
    this.rate = rate;
  }
}
