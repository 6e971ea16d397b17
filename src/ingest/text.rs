//! Text decoding for the ingest: UTF-8 first; bytes that are not UTF-8 are
//! read as Windows-1252 (what spreadsheet exports on Windows produce), and
//! the row is kept with a warning.

use std::borrow::Cow;

/// Windows-1252 code points for bytes 0x80–0x9F (0 where undefined).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// Decodes Windows-1252 bytes (undefined bytes become U+FFFD).
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(CP1252_HIGH[(b - 0x80) as usize] as u32)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{FFFD}'),
            b => b as char,
        })
        .collect()
}

/// Splits a record's bytes at the field `ends`, decoding as UTF-8 or, when
/// that fails, each field as Windows-1252. The flag tells which happened.
pub fn split_fields<'a>(bytes: &'a [u8], ends: &[usize]) -> (Vec<Cow<'a, str>>, bool) {
    let ranges = ends.iter().scan(0usize, |start, &end| {
        let range = (*start).min(end)..end;
        *start = end;
        Some(range)
    });
    match std::str::from_utf8(bytes) {
        Ok(text) => (ranges.map(|r| Cow::Borrowed(text.get(r).unwrap_or(""))).collect(), false),
        Err(_) => (
            ranges
                .map(|r| match bytes.get(r) {
                    Some(field) => match std::str::from_utf8(field) {
                        Ok(s) => Cow::Borrowed(s),
                        Err(_) => Cow::Owned(decode_windows_1252(field)),
                    },
                    None => Cow::Borrowed(""),
                })
                .collect(),
            true,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252() {
        assert_eq!(decode_windows_1252(b"caf\xe9 \x80"), "café €");
        let (fields, decoded) = split_fields(b"ab\xe9c", &[2, 4]);
        assert!(decoded);
        assert_eq!(fields, vec!["ab", "éc"]);
    }
}
