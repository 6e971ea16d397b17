//! Rule JSON: read, write, read again (the same rules), expand, and
//! classify a few names with the rules.
#![no_main]
use libfuzzer_sys::fuzz_target;
use touchpoints::taxonomy::rules::{Classifier, RuleSet};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(set) = RuleSet::from_json(&text) else { return };
    let again = RuleSet::from_json(&set.to_json()).expect("our rule JSON re-reads");
    assert_eq!(again.to_json(), set.to_json());
    let Ok(rules) = touchpoints::taxonomy::expand(&set) else { return };
    let classifier = Classifier::new(&rules);
    let head: String = text.chars().take(64).collect();
    for name in ["Newsletter", "check-in desk", "Google Ads / search", "", &head] {
        let _ = classifier.classify(name, Some("email"));
        let _ = classifier.classify(name, None);
    }
});
