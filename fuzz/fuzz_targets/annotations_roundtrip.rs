//! Every annotation importer, chosen by file name: import, export to all
//! four formats, re-import. Each re-import keeps every mark, a second round
//! gives the same text (a fixed point), and the JSON export keeps the
//! observations exactly.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::annotations::{export, import, ExportFormat};

fn marks(a: &touchpoints::model::Annotations) -> usize {
    a.observations.iter().map(|o| o.marks.len()).sum()
}

fuzz_target!(|data: &[u8]| {
    let Some((selector, input)) = touchpoints_fuzz::split_first(data) else { return };
    let name = touchpoints_fuzz::name(selector);
    let Ok(a) = import(name, input) else { return };
    for mark in a.observations.iter().flat_map(|o| &o.marks) {
        assert!(mark.start.is_finite() && mark.start >= 0.0, "start {}", mark.start);
        assert!(mark.end.is_none_or(|e| e.is_finite() && e >= 0.0), "end {:?}", mark.end);
    }
    for &format in ExportFormat::ALL {
        let text = export(format, &a);
        let file = format!("export.{}", format.extension());
        let mut back = import(&file, text.as_bytes())
            .unwrap_or_else(|e| panic!("{format:?}: our export does not re-import: {e}\n{text}"));
        // Our JSON states the format the marks were first read from.
        back.format.clone_from(&a.format);
        assert_eq!(marks(&back), marks(&a), "{format:?}: marks lost\n{text}");
        // One more round is a fixed point (the first may name an unnamed
        // observer after the file, as every importer does).
        let text2 = export(format, &back);
        let mut back2 = import(&file, text2.as_bytes()).expect("our export re-imports");
        back2.format.clone_from(&a.format);
        assert_eq!(export(format, &back2), text2, "{format:?}: not a fixed point");
        if format == ExportFormat::Json {
            assert_eq!(back.observations, a.observations, "JSON round trip");
        }
    }
});
