//! Video links: which YouTube or Vimeo video a pasted link names, and where
//! it starts. The annotator plays such a video through the provider's own
//! embedded player (see `docs/video.md`); the classroom page names it beside
//! the key; both read links with [`parse`].
//!
//! ```
//! use touchpoints::annotations::video_link::{parse, Provider};
//!
//! let link = parse("https://youtu.be/dQw4w9WgXcQ?t=1m30s").unwrap().unwrap();
//! assert_eq!((link.provider, link.id.as_str(), link.start), (Provider::YouTube, "dQw4w9WgXcQ", Some(90.0)));
//! assert_eq!(link.key, "youtube:dQw4w9WgXcQ");
//! assert!(parse("samples/demo-journey.webm").unwrap().is_none()); // not a provider link
//! assert!(parse("https://www.youtube.com/playlist?list=PL123").is_err()); // a provider link, but no video
//! ```
//!
//! The few URL parts these links use (scheme, host, path, query, fragment)
//! are split by hand: a general URL crate would add its IDNA tables to every
//! page's wasm for hosts that are plain ASCII.

use serde::Serialize;

use crate::{Error, Result};

/// A video host whose official embedded player the annotator can drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// YouTube (played on the privacy-enhanced `youtube-nocookie.com` host).
    YouTube,
    /// Vimeo (player.vimeo.com, with do-not-track).
    Vimeo,
}

impl Provider {
    /// The lower-case key: `"youtube"` or `"vimeo"`.
    pub fn key(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::Vimeo => "vimeo",
        }
    }

    /// The provider's name as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::Vimeo => "Vimeo",
        }
    }
}

/// One video on YouTube or Vimeo, read from a link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoLink {
    /// Where the video is.
    pub provider: Provider,
    /// The provider's video id: 11 letters, digits, `-` or `_` (YouTube), or digits (Vimeo).
    pub id: String,
    /// Vimeo's privacy hash of an unlisted video (`vimeo.com/ID/HASH`, `?h=HASH`).
    pub hash: Option<String>,
    /// Where the link starts playing, in seconds (`t=1m30s`, `start=90`, `#t=90s`); none for 0.
    pub start: Option<f64>,
    /// `provider:id`: the name under which the annotator saves marks of this video.
    pub key: String,
    /// The link written one way: `https://www.youtube.com/watch?v=ID[&t=90s]` or
    /// `https://vimeo.com/ID[/HASH][#t=90s]`.
    pub url: String,
}

/// The YouTube forms, for messages.
const YOUTUBE_FORMS: &str =
    "youtube.com/watch?v=ID, youtu.be/ID, youtube.com/shorts/ID or youtube.com/embed/ID";
/// The Vimeo forms, for messages.
const VIMEO_FORMS: &str = "vimeo.com/ID, vimeo.com/ID/HASH or player.vimeo.com/video/ID";
/// What a start time looks like, for messages.
const TIME_FORMS: &str = "seconds (90), 90s, 1m30s, 1h2m3s or 1:30";

fn error(message: String) -> Error {
    Error::at(0, message)
}

/// The parts of a link that matter here. Hosts are lower-case, without
/// `www.`-less normalisation (that is the caller's), port or user info.
struct Parts<'a> {
    host: String,
    path: &'a str,
    query: &'a str,
    fragment: &'a str,
}

/// Splits `text` into host, path, query and fragment. A link may omit the
/// scheme (`youtu.be/ID`); any scheme other than http(s) is not a video link.
fn split(text: &str) -> Option<Parts<'_>> {
    let rest = match text.find("://") {
        Some(i) => {
            let scheme = text[..i].to_ascii_lowercase();
            if scheme != "https" && scheme != "http" {
                return None;
            }
            &text[i + 3..]
        }
        None => text.strip_prefix("//").unwrap_or(text),
    };
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).trim_end_matches('.');
    Some(Parts { host: host.to_ascii_lowercase(), path, query, fragment })
}

/// Decodes `%XX` escapes and `+` (a query value); other bytes are kept.
fn unescape(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of `name` in a `a=1&b=2` list (the first one), decoded.
fn param(list: &str, name: &str) -> Option<String> {
    list.split(['&', ';']).find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| unescape(v).trim().to_string())
    })
}

/// Reads a start time: `90`, `90.5`, `90s`, `1m30s`, `1h2m3s`, `1:30`, `1:02:03`.
pub fn parse_start(text: &str) -> Option<f64> {
    // A start beyond a billion seconds (31 years) is no video's: refused, so the
    // millisecond rounding of the written link stays exact (a fuzz finding:
    // 4.4e12 s was written as …446s and read back as …445s).
    start_of(text).filter(|&s| s <= MAX_START_SECONDS)
}

/// The longest start time a link may give, in seconds.
pub const MAX_START_SECONDS: f64 = 1e9;

fn start_of(text: &str) -> Option<f64> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    let number = |s: &str| -> Option<f64> {
        let ok = !s.is_empty()
            && s.chars().all(|c| c.is_ascii_digit() || c == '.')
            && s.chars().filter(|&c| c == '.').count() <= 1
            && s != ".";
        ok.then(|| s.parse::<f64>().ok()).flatten().filter(|x| x.is_finite())
    };
    if let Some(x) = number(&t) {
        return Some(x);
    }
    if t.contains(':') {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() > 3 {
            return None;
        }
        let mut total = 0.0;
        for (i, p) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let whole = p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty();
            if !last && !whole {
                return None;
            }
            let v = number(p)?;
            if i > 0 && v >= 60.0 {
                return None;
            }
            total = total * 60.0 + v;
        }
        return Some(total);
    }
    // 1h2m3s: each unit at most once, in this order, at least one.
    let mut total = 0.0;
    let mut rest = t.as_str();
    let mut any = false;
    for (unit, factor) in [('h', 3600.0), ('m', 60.0), ('s', 1.0)] {
        if let Some(i) = rest.find(unit) {
            let v = number(&rest[..i])?;
            total += v * factor;
            rest = &rest[i + 1..];
            any = true;
        }
    }
    (any && rest.is_empty()).then_some(total)
}

/// The start time among `names` in `list` (a query or a fragment): Ok(None) when absent.
fn start_in(list: &str, names: &[&str]) -> Result<Option<f64>> {
    for name in names {
        if let Some(value) = param(list, name) {
            return match parse_start(&value) {
                Some(s) => Ok(Some(s)),
                None => Err(error(crate::text::t(
                    "core.videoLink.startTime",
                    "the start time “{name}={value}” is not a time: expected {forms}",
                    &[("name", &name), ("value", &value), ("forms", &TIME_FORMS)],
                ))),
            };
        }
    }
    Ok(None)
}

fn is_youtube_id(id: &str) -> bool {
    id.len() == 11 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn youtube_id(id: &str) -> Result<String> {
    if is_youtube_id(id) {
        Ok(id.to_string())
    } else {
        Err(error(crate::text::t(
            "core.videoLink.youtubeId",
            "the YouTube video id “{id}” is not one: expected 11 letters, digits, - or _ (as in youtu.be/dQw4w9WgXcQ)",
            &[("id", &id)],
        )))
    }
}

fn youtube(parts: &Parts<'_>, short_host: bool) -> Result<VideoLink> {
    let segments: Vec<&str> = parts.path.split('/').filter(|s| !s.is_empty()).collect();
    let id = if short_host {
        match segments.first() {
            Some(id) => youtube_id(id)?,
            None => {
                return Err(error(crate::text::t(
                    "core.videoLink.youtuBe",
                    "this youtu.be link names no video: expected youtu.be/ID (or {forms})",
                    &[("forms", &YOUTUBE_FORMS)],
                )))
            }
        }
    } else {
        match segments.as_slice() {
            ["watch", ..] => match param(parts.query, "v") {
                Some(v) if !v.is_empty() => youtube_id(&v)?,
                _ => {
                    return Err(error(crate::text::t(
            "core.videoLink.noV",
            "this YouTube link has no video id (v=…): expected {forms}",
            &[("forms", &YOUTUBE_FORMS)],
        )))
                }
            },
            ["shorts" | "embed" | "live" | "v" | "e", id, ..] => youtube_id(id)?,
            ["playlist", ..] => {
                return Err(error(crate::text::t(
            "core.videoLink.playlist",
            "this YouTube link is a playlist, not one video: open the video and copy its link ({forms})",
            &[("forms", &YOUTUBE_FORMS)],
        )))
            }
            [first, ..] if first.starts_with('@') || matches!(*first, "channel" | "c" | "user") => {
                return Err(error(crate::text::t(
            "core.videoLink.channel",
            "this YouTube link is a channel, not one video: open the video and copy its link ({forms})",
            &[("forms", &YOUTUBE_FORMS)],
        )))
            }
            _ => {
                return Err(error(crate::text::t(
            "core.videoLink.youtubeNone",
            "this YouTube link does not name a video: expected {forms}",
            &[("forms", &YOUTUBE_FORMS)],
        )))
            }
        }
    };
    let start = match start_in(parts.query, &["t", "start"])? {
        Some(s) => Some(s),
        None => start_in(parts.fragment, &["t", "start"])?,
    };
    let start = start.and_then(kept_start);
    let mut url = format!("https://www.youtube.com/watch?v={id}");
    if let Some(s) = start {
        url.push_str(&format!("&t={}s", seconds_text(s)));
    }
    Ok(VideoLink {
        provider: Provider::YouTube,
        key: format!("youtube:{id}"),
        id,
        hash: None,
        start,
        url,
    })
}

/// A start time as the link keeps it: rounded to the millisecond, none when
/// that is 0 (so `t=0.0004` and `t=0` both give the link without a start, and
/// the written link reads back the same).
fn kept_start(s: f64) -> Option<f64> {
    let rounded = (s * 1000.0).round() / 1000.0;
    (rounded > 0.0).then_some(rounded)
}

/// Seconds as short text: `90`, `90.5` (already rounded by [`kept_start`]).
fn seconds_text(s: f64) -> String {
    format!("{s}")
}

fn vimeo_id(id: &str) -> Result<String> {
    if !id.is_empty() && id.len() <= 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id.to_string())
    } else {
        Err(error(crate::text::t(
            "core.videoLink.vimeoId",
            "the Vimeo video id “{id}” is not one: expected digits (as in vimeo.com/76979871)",
            &[("id", &id)],
        )))
    }
}

fn vimeo_hash(hash: &str) -> Result<String> {
    if !hash.is_empty() && hash.len() <= 40 && hash.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(hash.to_string())
    } else {
        Err(error(crate::text::t(
            "core.videoLink.vimeoHash",
            "the Vimeo privacy hash “{hash}” is not one: expected letters and digits (as in vimeo.com/76979871/8272103f6e)",
            &[("hash", &hash)],
        )))
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn vimeo(parts: &Parts<'_>, player_host: bool) -> Result<VideoLink> {
    let segments: Vec<&str> = parts.path.split('/').filter(|s| !s.is_empty()).collect();
    let no_video = || {
        error(crate::text::t(
            "core.videoLink.vimeoNone",
            "this Vimeo link does not name a video: expected {forms}",
            &[("forms", &VIMEO_FORMS)],
        ))
    };
    // (id, hash in the path)
    let (id, path_hash): (&str, Option<&str>) = if player_host {
        match segments.as_slice() {
            ["video", id, ..] => (id, None),
            _ => return Err(no_video()),
        }
    } else {
        match segments.as_slice() {
            [id] if all_digits(id) => (id, None),
            [id, hash, ..] if all_digits(id) => (id, Some(hash)),
            ["video", id, ..] => (id, None),
            ["channels", _, id] | ["groups", _, "videos", id] => (id, None),
            ["channels", _, id, hash] | ["groups", _, "videos", id, hash] if all_digits(id) => {
                (id, Some(hash))
            }
            ["album" | "showcase", _, "video", id, ..] => (id, None),
            ["manage", "videos", id] => (id, None),
            ["manage", "videos", id, hash, ..] if all_digits(id) => (id, Some(hash)),
            [] => return Err(no_video()),
            [first, ..] if all_digits(first) => return Err(no_video()),
            _ => {
                return Err(error(crate::text::t(
            "core.videoLink.vimeoPage",
            "this Vimeo link is not one video (a channel, user or showcase page?): expected {forms}",
            &[("forms", &VIMEO_FORMS)],
        )))
            }
        }
    };
    let id = vimeo_id(id)?;
    let hash = match (path_hash, param(parts.query, "h")) {
        (Some(h), _) => Some(vimeo_hash(h)?),
        (None, Some(h)) if !h.is_empty() => Some(vimeo_hash(&h)?),
        _ => None,
    };
    let start = match start_in(parts.fragment, &["t"])? {
        Some(s) => Some(s),
        None => start_in(parts.query, &["t"])?,
    };
    let start = start.and_then(kept_start);
    let mut url = format!("https://vimeo.com/{id}");
    if let Some(h) = &hash {
        url.push('/');
        url.push_str(h);
    }
    if let Some(s) = start {
        url.push_str(&format!("#t={}s", seconds_text(s)));
    }
    Ok(VideoLink { provider: Provider::Vimeo, key: format!("vimeo:{id}"), id, hash, start, url })
}

/// Reads a pasted link. `Ok(Some(..))`: a YouTube or Vimeo video;
/// `Ok(None)`: not a YouTube or Vimeo link at all (a file name, a path of
/// the site, another site's video); `Err`: a YouTube or Vimeo link that
/// names no video or a bad id or start time, with what was expected.
pub fn parse(text: &str) -> Result<Option<VideoLink>> {
    let text = text.trim();
    if text.is_empty() || text.contains(char::is_whitespace) {
        return Ok(None);
    }
    let Some(parts) = split(text) else { return Ok(None) };
    let host = parts.host.strip_prefix("www.").unwrap_or(&parts.host);
    match host {
        "youtube.com" | "m.youtube.com" | "music.youtube.com" | "youtube-nocookie.com" => {
            youtube(&parts, false).map(Some)
        }
        "youtu.be" => youtube(&parts, true).map(Some),
        "vimeo.com" => vimeo(&parts, false).map(Some),
        "player.vimeo.com" => vimeo(&parts, true).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_times() {
        for (text, want) in [
            ("90", Some(90.0)),
            ("90.5", Some(90.5)),
            ("90s", Some(90.0)),
            ("1m30s", Some(90.0)),
            ("1m", Some(60.0)),
            ("1h2m3s", Some(3723.0)),
            ("1H2M3S", Some(3723.0)),
            ("1:30", Some(90.0)),
            ("1:02:03", Some(3723.0)),
            ("1000000000", Some(1e9)),
            ("1000000000.5", None),
            ("4444444444444.4444444444444444444444444444444400000000017214571725659948875s", None),
            ("", None),
            ("1x", None),
            ("s", None),
            ("1s2m", None),
            ("1:60", None),
            ("1:2:3:4", None),
            ("-5", None),
            ("1..2", None),
        ] {
            assert_eq!(parse_start(text), want, "{text:?}");
        }
    }

    #[test]
    fn unescape_keeps_bad_escapes() {
        assert_eq!(unescape("a%20b+c%zz%4"), "a b c%zz%4");
    }
}
