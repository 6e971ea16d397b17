//! The transition matrix as a heat map: rows are where journeys come from,
//! columns where they go next; a cell's shade is the share of the row's
//! journeys that make the transition, its number the journeys.

use super::svg::{label_number, series_colour, Svg, GRID, MUTED, TEXT};
use crate::journeys::paths::{PathDimension, TransitionMatrix};

/// The transition matrix's title for paths by `dimension`, in the page's language.
pub fn transitions_title(dimension: PathDimension) -> String {
    let what = match dimension {
        PathDimension::Touchpoint => crate::text::t("core.matrix.touchpoints", "touch points", &[]),
        PathDimension::Channel => crate::text::t("core.matrix.channels", "channels", &[]),
        PathDimension::Kind => crate::text::t("core.matrix.kinds", "kinds", &[]),
        PathDimension::Owner => crate::text::t("core.matrix.owners", "owners", &[]),
        PathDimension::Stage => crate::text::t("core.matrix.stages", "stages", &[]),
        PathDimension::Media => crate::text::t("core.matrix.media", "media", &[]),
        PathDimension::Direction => crate::text::t("core.matrix.directions", "directions", &[]),
    };
    crate::text::t("core.matrix.title", "Transitions between {what}", &[("what", &what)])
}

/// Draws `matrix` (rows: from; columns: to, the last "End of journey").
pub fn transition_heatmap(id: &str, title: &str, matrix: &TransitionMatrix) -> String {
    let rows = matrix.cells.len();
    let cols = matrix.labels.len();
    // The core's own labels in the page's language: the last column is the end of the
    // journey, the one before it (and the last row) "Other" when there is one.
    let labels: Vec<String> = matrix
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| match (cols - i, l.as_str()) {
            (1, "End of journey") => crate::text::t("core.flow.end", "End of journey", &[]),
            (2, "Other") => crate::text::t("core.flow.other", "Other", &[]),
            _ => l.clone(),
        })
        .collect();
    let cell = if cols > 10 { 44.0 } else { 54.0 };
    let (left, top) = (170.0, 150.0);
    let width = (left + cell * cols as f64 + 12.0).max(520.0);
    let height = top + cell * rows.max(1) as f64 + 30.0;
    let mut parts = Vec::new();
    for (r, row) in matrix.cells.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .map(|(c, v)| format!("{} {}", labels[c], label_number(*v as f64, 0)))
            .collect();
        parts.push(crate::text::t(
            "core.matrix.row",
            "from {from} ({n} journeys): {cells}",
            &[
                ("from", &labels[r]),
                ("n", &label_number(matrix.rows[r] as f64, 0)),
                ("cells", &cells.join(", ")),
            ],
        ));
    }
    let description = crate::text::t(
        "core.matrix.desc",
        "Journeys with at least one transition from the row's touch point directly to the column's (shade: share of the row's journeys). {rows}.",
        &[("rows", &parts.join("; "))],
    );
    let mut svg = Svg::new(id, width, height, title, &description);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    svg.text(
        0.0,
        36.0,
        &crate::text::t(
            "core.matrix.key",
            "rows: from · columns: next · shade: share of the row's journeys",
            &[],
        ),
        "start",
        MUTED,
        11.0,
    );
    // Column labels, slanted upwards.
    for (c, label) in labels.iter().enumerate() {
        let x = left + cell * c as f64 + cell / 2.0;
        let short: String = if label.chars().count() > 18 {
            label.chars().take(17).chain(['…']).collect()
        } else {
            label.clone()
        };
        svg.raw(&format!(
            r#"<text x="{x}" y="{y}" transform="rotate(-45 {x} {y})" text-anchor="start" font-size="11" {fill}>{t}</text>"#,
            x = super::svg::num(x),
            y = super::svg::num(top - 8.0),
            fill = super::svg::paint("fill", TEXT),
            t = super::svg::escape(&short)
        ));
    }
    let colour = series_colour(0);
    for (r, row) in matrix.cells.iter().enumerate() {
        let y = top + cell * r as f64;
        svg.label(left - 8.0, y + cell / 2.0 + 4.0, &labels[r], "end", 24);
        let total = matrix.rows[r].max(1) as f64;
        for (c, value) in row.iter().enumerate() {
            let x = left + cell * c as f64;
            let share = *value as f64 / total;
            let tip = crate::text::t(
                "core.matrix.tip",
                "{from} → {to}: {n} of {total} journeys ({share}%)",
                &[
                    ("from", &labels[r]),
                    ("to", &labels[c]),
                    ("n", &label_number(*value as f64, 0)),
                    ("total", &label_number(total, 0)),
                    ("share", &label_number(100.0 * share, 1)),
                ],
            );
            svg.rect(x, y, cell - 2.0, cell - 2.0, GRID, None);
            if *value > 0 {
                svg.shaded_rect(
                    (x, y, cell - 2.0, cell - 2.0),
                    &colour,
                    0.12 + 0.88 * share,
                    Some(&tip),
                );
                let ink = if share > 0.5 { "#ffffff" } else { TEXT };
                svg.text(
                    x + (cell - 2.0) / 2.0,
                    y + cell / 2.0 + 3.0,
                    &label_number(*value as f64, 0),
                    "middle",
                    ink,
                    10.0,
                );
            }
        }
    }
    svg.finish()
}
