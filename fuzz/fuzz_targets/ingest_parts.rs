//! Journey ingest in parts (the page's workers, the command line's threads):
//! the same bytes split into 1–4 parts at record boundaries and merged give the
//! same dataset as one reader, or one of the stated refusals ("read the file in
//! one part", a JSON file, a part's header line of blanks only); never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::ingest::{read, read_in_parts, split::split, IngestOptions};

fuzz_target!(|data: &[u8]| {
    let Some((seed, input)) = touchpoints_fuzz::split_first(data) else { return };
    let options = IngestOptions::default();
    let whole = read(input, &options).map_err(|e| e.to_string());
    let n = 1 + usize::from(seed % 4);
    let parts = read_in_parts(input, &split(input, n), &options).map_err(|e| e.to_string());
    match (&whole, &parts) {
        (Ok(_), Ok(_)) => assert_eq!(whole, parts, "one reader and {n} parts differ"),
        (Ok(_), Err(e)) => assert!(
            // A header line of blanks only (the whole reader may then find JSON further on).
            e.contains("in one part") || e.contains("JSON") || e.contains("header line of a part is empty"),
            "{n} parts refused what one reader read: {e}"
        ),
        _ => {}
    }
});
