//! Time parsing and formatting: a time that reads is in the stated range,
//! formats to a real date and clock, and its formatted offset never shows an
//! invalid unit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::model::TimeBase;
use touchpoints::time::{
    format_date_time, format_duration, format_offset, format_time, parse_time,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(t) = parse_time(&text) else { return };
    assert!(t.seconds.is_finite());
    let shown = format_time(t.base, t.seconds);
    match t.base {
        TimeBase::Calendar => {
            let s = format_date_time(t.seconds);
            let (date, clock) = s.split_once(' ').unwrap();
            let year: i64 = date[..date.len() - 6].parse().unwrap();
            assert!((1..=9999).contains(&year), "{text:?} → {s}");
            let hour: u32 = clock[..2].parse().unwrap();
            let minute: u32 = clock[3..5].parse().unwrap();
            assert!(hour < 24 && minute < 60, "{text:?} → {s}");
        }
        _ => {
            let o = format_offset(t.seconds);
            assert!(t.seconds >= 0.0, "{text:?}");
            let parts: Vec<&str> = o.split(':').collect();
            let secs: f64 = parts.last().unwrap().parse().unwrap();
            assert!(secs < 60.0, "{text:?} → {o}");
            if parts.len() == 3 {
                assert!(parts[1].parse::<u32>().unwrap() < 60, "{text:?} → {o}");
            }
        }
    }
    assert!(!shown.is_empty());
    let d = format_duration(t.seconds);
    assert!(!d.contains("60 s") && !d.contains("60 min"), "{text:?} → {d}");
});
