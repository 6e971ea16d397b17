//! Classification of arbitrary touch point and channel names with every
//! preset's rules.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (name, channel) = match text.split_once('\t') {
        Some((n, c)) => (n, Some(c)),
        None => (&*text, None),
    };
    for preset in ["generic", "hotel", "retail"] {
        let _ = touchpoints_fuzz::preset(preset).1.classify(name, channel);
    }
});
