// Generated from src/formats.rs by `cargo run --example formats_js`; do not edit
// (tests/formats.rs fails while they differ). The `accept=` lists of the pages'
// file inputs, by their `data-accept`: journeys, annotations or any.
export const ACCEPT = {
  journeys: ".csv,.tsv,.txt,.json,.jsonl,.ndjson",
  annotations: ".vtt,.webvtt,.eaf,.boris,.json,.srt,.csv,.tsv,.txt",
  any: ".csv,.tsv,.txt,.json,.jsonl,.ndjson,.vtt,.webvtt,.eaf,.boris,.srt",
};

for (const input of document.querySelectorAll("input[type=file][data-accept]")) {
  input.accept = ACCEPT[input.dataset.accept] ?? "";
}
