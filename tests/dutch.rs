//! The core's texts in Dutch: with the `core.` templates of `www/js/i18n/nl.js` set
//! (as a Dutch page sets them), the problems, warnings, notes and feedback a user
//! reads come out in Dutch, numbers with a decimal comma; without them, the English
//! of the command line.

#[path = "common/tables.rs"]
mod tables;

use touchpoints::analysis::Analysis;
use touchpoints::annotations::import;
use touchpoints::attribution::{attribute, AttributionInput, AttributionSettings};
use touchpoints::classroom::{feedback_text, grade_files, GradingSettings};
use touchpoints::clv::{analyse, ClvSettings, Purchases};
use touchpoints::engagement::{engagement, EngagementSettings};
use touchpoints::ingest::IngestOptions;
use touchpoints::journeys::{funnel, journey_map, FunnelSpec, MapSettings, Source};
use touchpoints::open::analyse_file;
use touchpoints::open::FileReader;
use touchpoints::taxonomy;
use touchpoints::taxonomy::classify;
use touchpoints::taxonomy::RuleSet;
use touchpoints::value::draft::SheetDraft;
use touchpoints::value::{perceived_value, read_value_sheet};

/// Makes a text in English and in Dutch: the English holds `english`; the Dutch
/// holds `dutch` and not `english`.
fn check(what: &str, make: impl Fn() -> String, english: &str, dutch: &str) {
    tables::english();
    let en = make();
    tables::dutch();
    let nl = make();
    tables::english();
    assert!(en.contains(english), "{what}: the English {en:?} lacks {english:?}");
    assert!(nl.contains(dutch), "{what}: the Dutch {nl:?} lacks {dutch:?}");
    assert!(!nl.contains(english), "{what}: the Dutch {nl:?} holds the English {english:?}");
}

/// The error of opening `bytes` as the file `name`.
fn open_error(name: &str, bytes: &[u8]) -> String {
    let mut r = FileReader::new(name, IngestOptions::default());
    match r.push(bytes).and_then(|_| r.finish()) {
        Ok(_) => panic!("{name} opened"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_journey_file_that_cannot_be_read_is_refused_in_dutch() {
    let cases: [(&str, &[u8], &str, &str); 6] = [
        (
            "plaatje.csv",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            "it looks like a PNG image",
            "het lijkt op een PNG-afbeelding",
        ),
        (
            "leeg.csv",
            b"journey,time,touchpoint\n",
            "no rows after the header",
            "geen regels na de kopregel",
        ),
        (
            "kapot.csv",
            b"journey,time,touchpoint\nA,gisteren,Logo\nB,,Winkel\n",
            "none of the 2 rows could be read",
            "geen van de 2 regels kon worden gelezen",
        ),
        (
            "kolommen.csv",
            b"a,b\n1,2\n",
            "CSV (comma-separated); found",
            "CSV (gescheiden door komma's); gevonden",
        ),
        (
            "utf16.csv",
            b"\xFF\xFEj\0o\0u\0r\0n\0e\0y\0",
            "the file is UTF-16",
            "het bestand is UTF-16",
        ),
        ("events.json", b"[1]", "expected an event object", "hier werd een gebeurtenisobject"),
    ];
    for (name, bytes, english, dutch) in cases {
        check(name, || open_error(name, bytes), english, dutch);
    }
}

#[test]
fn a_student_file_left_out_and_the_feedback_numbers_are_dutch() {
    let key = "WEBVTT\n\n00:00:08.000 --> 00:00:09.000\nLogo\n[event: point]\n\n00:00:20.500 --> 00:00:21.500\nWinkel\n[event: point]\n";
    let anna =
        "WEBVTT\n\nNOTE\nobserver: Anna\n\n00:00:08.400 --> 00:00:09.400\nLogo\n[event: point]\n";
    let students = vec![
        ("anna.vtt".to_string(), anna.as_bytes().to_vec()),
        ("kapot.vtt".to_string(), b"geen annotaties".to_vec()),
    ];
    let graded = || {
        grade_files("key.vtt", key.as_bytes(), &students, &GradingSettings::default())
            .expect("grades")
    };
    let problems =
        || graded().files.iter().flat_map(|f| f.problems.clone()).collect::<Vec<_>>().join("\n");
    check(
        "a broken student file",
        problems,
        "this student is left out",
        "deze student telt niet mee",
    );
    let feedback = || feedback_text(&graded().report, 0);
    check("the feedback", feedback, "Missed touch points", "Gemiste contactmomenten");
    check("the feedback's decimals", feedback, "F1 0.667", "F1 0,667");
}

#[test]
fn the_engagement_method_and_a_customer_formula_are_dutch() {
    let csv = b"journey,time,touchpoint\nA,2026-03-01,Review\nA,2026-03-02,Store visit\n";
    let mut r = FileReader::new("e.csv", IngestOptions::default());
    r.push(csv).expect("reads");
    let ds = r.finish().expect("reads");
    let report = || engagement(&ds, &classify(&ds, &[]), &EngagementSettings::default());
    check("the method", || report().method, "Each touch point earns", "Elk contactmoment levert");
    check("a formula", || report().customers[0].formula(), "= base ", "= basis ");
}

// The WebVTT, SRT and cue-text importers: a bad `.vtt`, a bad `.srt` and a bad cell
// come out in Dutch, and in English again after.

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

    tables::dutch();
    let vtt = messages("x.vtt", BAD_VTT);
    let signature = messages("x.vtt", b"WEBVTX\n");
    let srt = messages("x.srt", BAD_SRT);
    let no_cue = messages("x.srt", b"some text\n00:00:00,500 --> 00:00:07,000\n");
    let cp1252 = messages("x.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xe9\n");
    let cell =
        messages("bad_row.csv", b"journey,time,end,touchpoint\nann,1.5,,Poster\nann,abc,,Poster\n");
    tables::english();

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

// The ELAN, BORIS, VIA, Label Studio and our own JSON/CSV importers: Dutch messages
// (numbers with a decimal comma) with the Dutch templates, the English of today without.

fn error(name: &str, text: &str) -> String {
    import(name, text.as_bytes()).expect_err("an unusable file").message
}

fn problems(name: &str, text: &str) -> Vec<String> {
    import(name, text.as_bytes())
        .expect("a usable file")
        .problems
        .into_iter()
        .map(|p| p.message)
        .collect()
}

fn has(messages: &[String], fragment: &str) -> bool {
    messages.iter().any(|m| m.contains(fragment))
}

const NO_ROOT: &str = "<?xml version=\"1.0\"?>\n<FOO/>\n";
const DANGLING: &str = "<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT>\n<TIER TIER_ID=\"A\">\n\
<ANNOTATION><REF_ANNOTATION ANNOTATION_ID=\"a1\" ANNOTATION_REF=\"nope\">\
<ANNOTATION_VALUE>x</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>\n</TIER>\n</ANNOTATION_DOCUMENT>\n";
const BORIS: &str = "Observation id,Subject,Behavior,Status,Time\n\
o1,No focal subject,walk,STOP,1.5\n\
o1,No focal subject,look,MAYBE,2\n";
const OUR_JSON: &str =
    "{\"format\": \"json\", \"observations\": [{\"observer\": \"Anna\", \"marks\": [\
{\"start\": -1, \"touchpoint\": \"Shop\"}]}], \"problems\": []}";
const CSV: &str = "journey,time,touchpoint,kind\nAnna,1.5,Shop,sometimes\n";

#[test]
fn importer_problems_come_out_dutch_with_the_dutch_templates() {
    tables::dutch();

    let e = error("walk.eaf", NO_ROOT);
    assert!(e.contains("verwacht een ELAN-document"), "{e}");
    assert!(!e.contains("expected an ELAN document"), "{e}");

    let p = problems("walk.eaf", DANGLING);
    assert!(has(&p, "annotatie a1 op laag (tier) \"A\" heeft geen tijd"), "{p:?}");

    let p = problems("walk.csv", BORIS);
    assert!(has(&p, "toestand \"walk\" stopt op 1,5 s zonder START"), "{p:?}");
    assert!(has(&p, "verwacht POINT, START, STOP of STATE, niet \"MAYBE\""), "{p:?}");
    assert!(!has(&p, "without a START"), "{p:?}");

    let e = error("walk.json", "{\"something\": 1}");
    assert!(e.starts_with("onbekende JSON"), "{e}");
    let e = error("walk.json", "{");
    assert!(e.starts_with("geen geldige JSON"), "{e}");

    let p = problems("walk.json", OUR_JSON);
    assert!(has(&p, "waarneming \"Anna\", markering 1: een tijd is negatief"), "{p:?}");

    let p = problems("walk.csv", CSV);
    assert!(has(&p, "onbekende klassewaarde \"sometimes\""), "{p:?}");

    let e = error("walk.csv", "a,b\n1,2\n");
    assert!(e.starts_with("onbekende tabel: verwacht de kolommen journey,time"), "{e}");

    tables::english();
}

#[test]
fn importer_problems_stay_english_natively() {
    let e = error("walk.eaf", NO_ROOT);
    assert_eq!(e, "expected an ELAN document (root element ANNOTATION_DOCUMENT), found <FOO>");
    let p = problems("walk.csv", BORIS);
    assert!(
        has(&p, "observation \"o1\": state event \"walk\" stops at 1.5 s without a START; skipped"),
        "{p:?}"
    );
    let e = error("walk.json", "{\"something\": 1}");
    assert!(e.starts_with("unrecognised JSON: expected Touchpoints annotations"), "{e}");
}

#[test]
fn the_expected_annotation_file_is_the_sniffers_text() {
    // A UTF-16 byte order mark and nothing else: the message ends with the
    // same "expected …" as the binary-file check's.
    let e = import("walk.vtt", &[0xFF, 0xFE]).expect_err("no text");
    assert_eq!(
        e.message,
        format!(
            "the file holds no text, only a UTF-16 byte order mark; expected {}",
            touchpoints::sniff::EXPECTED_ANNOTATIONS
        )
    );
}

// The value sheet and the rules: a bad value sheet, a bad rule set and a rule in words
// come out Dutch, and back in English once the templates are cleared.

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/value/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn value_messages() -> Vec<String> {
    let sheet = read_value_sheet("bad-weight-nl.csv", &fixture("bad-weight-nl.csv"))
        .expect_err("a negative weight")
        .to_string();
    let rules = RuleSet::from_json(&String::from_utf8(fixture("bad-rules-nl.json")).unwrap())
        .expect_err("a rule without a class")
        .to_string();
    let draft: SheetDraft = serde_json::from_str(
        r#"{"offers": ["Ons hotel", "Ons hotel"],
            "criteria": [{"name": "Kamer", "side": "voordeel", "weight": "2", "ratings": ["4", "x"]}]}"#,
    )
    .unwrap();
    let mut out = vec![sheet, rules];
    out.extend(draft.check().expect_err("three bad cells").into_iter().map(|p| p.message));
    let good = read_value_sheet(
        "one-offer.csv",
        b"criterion,side,category,weight,Ours\nRoom,benefit,monetary,2,4\nRate,cost,monetary,1,\n",
    )
    .unwrap();
    let report = perceived_value(&good);
    out.extend(report.problems.iter().map(|p| p.message.clone()));
    out.extend(report.notes);
    out.extend(report.offers.iter().filter_map(|o| o.ratio_note.clone()));
    let set = RuleSet::from_json(
        r#"{"name": "t", "rules": [{"if": {"touchpoint": ["review", "blog"], "channel": ["web"]},
            "then": {"kind": "mass-communication", "stage": "pre-purchase"}}]}"#,
    )
    .unwrap();
    out.push(set.rules[0].describe());
    out
}

#[test]
fn value_sheet_and_rules_messages_come_out_dutch() {
    let english = value_messages();
    let want_english = [
        "line 3, column 4: weight -1.5 must be ≥ 0",
        "rule 1: \"then\" sets no class (kind, owner, stage, media, direction)",
        "offer \"Ons hotel\" appears twice",
        "side \"voordeel\" must be benefit or cost",
        "\"x\" is not a number",
        "criterion \"Room\": category \"monetary\" is a cost category, but the criterion is a benefit; counted as a benefit",
        "criterion \"Rate\": \"Ours\" has no rating; it adds nothing to that offer's totals",
        "only one offer: no competitor to compare with (add competitors' columns)",
        "total cost is 0: the ratio benefit / cost is undefined",
        "If the touch point is like “review” or “blog” and the channel is like “web” then kind = mass communication, stage = pre-purchase",
    ];
    for want in want_english {
        assert!(english.iter().any(|m| m == want), "{want:?} not in {english:#?}");
    }

    tables::dutch();
    let dutch = value_messages();
    tables::english();
    let want_dutch = [
        "regel 3, kolom 4: gewicht -1,5 moet ≥ 0 zijn",
        "classificatieregel 1: \"then\" geeft geen klasse (kind, owner, stage, media, direction)",
        "aanbod „Ons hotel” komt twee keer voor",
        "kant „voordeel” moet benefit (voordeel) of cost (kosten) zijn",
        "„x” is geen getal",
        "criterium „Room”: categorie „monetary” is een kostencategorie, maar het criterium is een voordeel; geteld als voordeel",
        "criterium „Rate”: „Ours” heeft geen beoordeling; die telt niet mee in de totalen van dat aanbod",
        "maar één aanbod: geen concurrent om mee te vergelijken (voeg kolommen van concurrenten toe)",
        "de totale kosten zijn 0: de verhouding voordeel / kosten is niet gedefinieerd",
        "Als het contactmoment lijkt op „review” of „blog” en het kanaal lijkt op „web” dan soort = massacommunicatie, fase = vóór de aankoop",
    ];
    for want in want_dutch {
        assert!(dutch.iter().any(|m| m == want), "{want:?} not in {dutch:#?}");
    }
    for english in want_english {
        assert!(!dutch.iter().any(|m| m == english), "{english:?} stayed English");
    }
    assert!(!dutch.iter().any(|m| m.contains("must be") || m.contains("appears twice")));

    // Back to English once the templates are cleared.
    assert_eq!(value_messages(), english);
}

// The journeys: a bad funnel spec, the funnel's notes, the time bins and the journey
// map's statement in Dutch, English again after.

fn analysis() -> Analysis {
    let csv = "journey,time,touchpoint,rating,expectation\n\
               J1,2026-01-01T00:00:00Z,Instagram ad,4,3\n\
               J1,2026-01-01T00:05:00Z,Website visit,2,4\n\
               J1,2026-01-01T02:00:00Z,Online order,5,4\n\
               J2,2026-01-01T00:00:00Z,Instagram ad,3,3\n";
    Analysis::from_bytes(
        csv.as_bytes(),
        &IngestOptions::default(),
        taxonomy::preset("retail").unwrap(),
    )
    .expect("the test data reads")
}

#[test]
fn a_bad_funnel_and_the_notes_speak_dutch() {
    let a = analysis();
    let source = Source::new(&a.dataset, &a.classification);
    tables::dutch();

    // A step list with an exclusion first.
    let e = FunnelSpec::from_step_list("!Return, Website visit").unwrap_err().to_string();
    assert!(e.contains("stap bij teken 1") && e.contains("heeft een stap ervoor nodig"), "{e}");
    assert!(!e.contains("needs a step before it"), "{e}");

    // A JSON spec with a misspelt field: our message and serde's position in Dutch.
    let e = FunnelSpec::from_json(r#"{"steps": ["A", {"touchpoint": "B", "optinal": true}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("regel 1, kolom"), "{e}");
    assert!(e.contains("trechter: stap: onbekend veld \"optinal\""), "{e}");
    assert!(e.contains("op regel 1, kolom"), "{e}");
    assert!(!e.contains("unknown field") && !e.contains("at line"), "{e}");

    // A funnel that cannot be run: the last step optional.
    let spec = FunnelSpec::from_step_list("Instagram ad, Website visit?").unwrap();
    let e = funnel(source, &spec).unwrap_err().to_string();
    assert!(e.contains("stap 2 (de laatste) kan niet optioneel zijn"), "{e}");
    assert!(!e.contains("cannot be optional"), "{e}");

    // A funnel that runs: its notes and time bins in Dutch.
    let mut spec = FunnelSpec::from_step_list("Instagram ad, Webste visit").unwrap();
    spec.window = Some(7.0 * 86400.0);
    let r = funnel(source, &spec).unwrap();
    let notes = r.notes.join("\n");
    assert!(notes.contains("Opeenvolgend: elke stap na de vorige"), "{notes}");
    assert!(notes.contains("Venster: de laatste stap hoogstens 7 dagen na de eerste."), "{notes}");
    assert!(notes.contains("(bedoel je \"Website visit\"?)"), "{notes}");
    assert!(!notes.contains("Sequential") && !notes.contains("did you mean"), "{notes}");
    let bins: Vec<&str> = r.time_bins.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(bins[0], "minder dan 1 min");
    assert_eq!(bins[3], "1–6 uur");
    assert_eq!(bins.last(), Some(&"30 dagen of meer"));

    // The journey map's experience statement and its scale.
    let map =
        journey_map(source, &MapSettings::default(), &Default::default(), &Default::default())
            .unwrap();
    let s = &map.experience_statement;
    assert!(s.starts_with("Tevredenheid = (waargenomen prestatie − verwachting)"), "{s}");
    assert!(s.contains("de schaal "), "{s}");
    assert!(!s.contains("Satisfaction ="), "{s}");
    assert_eq!(map.segment, "alle klantreizen");

    tables::english();
    let e = FunnelSpec::from_step_list("!Return, Website visit").unwrap_err().to_string();
    assert!(e.contains("needs a step before it"), "{e}");
    let spec = FunnelSpec::from_step_list("Instagram ad, Website visit").unwrap();
    assert_eq!(funnel(source, &spec).unwrap().time_bins[0].0, "under 1 min");
}

// The report's definitions, the CLV fit notes and the attribution notes and problems in
// Dutch (decimal commas), English again after.

fn purchases(rows: &[(&str, i64, f64)]) -> Purchases {
    let mut p = Purchases::new();
    for (c, day, amount) in rows {
        p.add(c, *day, *amount);
    }
    p.finish()
}

/// Customers whose mean spend grows with how often they buy: Gamma-Gamma warns.
fn correlated() -> Purchases {
    let rows: Vec<(String, i64, f64)> = (0..40)
        .flat_map(|i| {
            let repeats = i % 5;
            let mut rows = vec![(format!("c{i}"), (i % 9) as i64, 10.0)];
            rows.extend(
                (1..=repeats)
                    .map(|k| (format!("c{i}"), (i % 9 + k * 11) as i64, 5.0 + 10.0 * k as f64)),
            );
            rows
        })
        .collect();
    let rows: Vec<(&str, i64, f64)> = rows.iter().map(|(c, d, a)| (c.as_str(), *d, *a)).collect();
    purchases(&rows)
}

struct English;

impl Drop for English {
    fn drop(&mut self) {
        tables::english();
    }
}

#[test]
fn definitions_fit_notes_and_attribution_problems_in_dutch() {
    let path = format!("{}/www/samples/hotel-journeys.csv", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("sample");
    let open = || {
        let rules = taxonomy::preset("hotel").expect("preset");
        analyse_file(&path, &bytes, &IngestOptions::default(), rules).expect("sample")
    };
    let no_repeats = purchases(&[("a", 0, 10.0), ("b", 3, 20.0), ("c", 5, 15.0)]);
    let english_report = open().report;
    let english_fit = analyse(&no_repeats, &ClvSettings::default()).expect("clv");
    let english_discount =
        analyse(&no_repeats, &ClvSettings { discount: -2.0, ..Default::default() })
            .expect_err("a bad discount");
    assert!(english_discount.contains("0.01 = 1% a month"), "{english_discount}");

    let _english = English;
    tables::dutch();

    // The report's definitions.
    let report = open().report;
    let events = &report.definitions["events"];
    assert!(events.contains("foute rijen tellen niet mee"), "{events}");
    assert_ne!(events, &english_report.definitions["events"]);
    assert!(report.definitions["classes"].contains("gaat vóór de regels"));
    assert!(report.definitions.values().all(|d| !d.contains(" the ")), "{:?}", report.definitions);

    // A CLV fit note, a warning and the definitions.
    let clv = analyse(&no_repeats, &ClvSettings::default()).expect("clv");
    let bg = clv.report.models["bg_nbd"].message.as_deref().expect("why it failed");
    assert!(bg.contains("geen van de 3 klanten deed een herhaalaankoop"), "{bg}");
    assert!(!bg.contains("repeat purchase"), "{bg}");
    assert_ne!(Some(bg), english_fit.report.models["bg_nbd"].message.as_deref());
    assert!(
        clv.report.warnings.iter().any(|w| w.starts_with("BG/NBD: geen van de")),
        "{:?}",
        clv.report.warnings
    );
    assert!(
        clv.report.warnings.iter().any(|w| w.contains("convergeerde niet")),
        "{:?}",
        clv.report.warnings
    );
    assert!(clv.report.definitions["p_alive"].contains("nog actief"));
    assert!(clv.report.definitions["clv"].contains("4,345 weken"));
    let discount = analyse(&no_repeats, &ClvSettings { discount: -2.0, ..Default::default() })
        .expect_err("a bad discount");
    assert!(discount.contains("disconteringsvoet -2 moet boven −1 liggen"), "{discount}");
    assert!(!discount.contains("a month"), "{discount}");

    // A number inside a note takes the decimal comma.
    let correlated = analyse(&correlated(), &ClvSettings::default()).expect("clv");
    let w = correlated.report.spend.warning.as_deref().expect("a Gamma-Gamma warning");
    assert!(w.starts_with("Gamma-Gamma gaat ervan uit"), "{w}");
    assert!(w.contains("correlatie van 1,00 (|r| > 0,3)"), "{w}");

    // Attribution input problems, notes and definitions.
    let mut input = AttributionInput::new(vec!["a".into(), "b".into()], false);
    input.push_path(&[0, 1], None, 2.0, 20.0, 1.0, 2);
    assert!(!input.push_path(&[], None, 1.0, 0.0, 0.0, 3));
    assert!(!input.push_path(&[0], None, -1.0, 0.0, 0.0, 4));
    assert!(!input.push_path(&[7], None, 1.0, 0.0, 0.0, 5));
    let messages: Vec<&str> = input.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(messages[0].contains("het pad heeft geen contactmomenten"), "{messages:?}");
    assert!(
        messages[1].contains("total_conversions -1 is geen getal van 0 of meer"),
        "{messages:?}"
    );
    assert!(messages[2].contains("onbekend kanaal-id 7"), "{messages:?}");
    assert!(messages.iter().all(|m| !m.contains("left out")), "{messages:?}");
    let report = attribute(&input, &AttributionSettings::default()).expect("attribution");
    assert!(
        report.notes.iter().any(|n| n == "3 paden zijn weggelaten (zie de weggelaten paden)."),
        "{:?}",
        report.notes
    );
    assert!(report.definitions["removal_effects"].contains("via het kanaal"));
    assert!(report.definitions["first_touch"].starts_with("Eerste contact"));
    let markov = report.markov.as_ref().expect("markov");
    assert!(markov.solver.method.starts_with("absorberende keten"), "{}", markov.solver.method);
    let bad = AttributionSettings { half_life_days: 0.0, ..Default::default() };
    let error = attribute(&input, &bad).expect_err("a bad half-life");
    assert_eq!(error, "halveringstijd (dagen) 0: verwacht een getal boven 0");
    let bad = AttributionSettings { shapley_permutations: 0, ..Default::default() };
    let error = attribute(&input, &bad).expect_err("bad permutations");
    assert_eq!(error, "Shapley-permutaties 0: verwacht 1 tot en met 1.000.000");

    // English again.
    tables::english();
    let report = open().report;
    assert_eq!(report.definitions, english_report.definitions);
    let clv = analyse(&no_repeats, &ClvSettings::default()).expect("clv");
    assert_eq!(clv.report.models["bg_nbd"].message, english_fit.report.models["bg_nbd"].message);
}
