//! Grouped bars: total perceived benefit and total perceived cost per offer.

use super::svg::{label_number, nice_max, series_colour, text_box, text_width, Svg, TEXT};

/// Draws one group per offer `(name, benefit, cost)`: a benefit bar and a
/// cost bar side by side, values printed above. Negative values draw as 0.
pub fn benefit_cost_bars(id: &str, title: &str, offers: &[(String, f64, f64)]) -> String {
    let clean = |v: f64| if v.is_finite() { v.max(0.0) } else { 0.0 };
    let desc = if offers.is_empty() {
        crate::text::t("core.chart.noOffers", "No offers.", &[])
    } else {
        offers
            .iter()
            .map(|(n, b, c)| {
                crate::text::t(
                    "core.chart.benefitCost.offer",
                    "{name}: benefit {benefit}, cost {cost}, value {value}.",
                    &[
                        ("name", n),
                        ("benefit", &label_number(*b, 2)),
                        ("cost", &label_number(*c, 2)),
                        ("value", &label_number(b - c, 2)),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (width, height) = (560.0, 320.0);
    let (left, right, top, bottom) = (48.0, 12.0, 52.0, 40.0);
    let mut svg = Svg::new(id, width, height, title, &desc);
    svg.bold_text(0.0, 18.0, title, "start", 14.0);
    let (benefit_colour, cost_colour) = (series_colour(2), series_colour(5));
    svg.rect(0.0, 28.0, 10.0, 10.0, &benefit_colour, None);
    svg.text(
        14.0,
        37.0,
        &crate::text::t("core.chart.benefit", "benefit", &[]),
        "start",
        TEXT,
        11.0,
    );
    svg.rect(74.0, 28.0, 10.0, 10.0, &cost_colour, None);
    svg.text(88.0, 37.0, &crate::text::t("core.chart.cost", "cost", &[]), "start", TEXT, 11.0);
    let max = nice_max(offers.iter().map(|(_, b, c)| clean(*b).max(clean(*c))).fold(0.0, f64::max));
    let (pw, ph) = (width - left - right, height - top - bottom);
    super::bars::y_axis(&mut svg, left, width - right, top, ph, max);
    let slot = pw / offers.len().max(1) as f64;
    let bar = (slot * 0.35).min(60.0);
    for (i, (name, b, c)) in offers.iter().enumerate() {
        let x0 = left + slot * i as f64 + slot / 2.0 - bar;
        for (k, (v, colour, what)) in [
            (*b, &benefit_colour, crate::text::t("core.chart.benefit", "benefit", &[])),
            (*c, &cost_colour, crate::text::t("core.chart.cost", "cost", &[])),
        ]
        .iter()
        .enumerate()
        {
            let h = ph * clean(*v) / max;
            let x = x0 + bar * k as f64;
            let tip = format!("{name} · {what}: {}", label_number(*v, 2));
            svg.rect(x, top + ph - h, bar - 2.0, h, colour, Some(&tip));
            // Above the bar; one line higher when the neighbouring bar's value is in the way.
            let text = label_number(*v, 1);
            let (cx, y) = (x + bar / 2.0 - 1.0, top + ph - h - 4.0);
            let y = [y, y - 12.0, y - 24.0]
                .into_iter()
                .find(|y| svg.is_free(&text_box(cx, *y, "middle", 11.0, false, &text).grown(1.0)))
                .unwrap_or(y);
            svg.text(cx, y, &text, "middle", TEXT, 11.0);
        }
        let centre = left + slot * i as f64 + slot / 2.0;
        let fit = (slot - 6.0).max(12.0);
        let x = centre - fit.min(text_width(name, 12.0, false)) / 2.0;
        svg.label_fit(x, height - bottom + 16.0, name, "start", fit);
    }
    svg.finish()
}

/// The perceived-value report's benefit and cost bars, one group per offer.
pub fn benefit_cost_chart(report: &crate::value::ValueReport) -> String {
    let groups: Vec<(String, f64, f64)> =
        report.offers.iter().map(|o| (o.name.clone(), o.benefit, o.cost)).collect();
    benefit_cost_bars(
        "tp-benefit-cost",
        &crate::text::t(
            "core.chart.benefitCost.title",
            "Perceived benefit and cost per offer",
            &[],
        ),
        &groups,
    )
}
