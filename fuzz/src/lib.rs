//! Helpers shared by the fuzz targets: deterministic chunk cuts and file
//! names chosen from the input's first bytes, so every finding replays from
//! its input file alone.

/// File names the entry points dispatch on, one per format we read.
pub const NAMES: &[&str] = &[
    "marks.vtt",
    "marks.srt",
    "marks.eaf",
    "project.boris",
    "events.csv",
    "events.tsv",
    "marks.json",
    "project.via.json",
    "export.ls.json",
    "journeys.jsonl",
    "journeys.txt",
    "noextension",
];

/// A file name from a selector byte.
pub fn name(selector: u8) -> &'static str {
    NAMES[usize::from(selector) % NAMES.len()]
}

/// Splits `data` at up to 16 increasing cut points drawn from `seed` (a
/// small linear congruential generator): the pieces in order.
pub fn pieces(data: &[u8], seed: u64) -> Vec<&[u8]> {
    let mut state = seed | 1;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let n = next() % 17;
    let mut cuts: Vec<usize> = (0..n).map(|_| next() % (data.len() + 1)).collect();
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut at = 0;
    for c in cuts {
        out.push(&data[at..c]);
        at = c;
    }
    out.push(&data[at..]);
    out
}

/// The first byte as a selector and the rest, or `None` for empty input.
pub fn split_first(data: &[u8]) -> Option<(u8, &[u8])> {
    data.split_first().map(|(a, b)| (*a, b))
}

/// Splits `data` into parts at each `\n--8<--\n` separator (several files in one input).
pub fn files(data: &[u8]) -> Vec<&[u8]> {
    const SEP: &[u8] = b"\n--8<--\n";
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEP.len()).position(|w| w == SEP) {
        out.push(&rest[..i]);
        rest = &rest[i + SEP.len()..];
    }
    out.push(rest);
    out
}

/// The expanded rules and compiled classifier of a preset, built once per process.
pub fn preset(
    name: &str,
) -> &'static (Vec<touchpoints::taxonomy::rules::Rule>, touchpoints::taxonomy::rules::Classifier) {
    use std::sync::OnceLock;
    use touchpoints::taxonomy::rules::{Classifier, Rule};
    static CACHE: [OnceLock<(Vec<Rule>, Classifier)>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = match name {
        "hotel" => 1,
        "retail" => 2,
        _ => 0,
    };
    let name = ["generic", "hotel", "retail"][i];
    CACHE[i].get_or_init(|| {
        let rules =
            touchpoints::taxonomy::expand(&touchpoints::taxonomy::preset(name).unwrap()).unwrap();
        let classifier = Classifier::new(&rules);
        (rules, classifier)
    })
}

/// A page's settings JSON and its file, as `settings\n--8<--\nfile`; a lone
/// file comes with the default settings. `None` when the settings do not read
/// as `T` (their refusal is serde's).
pub fn settings_and_file<T>(data: &[u8]) -> Option<(T, &[u8])>
where
    T: Default + serde::de::DeserializeOwned,
{
    match files(data).as_slice() {
        [file] => Some((T::default(), *file)),
        [settings, file, ..] => Some((serde_json::from_slice(settings).ok()?, *file)),
        [] => None,
    }
}
