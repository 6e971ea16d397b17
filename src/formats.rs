//! The one table of the file formats we read: name, extensions, how the
//! content is recognised, and which reader takes it. The file opener
//! ([`crate::open`]), the annotation importers ([`crate::annotations::import`]),
//! the command line (`touchpoints formats`) and the pages (the facade's
//! `acceptList`, which fills every file input's `accept=`) all read it, so a
//! new format is one row here plus its importer.

/// What a file holds: journey events, or an annotation tool's marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Journey events (CSV, TSV, JSON, JSON Lines, attribution paths).
    Journeys,
    /// Marks on a video (WebVTT, SRT, ELAN, BORIS, VIA, Label Studio, ours).
    Annotations,
}

/// The reader that takes a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Importer {
    /// The incremental journey ingest ([`crate::ingest`]).
    Journeys,
    /// [`crate::annotations::webvtt`].
    WebVtt,
    /// [`crate::annotations::srt`].
    Srt,
    /// [`crate::annotations::elan`].
    Elan,
    /// JSON annotations, told apart by their content: ours, a BORIS project,
    /// a VIA project, a Label Studio export.
    Json,
    /// A table of marks: our CSV, or a BORIS tabular export.
    Table,
}

/// One file format.
#[derive(Debug, Clone, Copy)]
pub struct Format {
    /// The name people know it by.
    pub name: &'static str,
    /// Journeys or annotations.
    pub family: Family,
    /// File name endings, lower case, with the dot (`.vtt`, `.via.json`).
    pub extensions: &'static [&'static str],
    /// True when the endings are this format's own (no journey file uses
    /// them): such a file goes to its importer by its name alone.
    pub own_extensions: bool,
    /// How the text is recognised when the name does not tell (`None`: by
    /// the name only). Annotation formats are tried in table order.
    pub sniff: Option<fn(&str) -> bool>,
    /// The reader.
    pub importer: Importer,
}

fn starts_webvtt(text: &str) -> bool {
    text.trim_start().starts_with("WEBVTT")
}

fn starts_markup(text: &str) -> bool {
    text.trim_start().starts_with('<')
}

fn starts_json(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('{') || t.starts_with('[')
}

/// An SRT file's first line is a cue number or a timing line.
fn starts_srt(text: &str) -> bool {
    text.trim_start().lines().next().is_some_and(|l| {
        l.contains("-->") || (!l.trim().is_empty() && l.trim().bytes().all(|b| b.is_ascii_digit()))
    })
}

fn any_text(_: &str) -> bool {
    true
}

/// Every format we read, journeys first; annotation formats in the order
/// their content is tried.
pub const FORMATS: &[Format] = &[
    Format {
        name: "Journey CSV or TSV",
        family: Family::Journeys,
        extensions: &[".csv", ".tsv", ".txt"],
        own_extensions: false,
        sniff: None,
        importer: Importer::Journeys,
    },
    Format {
        name: "Journey JSON or JSON Lines",
        family: Family::Journeys,
        extensions: &[".json", ".jsonl", ".ndjson"],
        own_extensions: false,
        sniff: None,
        importer: Importer::Journeys,
    },
    Format {
        name: "WebVTT",
        family: Family::Annotations,
        extensions: &[".vtt", ".webvtt"],
        own_extensions: true,
        sniff: Some(starts_webvtt),
        importer: Importer::WebVtt,
    },
    Format {
        name: "ELAN",
        family: Family::Annotations,
        extensions: &[".eaf"],
        own_extensions: true,
        sniff: Some(starts_markup),
        importer: Importer::Elan,
    },
    Format {
        name: "BORIS project",
        family: Family::Annotations,
        extensions: &[".boris"],
        own_extensions: true,
        sniff: None,
        importer: Importer::Json,
    },
    Format {
        name: "VIA project",
        family: Family::Annotations,
        extensions: &[".via.json"],
        own_extensions: true,
        sniff: None,
        importer: Importer::Json,
    },
    Format {
        name: "Label Studio export",
        family: Family::Annotations,
        extensions: &[".ls.json"],
        own_extensions: true,
        sniff: None,
        importer: Importer::Json,
    },
    Format {
        name: "Touchpoints annotations JSON (or BORIS, VIA, Label Studio JSON)",
        family: Family::Annotations,
        extensions: &[".json"],
        own_extensions: false,
        sniff: Some(starts_json),
        importer: Importer::Json,
    },
    Format {
        name: "SRT",
        family: Family::Annotations,
        extensions: &[".srt"],
        own_extensions: true,
        sniff: Some(starts_srt),
        importer: Importer::Srt,
    },
    Format {
        name: "Touchpoints annotations CSV (or a BORIS tabular export)",
        family: Family::Annotations,
        extensions: &[".csv", ".tsv", ".txt"],
        own_extensions: false,
        sniff: Some(any_text),
        importer: Importer::Table,
    },
];

fn lower_base(file_name: &str) -> String {
    file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_ascii_lowercase()
}

/// The format of `family` that `file_name`'s ending names (the longest
/// ending wins: `marks.via.json` is a VIA project).
pub fn by_name(file_name: &str, family: Family) -> Option<&'static Format> {
    let base = lower_base(file_name);
    FORMATS
        .iter()
        .filter(|f| f.family == family)
        .flat_map(|f| f.extensions.iter().map(move |e| (f, *e)))
        .filter(|(_, e)| base.ends_with(e) && base.len() > e.len())
        .max_by_key(|(_, e)| e.len())
        .map(|(f, _)| f)
}

/// True when `file_name` ends in an annotation format's own ending, so the
/// annotation importer reads it rather than the journey ingest.
pub fn is_annotation_file(file_name: &str) -> bool {
    by_name(file_name, Family::Annotations).is_some_and(|f| f.own_extensions)
}

/// The annotation importer for `text` by its content (table order).
pub fn sniff_annotations(text: &str) -> Importer {
    FORMATS
        .iter()
        .filter(|f| f.family == Family::Annotations)
        .find(|f| f.sniff.is_some_and(|sniff| sniff(text)))
        .map_or(Importer::Table, |f| f.importer)
}

/// True when the first bytes of a file named `.csv` or `.json` (endings
/// journeys and annotations share) are an annotation tool's export: a BORIS
/// tabular header, or JSON of VIA, Label Studio, BORIS or ours.
pub fn looks_like_annotations(prefix: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&prefix[..prefix.len().min(8192)]).to_lowercase();
    let boris_csv = head.contains("behavior type") || head.contains("behavioral category");
    let json = head.trim_start().starts_with('{') || head.trim_start().starts_with('[');
    let annotation_json = json
        && (head.contains("\"vid_list\"")
            || head.contains("timelinelabels")
            || head.contains("\"ethogram\"")
            || (head.contains("\"observations\"") && head.contains("\"marks\"")));
    boris_csv || annotation_json
}

/// The `accept=` list of a file input for `families`: each ending's last
/// part once, in table order (`.csv,.tsv,.txt,.json,…`).
pub fn accept(families: &[Family]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for f in FORMATS.iter().filter(|f| families.contains(&f.family)) {
        for e in f.extensions {
            let last = e.rfind('.').map_or(*e, |i| &e[i..]);
            if !out.contains(&last) {
                out.push(last);
            }
        }
    }
    out.join(",")
}

/// What a page's file input takes (its `data-accept`), by name.
pub const ACCEPT_NAMES: [(&str, &[Family]); 3] = [
    ("journeys", &[Family::Journeys]),
    ("annotations", &[Family::Annotations]),
    ("any", &[Family::Journeys, Family::Annotations]),
];

/// `www/js/formats.js`, written from this table (`cargo run --example
/// formats_js`; `tests/formats.rs` fails while they differ): the accept
/// lists, filled into every `<input type="file" data-accept="…">` of the page
/// that loads it, so no page lists endings itself.
pub fn accept_module() -> String {
    let mut out = String::from(
        "// Generated from src/formats.rs by `cargo run --example formats_js`; do not edit\n\
         // (tests/formats.rs fails while they differ). The `accept=` lists of the pages'\n\
         // file inputs, by their `data-accept`: journeys, annotations or any.\n\
         export const ACCEPT = {\n",
    );
    for (name, families) in ACCEPT_NAMES {
        out.push_str(&format!("  {name}: \"{}\",\n", accept(families)));
    }
    out.push_str(
        "};\n\n\
         for (const input of document.querySelectorAll(\"input[type=file][data-accept]\")) {\n\
         \x20 input.accept = ACCEPT[input.dataset.accept] ?? \"\";\n\
         }\n",
    );
    out
}

/// The table as text, for `touchpoints formats`: one line per format.
pub fn describe() -> String {
    let mut out = String::new();
    for f in FORMATS {
        let family = match f.family {
            Family::Journeys => "journeys",
            Family::Annotations => "annotations",
        };
        out.push_str(&format!("{:<12}{:<28}{}\n", family, f.extensions.join(" "), f.name));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_pick_the_format() {
        assert!(is_annotation_file("Marks.EAF"));
        assert!(is_annotation_file("class/session.via.json"));
        assert!(!is_annotation_file("journeys.csv"));
        assert!(!is_annotation_file("events.json"));
        assert!(!is_annotation_file(".vtt"));
        let via = by_name("x.via.json", Family::Annotations).map(|f| f.name);
        assert_eq!(via, Some("VIA project"));
        let csv = by_name("x.CSV", Family::Annotations).map(|f| f.importer);
        assert_eq!(csv, Some(Importer::Table));
    }

    #[test]
    fn content_picks_the_importer() {
        assert_eq!(sniff_annotations("\nWEBVTT\n"), Importer::WebVtt);
        assert_eq!(sniff_annotations("1\n00:00:01,000 --> 00:00:02,000\nA\n"), Importer::Srt);
        assert_eq!(sniff_annotations("<?xml version=\"1.0\"?>"), Importer::Elan);
        assert_eq!(sniff_annotations("  {\"observations\": []}"), Importer::Json);
        assert_eq!(sniff_annotations("journey,time,touchpoint\n"), Importer::Table);
    }

    #[test]
    fn accept_lists_come_from_the_table() {
        assert_eq!(accept(&[Family::Journeys]), ".csv,.tsv,.txt,.json,.jsonl,.ndjson");
        assert_eq!(
            accept(&[Family::Annotations]),
            ".vtt,.webvtt,.eaf,.boris,.json,.srt,.csv,.tsv,.txt"
        );
        assert_eq!(
            accept(&[Family::Journeys, Family::Annotations]),
            ".csv,.tsv,.txt,.json,.jsonl,.ndjson,.vtt,.webvtt,.eaf,.boris,.srt"
        );
    }
}
