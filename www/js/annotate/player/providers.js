// The video providers whose official embedded players the annotator drives,
// and the exact hosts the annotator page's Content-Security-Policy allows for
// them. Plain data (no DOM), so scripts/serve.mjs builds the annotator's
// policy from the same lists (docs/video.md states the policy).

/** Per provider: its name, its player API script and the hosts its player needs. */
export const PROVIDERS = {
  youtube: {
    name: "YouTube",
    // The IFrame Player API; it loads its widget script from www.youtube.com/s/player/….
    api: "https://www.youtube.com/iframe_api",
    scriptHosts: ["https://www.youtube.com"],
    // The player's frame: the privacy-enhanced host (no cookies until the video plays).
    embedHost: "https://www.youtube-nocookie.com",
    frameHosts: ["https://www.youtube-nocookie.com"],
  },
  vimeo: {
    name: "Vimeo",
    // player.js; the frame is made by the page (no oEmbed request), with do-not-track.
    api: "https://player.vimeo.com/api/player.js",
    scriptHosts: ["https://player.vimeo.com"],
    embedHost: "https://player.vimeo.com",
    frameHosts: ["https://player.vimeo.com"],
  },
};

const unique = (lists) => [...new Set(lists.flat())];

/** Every host the annotator may load a player script from. */
export const PLAYER_SCRIPT_HOSTS = unique(Object.values(PROVIDERS).map((p) => p.scriptHosts));

/** Every host the annotator may frame a player from. */
export const PLAYER_FRAME_HOSTS = unique(Object.values(PROVIDERS).map((p) => p.frameHosts));
