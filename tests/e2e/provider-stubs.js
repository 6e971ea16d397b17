// The video providers' URLs the annotator loads for a YouTube or Vimeo link,
// each answered by a local stub (tests/e2e/stubs/), so the flow runs without
// the network. Use in a spec: test.use({ stubs: PROVIDER_STUBS }) — the
// fixture (./fixtures.js) answers exactly these and still fails on any other
// foreign request.
const PROVIDER_STUBS = {
  // YouTube's IFrame Player API (the real one loads its widget script next; the stub needs none).
  youtubeApi: { url: 'https://www.youtube.com/iframe_api', file: 'stubs/youtube-iframe-api.js', type: 'text/javascript' },
  // The player's frame on the privacy-enhanced host.
  youtubeFrame: { url: /^https:\/\/www\.youtube-nocookie\.com\/embed\/[\w-]{11}\?/, file: 'stubs/youtube-embed.html', type: 'text/html' },
  // Vimeo's player.js and the player's frame.
  vimeoApi: { url: 'https://player.vimeo.com/api/player.js', file: 'stubs/vimeo-player.js', type: 'text/javascript' },
  vimeoFrame: { url: /^https:\/\/player\.vimeo\.com\/video\/\d+\?/, file: 'stubs/vimeo-embed.html', type: 'text/html' },
};

module.exports = { PROVIDER_STUBS };
