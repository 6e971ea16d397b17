//! The one palette of Touchpoints: every colour a chart uses, and the
//! colours of the kinds that the pages' pills, counts and timeline strip
//! use too. Each colour is a CSS custom property (`--tp-NAME`) with a
//! default; charts write the default as a presentation attribute plus a
//! class that `www/css/charts.css` maps back to the property, and that
//! stylesheet is generated from this table ([`stylesheet`]; a test checks
//! that the file and the table agree).
//!
//! Kinds have their own properties (`--tp-kind-actual-experience` …), so the
//! four kinds look the same on every chart and every page, whatever series
//! colours a theme picks for the other dimensions.

use crate::model::Kind;

/// One named colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Swatch {
    /// The custom property without `--tp-` (`series-1`, `kind-actual-experience`).
    pub name: &'static str,
    /// The default colour.
    pub hex: &'static str,
}

const fn swatch(name: &'static str, hex: &'static str) -> Swatch {
    Swatch { name, hex }
}

/// Series colours, in order: a colour-blind-safe palette (Okabe–Ito, extended; its
/// orange darkened to #B87800 so that the first four, which colour the classes of every
/// dimension, keep a 3:1 contrast on white and on the dark theme, WCAG 1.4.11).
pub const SERIES: [Swatch; 10] = [
    swatch("series-1", "#0072B2"),
    swatch("series-2", "#B87800"),
    swatch("series-3", "#009E73"),
    swatch("series-4", "#CC79A7"),
    swatch("series-5", "#56B4E9"),
    swatch("series-6", "#D55E00"),
    swatch("series-7", "#F0E442"),
    swatch("series-8", "#999999"),
    swatch("series-9", "#332288"),
    swatch("series-10", "#88CCEE"),
];

/// The kinds' colours, in [`Kind::ALL`] order (the first four series colours).
pub const KINDS: [Swatch; 4] = [
    swatch("kind-actual-experience", "#0072B2"),
    swatch("kind-personal-communication", "#B87800"),
    swatch("kind-mass-communication", "#009E73"),
    swatch("kind-casual-observation", "#CC79A7"),
];

/// Declares each named colour once: a `const` holding its themable value
/// (`var(--tp-text, #1f2937)`) and its entry in [`NAMED`].
macro_rules! named_colours {
    ($( $(#[$doc:meta])* $constant:ident = $name:literal, $hex:literal; )*) => {
        $( $(#[$doc])* pub const $constant: &str = concat!("var(--tp-", $name, ", ", $hex, ")"); )*
        /// Text, axes, grid, "not decided", and the two ends of a diverging scale.
        pub const NAMED: &[Swatch] = &[$( swatch($name, $hex), )*];
    };
}

named_colours! {
    /// Text colour.
    TEXT = "text", "#1f2937";
    /// Muted text and axis colour.
    MUTED = "muted", "#6b7280";
    /// Grid line colour.
    GRID = "grid", "#e5e7eb";
    /// Colour for "not decided" / unclassified.
    UNCLASSIFIED = "unclassified", "#858e9c";
    /// The bad end of a diverging scale (dissatisfied).
    NEGATIVE = "negative", "#D55E00";
    /// The good end of a diverging scale (delighted).
    POSITIVE = "positive", "#009E73";
}

/// Every swatch: series, kinds, named.
pub fn all() -> impl Iterator<Item = &'static Swatch> {
    SERIES.iter().chain(KINDS.iter()).chain(NAMED.iter())
}

/// The themable colour of `s`: `var(--tp-NAME, #hex)`.
pub fn themable(s: &Swatch) -> String {
    format!("var(--tp-{}, {})", s.name, s.hex)
}

/// A colour for series `index` (wrapping around after ten).
pub fn series_colour(index: usize) -> String {
    themable(&SERIES[index % SERIES.len()])
}

/// The colour of a kind; grey ("unclassified") for none.
pub fn kind_colour(kind: Option<Kind>) -> String {
    match kind.and_then(|k| Kind::ALL.iter().position(|v| *v == k)) {
        Some(i) => themable(&KINDS[i % KINDS.len()]),
        None => UNCLASSIFIED.to_string(),
    }
}

/// The stylesheet `www/css/charts.css`: the properties' defaults on `:root`
/// (the pages use them for pills and counts), a `fill-tp-NAME` and a
/// `stroke-tp-NAME` class per swatch (the charts use them; inside a widget's
/// shadow root the `var()` fallbacks apply), and a `tp-kind-KEY` class per
/// kind that sets `--tp-kind` (for pills and marks coloured by kind).
pub fn stylesheet() -> String {
    let mut css = String::from(
        "/* Generated from src/charts/palette.rs, the one palette of charts and pages: do not edit.\n   `cargo run --example palette_css` rewrites it; tests/charts.rs checks that it matches. */\n:root {\n",
    );
    for s in all() {
        css.push_str(&format!("  --tp-{}: {};\n", s.name, s.hex));
    }
    css.push_str("}\n");
    for property in ["fill", "stroke"] {
        for s in all() {
            css.push_str(&format!(
                ".{property}-tp-{name} {{ {property}: var(--tp-{name}, {hex}); }}\n",
                name = s.name,
                hex = s.hex
            ));
        }
    }
    for (kind, s) in Kind::ALL.iter().zip(KINDS.iter()) {
        css.push_str(&format!(
            ".tp-kind-{} {{ --tp-kind: var(--tp-{}, {}); }}\n",
            kind.key(),
            s.name,
            s.hex
        ));
    }
    css.push_str(&format!(".tp-kind-unclassified {{ --tp-kind: {UNCLASSIFIED}; }}\n"));
    css.push_str(".tp-chart { font-family: var(--tp-font, system-ui, sans-serif); }\n");
    css
}

/// The backgrounds a chart is drawn on: the pages' panels and the light widget
/// (`#ffffff`), and the dark widget theme (`--tp-widget-bg: #111827`, widget.css).
pub const BACKGROUNDS: [(&str, &str); 2] = [("light", "#ffffff"), ("dark", "#111827")];

/// WCAG 2 relative luminance of a `#rrggbb` colour (None for another form).
pub fn luminance(hex: &str) -> Option<f64> {
    let digits = hex.strip_prefix('#').filter(|d| d.len() == 6)?;
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(digits.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (x, y) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_have_their_own_colours() {
        assert_eq!(
            kind_colour(Some(Kind::MassCommunication)),
            "var(--tp-kind-mass-communication, #009E73)"
        );
        assert_eq!(kind_colour(None), "var(--tp-unclassified, #858e9c)");
        assert_eq!(series_colour(11), "var(--tp-series-2, #B87800)");
        assert_eq!(TEXT, themable(&NAMED[0]));
    }
}
