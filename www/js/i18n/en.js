// English messages. One table per language; keys are grouped by page
// (prefix "common.", "chart.", "index.", "annotate.", "classroom.", "value.", "embed.").
export default {
  // common
  "common.brand": "Touchpoints",
  "common.nav.analyse": "Analyse journeys",
  "common.nav.annotate": "Annotate a video",
  "common.nav.classroom": "Classroom",
  "common.nav.value": "Perceived value",
  "common.nav.embed": "Embed",
  "common.privacy": "Your data never leaves this browser",
  "common.skip": "Skip to content",
  "common.footer": "Touchpoints runs entirely in your browser: no server, no tracking, no uploads.",
  // charts
  "chart.svg": "SVG",
  "chart.png": "PNG",
};
