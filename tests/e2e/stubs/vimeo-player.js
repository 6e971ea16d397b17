// Test stub of Vimeo's player.js (served in place of
// https://player.vimeo.com/api/player.js by tests/e2e/provider-stubs.js):
// the small part the annotator uses, with a clock instead of a video.
//
//   new Vimeo.Player(iframe)   (an existing player.vimeo.com/video/ID frame)
//   ready, play, pause, setCurrentTime, getCurrentTime, getDuration, getPaused,
//   getVideoTitle, getVideoId, getPlaybackRate, setPlaybackRate, destroy: promises
//   on/off: play, pause, ended, timeupdate {seconds, duration, percent},
//           seeked, playbackratechange {playbackRate}, error
//
// As the real player: methods return promises; a start time comes from the
// frame's #t=; a seek before the first play starts playback; setPlaybackRate
// rejects with a RangeError outside 0–2 and, when the owner does not allow
// speed changes (`speed: false`), leaves the rate at 1.
// Tests set window.__vimeoStub = {videos: {ID: {duration, title, speed}}}
// before the script loads (page.addInitScript) and read window.__vimeoStub.calls.
(function () {
  const config = (window.__vimeoStub = Object.assign({ videos: {}, calls: [], players: [] }, window.__vimeoStub || {}));
  config.calls = config.calls || [];
  config.players = config.players || [];

  function parseStart(hash) {
    const m = /t=(?:(\d+)m)?(\d+)s?/.exec(hash || "");
    return m ? Number(m[1] || 0) * 60 + Number(m[2]) : 0;
  }

  function Player(frame) {
    if (!(frame instanceof HTMLIFrameElement)) throw new TypeError("stub: pass the player's iframe");
    const url = new URL(frame.src);
    const id = Number(url.pathname.split("/").pop());
    const video = Object.assign({ duration: 95.5, title: `Stub Vimeo video ${id}`, speed: true }, config.videos[id] || {});
    config.players.push({ id, src: frame.src });
    const listeners = {};
    const emit = (name, data) => setTimeout(() => (listeners[name] || []).forEach((fn) => fn(data)), 0);
    let base = parseStart(url.hash);
    let since = performance.now();
    let playing = false;
    let started = false;
    let rate = 1;
    const time = () => (playing ? Math.min(video.duration, base + ((performance.now() - since) / 1000) * rate) : base);
    const data = () => ({ seconds: time(), duration: video.duration, percent: time() / video.duration });
    const call = (name, ...args) => config.calls.push([name, ...args]);
    const post = () => frame.contentWindow && frame.contentWindow.postMessage({ stub: "vimeo", time: time(), playing }, "*");
    const ticker = setInterval(() => {
      if (playing && time() >= video.duration) {
        base = video.duration;
        playing = false;
        emit("pause", data());
        emit("ended", data());
      }
      if (playing) emit("timeupdate", data());
      post();
    }, 250);
    // Ready once the frame's page says so (it may have loaded before this script).
    const loaded = new Promise((resolve) => {
      const onMessage = (e) => {
        if (e.source !== frame.contentWindow || !e.data || !e.data.stubReady) return;
        removeEventListener("message", onMessage);
        resolve();
      };
      addEventListener("message", onMessage);
      if (frame.contentWindow) frame.contentWindow.postMessage({ ping: true }, "*");
    });
    const play = () => {
      base = time();
      since = performance.now();
      if (!playing) {
        playing = true;
        started = true;
        emit("play", data());
        emit("playing", data());
      }
    };
    this.ready = () => loaded;
    this.on = (name, fn) => (listeners[name] = listeners[name] || []).push(fn);
    this.off = (name, fn) => (listeners[name] = (listeners[name] || []).filter((f) => fn && f !== fn));
    this.play = () => {
      call("play");
      play();
      return Promise.resolve();
    };
    this.pause = () => {
      call("pause");
      base = time();
      since = performance.now();
      if (playing) {
        playing = false;
        emit("pause", data());
      }
      return Promise.resolve();
    };
    this.setCurrentTime = (seconds) => {
      call("setCurrentTime", seconds);
      if (seconds < 0 || seconds > video.duration) return Promise.reject(Object.assign(new Error("out of range"), { name: "RangeError" }));
      base = seconds;
      since = performance.now();
      emit("seeked", data());
      emit("timeupdate", data());
      if (!started) play(); // as Vimeo: a seek before the first play starts playback
      return Promise.resolve(seconds);
    };
    this.getCurrentTime = () => Promise.resolve(time());
    this.getDuration = () => Promise.resolve(video.duration);
    this.getPaused = () => Promise.resolve(!playing);
    this.getVideoTitle = () => Promise.resolve(video.title);
    this.getVideoId = () => Promise.resolve(id);
    this.getPlaybackRate = () => Promise.resolve(rate);
    this.setPlaybackRate = (r) => {
      call("setPlaybackRate", r);
      if (!(r >= 0 && r <= 2)) return Promise.reject(Object.assign(new Error("the playback rate must be between 0 and 2"), { name: "RangeError" }));
      if (!video.speed) return Promise.resolve(rate); // the owner does not allow speed changes: nothing changes
      base = time();
      since = performance.now();
      rate = r;
      emit("playbackratechange", { playbackRate: r });
      return Promise.resolve(r);
    };
    this.destroy = () => {
      call("destroy");
      clearInterval(ticker);
      frame.remove();
      return Promise.resolve();
    };
  }

  window.Vimeo = { Player };
})();
