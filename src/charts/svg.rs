//! A tiny SVG writer: every chart is a string of SVG built here, with its
//! text escaped, a `<title>` and a `<desc>` (the text alternative), and
//! colours taken from CSS custom properties so pages and widgets can theme it
//! (the palette is [`super::palette`]).

use std::fmt::Write;

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Formats a number for SVG coordinates: at most two decimals, no trailing zeros.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        let s = format!("{rounded:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// Number formatting lives in the text module both the charts and the analyses use.
pub use crate::number::label_number;

pub use super::palette::{series_colour, GRID, MUTED, NEGATIVE, POSITIVE, TEXT, UNCLASSIFIED};

/// The attributes that paint an element with `colour` for `property`
/// (`fill` or `stroke`), without inline styles (which a strict
/// Content-Security-Policy refuses): a themable colour
/// `var(--name, #hex)` becomes the presentation attribute `#hex` plus the
/// class `tp-fill-name` / `tp-stroke-name`, which the pages' stylesheet
/// (`www/css/charts.css`) maps back to the custom property. A plain colour
/// is written as it is.
pub fn paint(property: &str, colour: &str) -> String {
    if let Some(inner) = colour.strip_prefix("var(--").and_then(|c| c.strip_suffix(')')) {
        if let Some((name, fallback)) = inner.split_once(',') {
            let name: String =
                name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
            return format!(
                r#"{property}="{}" class="{property}-{name}""#,
                escape(fallback.trim())
            );
        }
    }
    format!(r#"{property}="{}""#, escape(colour))
}

/// An SVG document being written. Coordinates are in user units; the
/// element scales to its container (`width="100%"`, `viewBox`).
pub struct Svg {
    out: String,
    /// The extent of every text written so far (see [`text_box`]).
    boxes: Vec<TextBox>,
}

impl Svg {
    /// Starts a chart of `width` × `height` user units with a title and a
    /// text alternative. `id` keys the title/desc ids (unique per page).
    pub fn new(id: &str, width: f64, height: f64, title: &str, description: &str) -> Svg {
        let id = escape(id);
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="tp-chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="12"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>"#,
            w = num(width),
            h = num(height),
            title = escape(title),
            desc = escape(description),
        );
        Svg { out, boxes: Vec::new() }
    }

    /// A filled rectangle with an optional tooltip.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tooltip: Option<&str>) {
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {}>"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
            paint("fill", fill)
        );
        self.tooltip_and_close(tooltip, "rect");
    }

    /// A circle with an optional tooltip.
    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, fill: &str, tooltip: Option<&str>) {
        let _ = write!(
            self.out,
            r#"<circle cx="{}" cy="{}" r="{}" {}>"#,
            num(cx),
            num(cy),
            num(r),
            paint("fill", fill)
        );
        self.tooltip_and_close(tooltip, "circle");
    }

    /// A straight line.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {} stroke-width="{}"/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            paint("stroke", stroke),
            num(width)
        );
    }

    /// A dashed straight line.
    pub fn dashed_line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str) {
        let _ = write!(
            self.out,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {} stroke-width="1.5" stroke-dasharray="5 4"/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            paint("stroke", stroke)
        );
    }

    /// A polyline through `points`.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64) {
        let pts: Vec<String> =
            points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect();
        let _ = write!(
            self.out,
            r#"<polyline points="{}" fill="none" {} stroke-width="{}"/>"#,
            pts.join(" "),
            paint("stroke", stroke),
            num(width)
        );
    }

    /// A filled path (`d` in path syntax, built from numbers by the caller)
    /// with a fill opacity (a presentation attribute) and an optional tooltip.
    pub fn path(&mut self, d: &str, fill: &str, opacity: f64, tooltip: Option<&str>) {
        let _ = write!(
            self.out,
            r#"<path d="{}" {} fill-opacity="{}">"#,
            escape(d),
            paint("fill", fill),
            num(opacity.clamp(0.0, 1.0))
        );
        self.tooltip_and_close(tooltip, "path");
    }

    /// A rectangle filled with `fill` at `opacity` (heat map cells), with an optional tooltip.
    /// `area` is (x, y, width, height).
    pub fn shaded_rect(
        &mut self,
        area: (f64, f64, f64, f64),
        fill: &str,
        opacity: f64,
        tooltip: Option<&str>,
    ) {
        let (x, y, w, h) = area;
        let _ = write!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" {} fill-opacity="{}">"#,
            num(x),
            num(y),
            num(w.max(0.0)),
            num(h.max(0.0)),
            paint("fill", fill),
            num(opacity.clamp(0.0, 1.0))
        );
        self.tooltip_and_close(tooltip, "rect");
    }

    /// Text at (`x`, `y`); `anchor` is `start`, `middle` or `end`.
    pub fn text(&mut self, x: f64, y: f64, text: &str, anchor: &str, fill: &str, size: f64) {
        self.write_text(x, y, anchor, fill, size, false, None, text);
    }

    /// Bold text (chart headings inside the drawing).
    pub fn bold_text(&mut self, x: f64, y: f64, text: &str, anchor: &str, size: f64) {
        self.write_text(x, y, anchor, TEXT, size, true, None, text);
    }

    /// Every `<text>`: its box is recorded, an optional tooltip goes first.
    #[allow(clippy::too_many_arguments)]
    fn write_text(
        &mut self,
        x: f64,
        y: f64,
        anchor: &str,
        fill: &str,
        size: f64,
        bold: bool,
        tooltip: Option<&str>,
        text: &str,
    ) {
        self.boxes.push(text_box(x, y, anchor, size, bold, text));
        let _ = write!(
            self.out,
            r#"<text x="{}" y="{}" text-anchor="{}" {} font-size="{}"{}>"#,
            num(x),
            num(y),
            anchor,
            paint("fill", fill),
            num(size),
            if bold { r#" font-weight="600""# } else { "" }
        );
        if let Some(t) = tooltip {
            let _ = write!(self.out, "<title>{}</title>", escape(t));
        }
        let _ = write!(self.out, "{}</text>", escape(text));
    }

    /// Text truncated to about `max_chars` characters (full text as tooltip).
    pub fn label(&mut self, x: f64, y: f64, text: &str, anchor: &str, max_chars: usize) {
        let count = text.chars().count();
        if count <= max_chars {
            self.text(x, y, text, anchor, TEXT, 12.0);
        } else {
            let short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
            self.truncated(x, y, text, &short, anchor, 12.0);
        }
    }

    /// Text of size 12 that fits in `max_width` user units: cut short with
    /// "…" (the full text as its tooltip) when it would not, so no label
    /// runs off the drawing or into its neighbour.
    pub fn label_fit(&mut self, x: f64, y: f64, text: &str, anchor: &str, max_width: f64) {
        if text_width(text, 12.0, false) <= max_width {
            self.text(x, y, text, anchor, TEXT, 12.0);
            return;
        }
        let mut short = String::new();
        let mut width = text_width("…", 12.0, false);
        for c in text.chars() {
            let w = char_width(c) * 12.0;
            if width + w > max_width {
                break;
            }
            width += w;
            short.push(c);
        }
        self.truncated(x, y, text, short.trim_end(), anchor, 12.0);
    }

    fn truncated(&mut self, x: f64, y: f64, full: &str, short: &str, anchor: &str, size: f64) {
        self.write_text(x, y, anchor, TEXT, size, false, Some(full), &format!("{short}…"));
    }

    /// True when `candidate` meets none of the texts written so far.
    pub fn is_free(&self, candidate: &TextBox) -> bool {
        !self.boxes.iter().any(|b| b.intersects(candidate))
    }

    /// Raw, already-safe SVG markup (only for markup built by this module).
    pub fn raw(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// The extents of the texts written so far.
    pub fn text_boxes(&self) -> &[TextBox] {
        &self.boxes
    }

    /// Closes the document and returns it.
    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }

    fn tooltip_and_close(&mut self, tooltip: Option<&str>, element: &str) {
        match tooltip {
            Some(t) => {
                let _ = write!(self.out, "<title>{}</title></{element}>", escape(t));
            }
            None => {
                // Turn `<rect ...>` into `<rect .../>`.
                self.out.pop();
                self.out.push_str("/>");
            }
        }
    }
}

/// The extent of a text in user units: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl TextBox {
    /// True when the two boxes share some area.
    pub fn intersects(&self, other: &TextBox) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// The box grown by `margin` on every side.
    pub fn grown(&self, margin: f64) -> TextBox {
        TextBox {
            x0: self.x0 - margin,
            y0: self.y0 - margin,
            x1: self.x1 + margin,
            y1: self.y1 + margin,
        }
    }
}

/// Advance width of `c` in em of a sans-serif UI font, on the wide side
/// (DejaVu Sans, the widest common fallback), so boxes that do not meet
/// here do not meet on screen.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '!' | '|' | '.' | ',' | ':' | ';' | '\'' | '`' | 'I' => 0.32,
        ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' | '"' => 0.42,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.98,
        '—' | '…' | '×' | '→' | '←' | '↑' | '≥' | '≤' | '·' => 1.0,
        '0'..='9' => 0.64,
        'A'..='Z' => 0.74,
        'a'..='z' => 0.63,
        c if c.is_ascii() => 0.64,
        _ => 0.8,
    }
}

/// Estimated width of `text` at font `size` (bold is about 8% wider).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(char_width).sum();
    em * size * if bold { 1.08 } else { 1.0 }
}

/// The box of `text` drawn at (`x`, `y`) — `y` is the baseline — with
/// `anchor` (`start`, `middle`, `end`) and font `size`.
pub fn text_box(x: f64, y: f64, anchor: &str, size: f64, bold: bool, text: &str) -> TextBox {
    let w = text_width(text, size, bold);
    let x0 = match anchor {
        "middle" => x - w / 2.0,
        "end" => x - w,
        _ => x,
    };
    TextBox { x0, y0: y - 0.78 * size, x1: x0 + w, y1: y + 0.24 * size }
}

/// The ticks of a count axis from 0: a whole-number step (1, 2 or 5 × 10^n,
/// or 25 × 10^n), the fewest intervals up to `max_intervals` whose last tick
/// is at or above the largest count. Never a fractional tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ticks {
    /// Distance between ticks (a whole number ≥ 1).
    pub step: f64,
    /// Number of intervals (ticks minus one).
    pub intervals: usize,
}

impl Ticks {
    /// The axis end: the last tick.
    pub fn max(&self) -> f64 {
        self.step * self.intervals as f64
    }

    /// Every tick value, from 0.
    pub fn values(&self) -> impl Iterator<Item = f64> + '_ {
        (0..=self.intervals).map(move |i| self.step * i as f64)
    }
}

/// Ticks for counts up to `max` (see [`Ticks`]); at least one interval.
pub fn count_ticks(max: f64, max_intervals: usize) -> Ticks {
    let max = if max.is_finite() && max > 0.0 { max.ceil() } else { 1.0 };
    let limit = max_intervals.max(1) as f64;
    let mut magnitude: f64 = 1.0;
    loop {
        for factor in [1.0, 2.0, 2.5, 5.0] {
            let step = factor * magnitude;
            if step.fract() != 0.0 {
                continue;
            }
            let intervals = (max / step).ceil();
            if intervals <= limit {
                return Ticks { step, intervals: intervals.max(1.0) as usize };
            }
        }
        magnitude *= 10.0;
    }
}

/// A "nice" upper bound for an axis (1, 2, 2.5, 5 × 10^n) at or above `max`.
pub fn nice_max(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * magnitude >= max {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape("a & \"b\""), "a &amp; &quot;b&quot;");
    }

    #[test]
    fn numbers() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(3.456), "3.46");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(label_number(1234567.0, 0), "1,234,567");
        assert_eq!(label_number(12.5, 1), "12.5");
        assert_eq!(label_number(-1500.25, 2), "-1,500.25");
        assert_eq!(nice_max(7.0), 8.0);
        assert_eq!(nice_max(180.0), 200.0);
        assert_eq!(nice_max(51.0), 60.0);
        assert_eq!(nice_max(0.0), 1.0);
    }
}
