// Where the widget finds its wasm cores, relative to this module. The counts,
// engagement and value charts need only the small `basic` core; the funnel,
// paths, journey map and attribution charts load the `journeys` core instead
// (the same API, with those analyses), and so does every widget of a page that shows one
// (one core per page, each file read once). Here, in www/, both are the pages' core;
// scripts/build-dist.sh writes this file for the widget folder with the two
// builds of `scripts/build-wasm.sh --widget` (pkg/ and pkg-journeys/).
export const CORES = { basic: "../pkg/", journeys: "../pkg/" };
