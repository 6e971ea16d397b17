//! The value sheet's and the rules' messages in Dutch: with the `core.` templates of
//! `nl.js` set, a bad value sheet, a bad rule set and a rule in words come out Dutch
//! (and back in English once the templates are cleared).

use std::collections::BTreeMap;

use touchpoints::taxonomy::RuleSet;
use touchpoints::value::draft::SheetDraft;
use touchpoints::value::{perceived_value, read_value_sheet};

/// A JavaScript string literal at the start of `s` (after whitespace): its value and the rest.
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
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The `core.` and `class.` entries of a message table (as `tests/text.rs` reads them;
/// a page hands the core both).
fn table(lang: &str) -> BTreeMap<String, String> {
    let path = format!("{}/www/js/i18n/{lang}.js", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(path).expect("table");
    let mut out = BTreeMap::new();
    for line in source.lines() {
        let Some((key, rest)) = literal(line) else { continue };
        if !(key.starts_with("core.") || key.starts_with("class.")) {
            continue;
        }
        let rest = rest.trim_start().strip_prefix(':').expect("key: value");
        let (value, _) = literal(rest).expect("a one-line string value");
        out.insert(key, value);
    }
    out
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/value/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn messages() -> Vec<String> {
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
    let english = messages();
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

    touchpoints::text::set_templates(table("nl"));
    let dutch = messages();
    touchpoints::text::set_templates(Default::default());
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
    assert_eq!(messages(), english);
}
