// Test stub of the YouTube IFrame Player API (served in place of
// https://www.youtube.com/iframe_api by tests/e2e/provider-stubs.js): the
// small part the annotator uses, with a clock instead of a video.
//
//   new YT.Player(element, {host, videoId, playerVars: {start}, events: {onReady,
//     onStateChange, onPlaybackRateChange, onError}})
//   playVideo, pauseVideo, seekTo, getCurrentTime, getDuration, getPlayerState,
//   getPlaybackRate, setPlaybackRate, getAvailablePlaybackRates, getVideoData,
//   getIframe, destroy
//
// As the real player: the element is replaced by an <iframe> on `host`/embed/ID
// (the stub page youtube-embed.html), onReady comes when it has loaded, time
// runs at the playback rate while playing, a rate outside the list is rounded
// to an allowed one, the video ends at its duration (state 0).
// Tests set window.__ytStub = {videos: {ID: {duration, title, error, rates}}}
// before the script loads (page.addInitScript) and read window.__ytStub.calls.
(function () {
  const config = (window.__ytStub = Object.assign({ videos: {}, calls: [], players: [] }, window.__ytStub || {}));
  config.calls = config.calls || [];
  config.players = config.players || [];
  const RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];
  const State = { UNSTARTED: -1, ENDED: 0, PLAYING: 1, PAUSED: 2, BUFFERING: 3, CUED: 5 };

  function Player(target, options) {
    const el = typeof target === "string" ? document.getElementById(target) : target;
    const video = Object.assign({ duration: 212, title: `Stub video ${options.videoId}` }, config.videos[options.videoId] || {});
    const host = options.host || "https://www.youtube.com";
    const vars = options.playerVars || {};
    const frame = document.createElement("iframe");
    frame.src = `${host}/embed/${options.videoId}?enablejsapi=1&origin=${encodeURIComponent(vars.origin || location.origin)}`;
    frame.width = options.width || 640;
    frame.height = options.height || 360;
    frame.allow = "autoplay; encrypted-media";
    el.replaceWith(frame);
    const events = options.events || {};
    const fire = (name, data) => setTimeout(() => events[name] && events[name]({ target: player, data }), 0);
    let base = Number(vars.start) || 0;
    let since = performance.now();
    let state = State.UNSTARTED;
    let rate = 1;
    const rates = video.rates || RATES;
    const time = () => {
      if (state !== State.PLAYING) return base;
      return Math.min(video.duration, base + ((performance.now() - since) / 1000) * rate);
    };
    const setState = (s) => {
      base = time();
      since = performance.now();
      if (state === s) return;
      state = s;
      fire("onStateChange", s);
    };
    // Like the real player, the reported time is the last one delivered (every 100 ms).
    let reported = base;
    const deliver = setInterval(() => {
      reported = time();
      if (state === State.PLAYING && reported >= video.duration) setState(State.ENDED);
      post();
    }, 100);
    const post = () => frame.contentWindow && frame.contentWindow.postMessage({ stub: "youtube", time: time(), state, rate }, "*");
    const call = (name, ...args) => config.calls.push([name, ...args]);
    const player = {
      playVideo() {
        call("playVideo");
        if (video.error) return;
        if (state === State.ENDED) base = 0;
        setState(State.PLAYING);
      },
      pauseVideo() {
        call("pauseVideo");
        setState(State.PAUSED);
      },
      seekTo(seconds, allowSeekAhead) {
        call("seekTo", seconds, allowSeekAhead);
        base = Math.max(0, Math.min(video.duration, seconds));
        since = performance.now();
        reported = base;
        post();
      },
      getCurrentTime: () => reported,
      getDuration: () => video.duration,
      getPlayerState: () => state,
      getPlaybackRate: () => rate,
      getAvailablePlaybackRates: () => rates.slice(),
      setPlaybackRate(r) {
        call("setPlaybackRate", r);
        const allowed = rates.reduce((best, x) => (Math.abs(x - r) < Math.abs(best - r) ? x : best), rates[0]);
        base = time();
        since = performance.now();
        if (allowed !== rate) {
          rate = allowed;
          fire("onPlaybackRateChange", rate);
        }
      },
      getVideoData: () => ({ video_id: options.videoId, title: video.title }),
      getIframe: () => frame,
      destroy() {
        call("destroy");
        clearInterval(deliver);
        frame.remove();
      },
    };
    config.players.push({ videoId: options.videoId, host, playerVars: vars, src: frame.src });
    frame.addEventListener("load", () => {
      post();
      if (video.error) fire("onError", video.error);
      else fire("onReady");
    });
    return player;
  }

  window.YT = { Player, PlayerState: State, loaded: 1 };
  setTimeout(() => typeof window.onYouTubeIframeAPIReady === "function" && window.onYouTubeIframeAPIReady(), 0);
})();
