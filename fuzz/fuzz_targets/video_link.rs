//! YouTube and Vimeo links (the annotator's and the exercise link's video):
//! a link that reads has a finite start ≥ 0, and its one written form reads
//! back as the same video.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::annotations::video_link::{parse, parse_start};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Some(s) = parse_start(&text) {
        assert!(s.is_finite() && s >= 0.0, "{text:?} → {s}");
    }
    let Ok(Some(link)) = parse(&text) else { return };
    assert!(link.start.is_none_or(|s| s.is_finite() && s > 0.0), "{link:?}");
    let again = parse(&link.url).expect("our link form reads").expect("is a video");
    assert_eq!((&again.provider, &again.id, &again.hash), (&link.provider, &link.id, &link.hash));
    assert_eq!(again.url, link.url);
});
