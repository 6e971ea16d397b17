//! What the first bytes of a file are: text (UTF-8, with or without a BOM),
//! UTF-16 (by its byte order mark), or a binary file that no reader of ours
//! can use (an image, an archive, a PDF, a spreadsheet workbook …), named so
//! the user is told what they dropped instead of seeing its bytes.
//!
//! One small table of signatures (the "magic numbers" at the start of each
//! format) rather than a crate such as `infer`: we only need to say "this is
//! not a text file" and name the common culprits, and every page and the
//! widget download this code.
//!
//! ```
//! use touchpoints::sniff::{sniff, Content};
//! assert_eq!(sniff(b"journey,time,touchpoint\n"), Content::Utf8);
//! assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Content::Binary("a PNG image"));
//! assert_eq!(sniff(b"\xFF\xFEj\0o\0"), Content::Utf16 { little_endian: true });
//! ```

use crate::error::Error;
use crate::text;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// UTF-8 text, or bytes that may be read as text (Windows-1252 included).
    Utf8,
    /// UTF-8 text that starts with a byte order mark (`EF BB BF`).
    Utf8Bom,
    /// UTF-16 text, known by its byte order mark (`FF FE` or `FE FF`), or,
    /// without one, by a NUL byte beside every ASCII character.
    Utf16 {
        /// `FF FE`: little-endian; `FE FF`: big-endian.
        little_endian: bool,
    },
    /// Not text: what it looks like, in words (`"a PNG image"`).
    Binary(&'static str),
}

/// Signatures at offset 0, and what the file is then.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx, Word or OpenDocument file is one too)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old Office document (.xls, .doc)"),
    (b"\x1F\x8B", "a gzip-compressed file"),
    (b"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    (b"Rar!\x1A\x07", "a RAR archive"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\x28\xB5\x2F\xFD", "a Zstandard-compressed file"),
    (b"PAR1", "a Parquet file (export it as CSV)"),
    (b"SQLite format 3\0", "an SQLite database"),
    (b"\x1A\x45\xDF\xA3", "a WebM or Matroska video"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"II*\0", "a TIFF image"),
    (b"MM\0*", "a TIFF image"),
    (b"\x7FELF", "a program (ELF)"),
    (b"\0asm", "a WebAssembly module"),
    (b"MZ\x90\0", "a Windows program"),
];

/// How many leading bytes [`sniff`] looks at for control characters (a
/// reader that gets its input in chunks sniffs this much, or all of a shorter input).
pub const LOOK: usize = 4096;

/// Says what `prefix` (the first bytes of a file; a few kilobytes are
/// plenty) is. Text is anything without a known binary signature, without
/// NUL bytes and with few other control characters in its first 4 KiB.
pub fn sniff(prefix: &[u8]) -> Content {
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        return Content::Utf8Bom;
    }
    for (bom, little_endian) in [(b"\xFF\xFE", true), (b"\xFE\xFF", false)] {
        if let Some(body) = prefix.strip_prefix(bom) {
            // A byte order mark before binary data (a NUL character, many
            // control characters) is no text file either.
            return match utf16_controls(body, little_endian) {
                Some(_) => Content::Binary("a binary file"),
                None => Content::Utf16 { little_endian },
            };
        }
    }
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| prefix.starts_with(magic)) {
        return Content::Binary(what);
    }
    // RIFF containers: WebP, WAV, AVI.
    if prefix.starts_with(b"RIFF") && prefix.len() >= 12 {
        return Content::Binary(match &prefix[8..12] {
            b"WEBP" => "a WebP image",
            b"WAVE" => "a WAV audio file",
            b"AVI " => "an AVI video",
            _ => "a RIFF media file",
        });
    }
    // MP4, MOV, HEIC: a box of type `ftyp` at offset 4.
    if prefix.len() >= 8 && &prefix[4..8] == b"ftyp" {
        return Content::Binary("an MP4, MOV or HEIC media file");
    }
    let head = &prefix[..prefix.len().min(LOOK)];
    if let Some(little_endian) = utf16_without_bom(head) {
        return Content::Utf16 { little_endian };
    }
    // Control characters other than tab, newline, carriage return, form feed
    // and escape never occur in a text export; a NUL is proof enough.
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if head.contains(&0) || control * 20 > head.len().max(1) {
        return Content::Binary("a binary file");
    }
    Content::Utf8
}

/// `Some(count)` when UTF-16 code units of `body` (its first 4 KiB) hold a
/// NUL or more than one control character in twenty, as binary data does.
fn utf16_controls(body: &[u8], little_endian: bool) -> Option<usize> {
    let head = &body[..body.len().min(LOOK)];
    let units: Vec<u16> = head
        .chunks_exact(2)
        .map(|p| {
            if little_endian {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        })
        .collect();
    let control = units
        .iter()
        .filter(|&&u| u < 0x20 && !matches!(u, 0x09 | 0x0A | 0x0D | 0x0C | 0x1B))
        .count();
    (units.contains(&0) || control * 20 > units.len().max(1)).then_some(control)
}

/// UTF-16 without a byte order mark: at least 8 bytes, and a NUL in every
/// second byte (the high byte of ASCII text), the other byte never NUL.
/// `Some(little_endian)` then.
fn utf16_without_bom(head: &[u8]) -> Option<bool> {
    let pairs = head.chunks_exact(2);
    if pairs.len() < 4 {
        return None;
    }
    let (mut low_nul, mut high_nul) = (true, true);
    for p in pairs {
        low_nul &= p[0] != 0 && p[1] == 0;
        high_nul &= p[0] == 0 && p[1] != 0;
    }
    if low_nul {
        Some(true)
    } else if high_nul {
        Some(false)
    } else {
        None
    }
}

/// What an annotation file should be (the end of the annotation importers' message).
pub const EXPECTED_ANNOTATIONS: &str =
    "an annotation file (WebVTT, SRT, ELAN, BORIS, VIA, Label Studio, or our CSV or JSON) saved as text";

/// What a journey file should be (the end of the journey ingest's message).
pub const EXPECTED_JOURNEYS: &str = "a journey file saved as text: CSV, TSV, JSON or JSON Lines";
/// What any file we open should be (the end of the file opener's message).
pub const EXPECTED_ANY: &str = "a journey file (CSV, TSV, JSON, JSON Lines) or an annotation file (WebVTT, SRT, ELAN, BORIS, VIA, Label Studio) saved as text";

/// The error for a binary file that looks like `what`:
/// `this is not a text file (it looks like a PNG image); expected …`.
pub fn not_text(what: &str, expected: &str) -> Error {
    let (what, expected) = (described(what), expected_text(expected));
    Error::at(
        0,
        text::t(
            "core.sniff.notText",
            "this is not a text file (it looks like {what}); expected {expected}",
            &[("what", &what), ("expected", &expected)],
        ),
    )
    .of_kind(crate::error::ErrorKind::NotText)
}

/// What a file looks like ([`Content::Binary`]'s words) in the page's language.
fn described(what: &str) -> String {
    match what {
        "a PNG image" => text::t("core.sniff.pngImage", "a PNG image", &[]),
        "a JPEG image" => text::t("core.sniff.jpegImage", "a JPEG image", &[]),
        "a GIF image" => text::t("core.sniff.gifImage", "a GIF image", &[]),
        "a PDF document" => text::t("core.sniff.pdfDocument", "a PDF document", &[]),
        "a ZIP archive (an Excel .xlsx, Word or OpenDocument file is one too)" => text::t(
            "core.sniff.zipArchive",
            "a ZIP archive (an Excel .xlsx, Word or OpenDocument file is one too)",
            &[],
        ),
        "an empty ZIP archive" => {
            text::t("core.sniff.emptyZipArchive", "an empty ZIP archive", &[])
        }
        "an old Office document (.xls, .doc)" => {
            text::t("core.sniff.oldOfficeDocument", "an old Office document (.xls, .doc)", &[])
        }
        "a gzip-compressed file" => {
            text::t("core.sniff.gzipCompressedFile", "a gzip-compressed file", &[])
        }
        "a 7-Zip archive" => text::t("core.sniff.7ZipArchive", "a 7-Zip archive", &[]),
        "a RAR archive" => text::t("core.sniff.rarArchive", "a RAR archive", &[]),
        "a bzip2-compressed file" => {
            text::t("core.sniff.bzip2CompressedFile", "a bzip2-compressed file", &[])
        }
        "a Zstandard-compressed file" => {
            text::t("core.sniff.zstandardCompressedFile", "a Zstandard-compressed file", &[])
        }
        "a Parquet file (export it as CSV)" => {
            text::t("core.sniff.parquetFile", "a Parquet file (export it as CSV)", &[])
        }
        "an SQLite database" => text::t("core.sniff.sqliteDatabase", "an SQLite database", &[]),
        "a WebM or Matroska video" => {
            text::t("core.sniff.webmOrMatroskaVideo", "a WebM or Matroska video", &[])
        }
        "an Ogg audio or video file" => {
            text::t("core.sniff.oggAudioOrVideoFile", "an Ogg audio or video file", &[])
        }
        "an MP3 audio file" => text::t("core.sniff.mp3AudioFile", "an MP3 audio file", &[]),
        "a FLAC audio file" => text::t("core.sniff.flacAudioFile", "a FLAC audio file", &[]),
        "a TIFF image" => text::t("core.sniff.tiffImage", "a TIFF image", &[]),
        "a program (ELF)" => text::t("core.sniff.program", "a program (ELF)", &[]),
        "a WebAssembly module" => {
            text::t("core.sniff.webassemblyModule", "a WebAssembly module", &[])
        }
        "a Windows program" => text::t("core.sniff.windowsProgram", "a Windows program", &[]),
        "a binary file" => text::t("core.sniff.binaryFile", "a binary file", &[]),
        "a WebP image" => text::t("core.sniff.webpImage", "a WebP image", &[]),
        "a WAV audio file" => text::t("core.sniff.wavAudioFile", "a WAV audio file", &[]),
        "an AVI video" => text::t("core.sniff.aviVideo", "an AVI video", &[]),
        "a RIFF media file" => text::t("core.sniff.riffMediaFile", "a RIFF media file", &[]),
        "an MP4, MOV or HEIC media file" => {
            text::t("core.sniff.mp4MovOrHeicMediaFile", "an MP4, MOV or HEIC media file", &[])
        }
        other => other.to_string(),
    }
}

/// One of the `EXPECTED_…` texts in the page's language.
pub fn expected_text(expected: &str) -> String {
    match expected {
        EXPECTED_ANNOTATIONS => text::t(
            "core.sniff.expectedAnnotations",
            "an annotation file (WebVTT, SRT, ELAN, BORIS, VIA, Label Studio, or our CSV or JSON) saved as text",
            &[],
        ),
        EXPECTED_JOURNEYS => text::t(
            "core.sniff.expectedJourneys",
            "a journey file saved as text: CSV, TSV, JSON or JSON Lines",
            &[],
        ),
        EXPECTED_ANY => text::t(
            "core.sniff.expectedAny",
            "a journey file (CSV, TSV, JSON, JSON Lines) or an annotation file (WebVTT, SRT, ELAN, BORIS, VIA, Label Studio) saved as text",
            &[],
        ),
        other => other.to_string(),
    }
}

/// `Err(`[`not_text`]`)` when `prefix` is a binary file; `Ok` for text (UTF-16 included).
pub fn check_text(prefix: &[u8], expected: &str) -> Result<(), Error> {
    match sniff(prefix) {
        Content::Binary(what) => Err(not_text(what, expected)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8], expected: Content) {
        assert_eq!(sniff(bytes), expected, "{bytes:?}");
    }

    #[test]
    fn names_binary_files_and_keeps_text() {
        check(b"journey,time,touchpoint\nc1,2026-03-02,Newsletter\n", Content::Utf8);
        check(b"WEBVTT\n\n00:04.000 --> 00:05.000\nShop window\n", Content::Utf8);
        check("caf\u{e9};1\n".as_bytes(), Content::Utf8);
        check(b"caf\xe9;1\r\n", Content::Utf8); // Windows-1252 is text
        check(b"", Content::Utf8);
        check(b"\xEF\xBB\xBFjourney", Content::Utf8Bom);
        check(b"\xFE\xFF\0j", Content::Utf16 { little_endian: false });
        check(b"%PDF-1.7\n", Content::Binary("a PDF document"));
        check(b"PK\x03\x04\x14\0\x06\0", Content::Binary(MAGIC[5].1));
        check(b"RIFF\0\0\0\0WEBPVP8 ", Content::Binary("a WebP image"));
        check(b"\0\0\0\x20ftypisom", Content::Binary("an MP4, MOV or HEIC media file"));
        check(b"j\0o\0u\0r\0n\0e\0y\0", Content::Utf16 { little_endian: true });
        check(b"\0j\0o\0u\0r\0n\0e\0y", Content::Utf16 { little_endian: false });
        check(b"j\0o\0", Content::Binary("a binary file"));
        check(b"\xFF\xFE\x89\0P\0N\0G\0\0\0\x01\0", Content::Binary("a binary file"));
        check(b"\xFF\xFE", Content::Utf16 { little_endian: true });
        check(b"\x01\x02\x03\x04abc", Content::Binary("a binary file"));
    }

    #[test]
    fn the_error_names_what_the_file_looks_like() {
        let e = check_text(b"\x89PNG\r\n\x1a\n", "a CSV file").map_err(|e| e.to_string());
        assert_eq!(
            e,
            Err("this is not a text file (it looks like a PNG image); expected a CSV file".into())
        );
        assert!(check_text(b"\xFF\xFEa\0", "x").is_ok());
    }
}
