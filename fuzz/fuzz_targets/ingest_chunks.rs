//! Journey ingest: the whole input and the same bytes cut into random
//! chunks give the same dataset (or the same error).
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::ingest::{read, Ingest, IngestOptions};

fuzz_target!(|data: &[u8]| {
    let Some((seed, input)) = touchpoints_fuzz::split_first(data) else { return };
    let options = IngestOptions::default();
    let whole = read(input, &options).map_err(|e| e.to_string());
    let mut ingest = Ingest::new(options);
    let mut chunked = Ok(());
    for piece in touchpoints_fuzz::pieces(input, u64::from(seed)) {
        chunked = ingest.push(piece);
        if chunked.is_err() {
            break;
        }
    }
    let chunked = chunked.and_then(|()| ingest.finish()).map_err(|e| e.to_string());
    assert_eq!(whole, chunked, "whole and chunked ingest differ");
});
