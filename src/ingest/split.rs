//! Cutting a delimited file into parts at record starts, in parallel: each
//! chunk is scanned on its own ([`scan`]: quotes and line ends), then the
//! scans, combined in order, give each part's first byte and line
//! ([`cuts`]). RFC 4180 quoting: a line end inside quotes is not a record
//! end, and a doubled quote leaves the parity as it was. A file whose stray
//! quotes fool the parity is caught when the parts are merged (a part then
//! ends inside a record) and read in one part instead.

use serde::{Deserialize, Serialize};

/// What one chunk's bytes tell about where records may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Scan {
    /// Length of the chunk.
    pub len: usize,
    /// Quote characters (`"`) in the chunk.
    pub quotes: u64,
    /// Line ends (`\n`) in the chunk.
    pub newlines: u64,
    /// Offset of the first `\n` after an even number of the chunk's quotes
    /// (a record end when the chunk starts outside quotes).
    pub first_newline_even: Option<usize>,
    /// Offset of the first `\n` after an odd number of the chunk's quotes
    /// (a record end when the chunk starts inside quotes).
    pub first_newline_odd: Option<usize>,
    /// `\n`s before `first_newline_even`.
    pub lines_before_even: u64,
    /// `\n`s before `first_newline_odd`.
    pub lines_before_odd: u64,
}

/// Scans one chunk: quote by quote, each stretch between two quotes searched
/// for its first line end and its line ends counted (memchr: a word or a
/// vector at a time), then the rest counted once both first line ends are
/// found. A file without quotes is one stretch.
pub fn scan(bytes: &[u8]) -> Scan {
    let mut s = Scan { len: bytes.len(), ..Scan::default() };
    let mut at = 0;
    let mut odd = false;
    while at <= bytes.len() {
        let rest = &bytes[at..];
        let end = memchr::memchr(b'"', rest).unwrap_or(rest.len());
        let stretch = &rest[..end];
        let slot = if odd { &mut s.first_newline_odd } else { &mut s.first_newline_even };
        if slot.is_none() {
            if let Some(p) = memchr::memchr(b'\n', stretch) {
                *slot = Some(at + p);
                if odd {
                    s.lines_before_odd = s.newlines;
                } else {
                    s.lines_before_even = s.newlines;
                }
            }
        }
        s.newlines += count(stretch, b'\n');
        if end == rest.len() {
            break;
        }
        s.quotes += 1;
        odd = !odd;
        at += end + 1;
        if s.first_newline_even.is_some() && s.first_newline_odd.is_some() {
            let rest = &bytes[at..];
            s.quotes += count(rest, b'"');
            s.newlines += count(rest, b'\n');
            break;
        }
    }
    s
}

/// How many times `byte` occurs in `bytes`.
fn count(bytes: &[u8], byte: u8) -> u64 {
    memchr::memchr_iter(byte, bytes).count() as u64
}

/// One part of a file: its byte range and the line of its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cut {
    pub start: usize,
    pub end: usize,
    pub first_line: u64,
}

/// The parts of a file from the scans of its consecutive chunks (in order):
/// part `k` starts after the first record end in chunk `k`; a chunk without
/// one joins the part before. The first part starts at byte 0 (it holds the
/// header); parts are never empty but the first may hold only the header.
pub fn cuts(scans: &[Scan]) -> Vec<Cut> {
    let total: usize = scans.iter().map(|s| s.len).sum();
    let mut out = vec![Cut { start: 0, end: total, first_line: 1 }];
    let (mut offset, mut quotes, mut lines) = (0usize, 0u64, 0u64);
    for (k, s) in scans.iter().enumerate() {
        if k > 0 {
            let inside = quotes % 2 == 1;
            let (at, before) = if inside {
                (s.first_newline_odd, s.lines_before_odd)
            } else {
                (s.first_newline_even, s.lines_before_even)
            };
            if let Some(at) = at {
                let start = offset + at + 1;
                if start < total {
                    if let Some(last) = out.last_mut() {
                        last.end = start;
                    }
                    out.push(Cut { start, end: total, first_line: 1 + lines + before + 1 });
                }
            }
        }
        offset += s.len;
        quotes += s.quotes;
        lines += s.newlines;
    }
    out
}

/// The parts of `bytes` for `n` readers: chunks of equal size, cut at record starts.
pub fn split(bytes: &[u8], n: usize) -> Vec<Cut> {
    let n = n.clamp(1, bytes.len().max(1));
    let size = bytes.len().div_ceil(n).max(1);
    let scans: Vec<Scan> = bytes.chunks(size).map(scan).collect();
    cuts(&scans)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan byte by byte, as RFC 4180 reads it: the reference for [`scan`].
    fn scan_byte_by_byte(bytes: &[u8]) -> Scan {
        let mut s = Scan { len: bytes.len(), ..Scan::default() };
        let mut odd = false;
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'"' {
                odd = !odd;
                s.quotes += 1;
            } else if b == b'\n' {
                if odd && s.first_newline_odd.is_none() {
                    s.first_newline_odd = Some(i);
                    s.lines_before_odd = s.newlines;
                } else if !odd && s.first_newline_even.is_none() {
                    s.first_newline_even = Some(i);
                    s.lines_before_even = s.newlines;
                }
                s.newlines += 1;
            }
        }
        s
    }

    #[test]
    fn scan_matches_the_byte_by_byte_reading() {
        // Every text of up to 7 bytes over {a, ", \n}, then longer pseudo-random ones.
        let alphabet = [b'a', b'"', b'\n'];
        for len in 0..=7u32 {
            for mut k in 0..3usize.pow(len) {
                let mut text = Vec::new();
                for _ in 0..len {
                    text.push(alphabet[k % 3]);
                    k /= 3;
                }
                assert_eq!(
                    scan(&text),
                    scan_byte_by_byte(&text),
                    "{:?}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
        let mut x = 12345u64;
        for round in 0..200 {
            let len = 1 + round * 37;
            let text: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    match x % 23 {
                        0 => b'"',
                        1 | 2 => b'\n',
                        3 => b'\r',
                        _ => b'x',
                    }
                })
                .collect();
            assert_eq!(scan(&text), scan_byte_by_byte(&text), "round {round}");
        }
    }

    #[test]
    fn cuts_fall_after_record_ends_outside_quotes() {
        let text = b"h1,h2\na,\"x\ny\"\nb,c\r\nd,\"\"\"q\"\n";
        for n in 1..=text.len() {
            let parts = split(text, n);
            assert_eq!(parts[0].start, 0);
            assert_eq!(parts.last().map(|c| c.end), Some(text.len()));
            for w in parts.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            for c in &parts[1..] {
                // Record starts of this file: after line 1, 3 (the quoted line end is not one), 4.
                let line = 1 + text[..c.start].iter().filter(|&&b| b == b'\n').count() as u64;
                assert_eq!(c.first_line, line, "n = {n}: {c:?}");
                assert!([6, 14, 19].contains(&c.start), "n = {n}: {c:?}");
            }
        }
    }
}
