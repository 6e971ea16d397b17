//! Video links (YouTube, Vimeo) as the annotator and the classroom page read
//! them: every URL form, start times, links that are not the providers', and
//! provider links that name no video, with their messages. Cases:
//! `tests/data/video_links/links.tsv` (one per line, with what is expected).

use std::path::PathBuf;
use touchpoints::annotations::video_link::{parse, Provider};

fn cases() -> Vec<(usize, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/video_links/links.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

/// Checks one case line: `link \t key \t start \t hash \t url`, `link \t none`
/// or `link \t error \t message part`. Returns what is wrong, if anything.
fn check(line: &str) -> Option<String> {
    let cols: Vec<&str> = line.split('\t').collect();
    let (link, want) = (cols[0], cols[1]);
    let got = parse(link);
    match (want, got) {
        ("none", Ok(None)) => None,
        ("error", Err(e)) if e.to_string().contains(cols[2]) => None,
        ("error", Err(e)) => Some(format!("message {:?} lacks {:?}", e.to_string(), cols[2])),
        (key, Ok(Some(v))) if key != "none" && key != "error" => {
            let start = match cols[2] {
                "-" => None,
                s => Some(s.parse::<f64>().unwrap()),
            };
            let hash = match cols[3] {
                "-" => None,
                h => Some(h.to_string()),
            };
            let provider =
                if key.starts_with("youtube:") { Provider::YouTube } else { Provider::Vimeo };
            let want = (provider, key.split(':').nth(1).unwrap(), key, start, hash, cols[4]);
            let have = (
                v.provider,
                v.id.as_str(),
                v.key.as_str(),
                v.start,
                v.hash.clone(),
                v.url.as_str(),
            );
            (want != have).then(|| format!("got {have:?}, expected {want:?}"))
        }
        (want, got) => Some(format!("expected {want}, got {got:?}")),
    }
}

#[test]
fn every_link_form_reads_as_the_cases_say() {
    let cases = cases();
    assert!(cases.len() > 60, "the case file is read");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(n, line)| {
            check(line).map(|why| format!("links.tsv line {n}: {line:?}: {why}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_checker_fails_on_a_wrong_expectation() {
    // The helper itself can fail: a wrong id, a wrong start, a missing error.
    assert!(check("https://youtu.be/dQw4w9WgXcQ\tyoutube:dQw4w9WgXcX\t-\t-\thttps://www.youtube.com/watch?v=dQw4w9WgXcQ").is_some());
    assert!(check("https://youtu.be/dQw4w9WgXcQ?t=5\tyoutube:dQw4w9WgXcQ\t-\t-\thttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5s").is_some());
    assert!(check("https://youtu.be/dQw4w9WgXcQ\terror\tno video").is_some());
    assert!(check("store.mp4\terror\tx").is_some());
}

#[test]
fn every_youtube_form_of_one_video_has_one_key() {
    let forms = [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?start=3",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ];
    for f in forms {
        assert_eq!(parse(f).unwrap().unwrap().key, "youtube:dQw4w9WgXcQ", "{f}");
    }
    // The canonical link reads back as itself.
    for line in cases().iter().map(|(_, l)| l) {
        if let Ok(Some(v)) = parse(line.split('\t').next().unwrap()) {
            assert_eq!(parse(&v.url).unwrap().unwrap(), v, "{}", v.url);
        }
    }
}

#[test]
fn messages_have_no_position_prefix_and_name_the_forms() {
    let e = parse("https://vimeo.com/").unwrap_err();
    assert_eq!(
        e.to_string(),
        "this Vimeo link does not name a video: expected vimeo.com/ID, vimeo.com/ID/HASH or player.vimeo.com/video/ID"
    );
}
