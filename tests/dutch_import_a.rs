//! The WebVTT, SRT and cue-text importers' problems in Dutch: with the `core.` templates of
//! `www/js/i18n/nl.js` set, a bad `.vtt`, a bad `.srt` and a bad cell through
//! `touchpoints::annotations::import` come out in Dutch (and in English again after).

use std::collections::BTreeMap;

use touchpoints::annotations::import;

/// A JavaScript string literal at the start of `s` (after whitespace): its value and the
/// rest (as `tests/text.rs` reads the tables).
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start();
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                other => panic!("unexpected escape \\{other} in a message"),
            },
            c => out.push(c),
        }
    }
    None
}

/// The `"key": "text"` entries of a message table whose key starts with `prefix`.
fn table(lang: &str, prefix: &str) -> BTreeMap<String, String> {
    let path = format!("{}/www/js/i18n/{lang}.js", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(path).expect("table");
    let mut out = BTreeMap::new();
    for line in source.lines() {
        let Some((key, rest)) = literal(line) else { continue };
        if !key.starts_with(prefix) {
            continue;
        }
        let rest = rest.trim_start().strip_prefix(':').expect("key: value");
        let (value, _) = literal(rest).expect("a one-line string value");
        out.insert(key, value);
    }
    out
}

/// Every problem of `name` as one text per line ("line: message"), or its error.
fn messages(name: &str, bytes: &[u8]) -> String {
    match import(name, bytes) {
        Ok(a) => a.problems.iter().map(|p| format!("{}: {}\n", p.line, p.message)).collect(),
        Err(e) => format!("error {e}\n"),
    }
}

const BAD_VTT: &[u8] = b"WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nbad end\n\n\
    00:00:02.000 --> 00:00:03.000\nPoster\n[kind: nonsense; event: blip]\n\n\
    just some text\n";
const BAD_SRT: &[u8] =
    b"1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:xx,000 --> 00:00:03,000\nbad\n\n\
    3\n00:00:04,000 --> 00:00:05,000\n";

#[test]
fn webvtt_and_srt_problems_in_dutch() {
    let english = (
        messages("x.vtt", BAD_VTT),
        messages("x.vtt", b"WEBVTX\n"),
        messages("x.srt", BAD_SRT),
        messages("x.srt", b"some text\n00:00:00,500 --> 00:00:07,000\n"),
        messages("x.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xe9\n"),
    );
    assert!(english.0.contains("cue ignored: end time: expected"), "{}", english.0);
    assert!(english.0.contains("unknown kind \"nonsense\""), "{}", english.0);

    touchpoints::text::set_templates(table("nl", "core."));
    let vtt = messages("x.vtt", BAD_VTT);
    let signature = messages("x.vtt", b"WEBVTX\n");
    let srt = messages("x.srt", BAD_SRT);
    let no_cue = messages("x.srt", b"some text\n00:00:00,500 --> 00:00:07,000\n");
    let cp1252 = messages("x.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xe9\n");
    let cell =
        messages("bad_row.csv", b"journey,time,end,touchpoint\nann,1.5,,Poster\nann,abc,,Poster\n");
    touchpoints::text::set_templates(Default::default());

    for fragment in [
        "3: cue genegeerd: eindtijd: verwacht twee cijfers voor de seconden bij kolom 25",
        "onbekende soort \"nonsense\"; dat laten we aan de regels over",
        "onbekende soort gebeurtenis \"blip\"",
        "blok genegeerd: verwacht een tijdregel van een cue",
    ] {
        assert!(vtt.contains(fragment), "{fragment:?} in {vtt}");
    }
    assert!(!vtt.contains("ignored") && !vtt.contains("unknown"), "{vtt}");
    assert!(
        signature.contains("regel 1, kolom 1: verwacht de kopregel \"WEBVTT\" aan het begin")
            && signature.contains("maar er staat \"WEBVTX\\n\""),
        "{signature}"
    );
    assert!(!signature.contains("expected"), "{signature}");
    assert!(srt.contains("6: blok overgeslagen: foute begintijd \"00:00:xx,000\""), "{srt}");
    assert!(srt.contains("10: cue 2 heeft geen tekst; bewaard met een lege naam"), "{srt}");
    assert!(!srt.contains("skipped") && !srt.contains("no text"), "{srt}");
    assert!(
        no_cue.contains("regel 1: blok overgeslagen: verwacht een cuenummer of een tijdregel"),
        "{no_cue}"
    );
    assert!(cp1252.contains("0: het bestand is geen geldige UTF-8"), "{cp1252}");
    assert!(
        cell.contains("verwacht een tijd in seconden, maar \"abc\" is geen aantal seconden; rij"),
        "{cell}"
    );

    // English again once the templates are cleared.
    assert_eq!(messages("x.vtt", BAD_VTT), english.0);
    assert_eq!(messages("x.vtt", b"WEBVTX\n"), english.1);
    assert_eq!(messages("x.srt", BAD_SRT), english.2);
    assert_eq!(messages("x.srt", b"some text\n00:00:00,500 --> 00:00:07,000\n"), english.3);
    assert_eq!(messages("x.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xe9\n"), english.4);
}
