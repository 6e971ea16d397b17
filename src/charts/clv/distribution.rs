//! The distribution of CLV over customers: a histogram, the last bin also
//! holding the top 1 %.

use crate::charts::bars::y_axis;
use crate::charts::svg::{label_number, nice_max, series_colour, Svg, MUTED};
use crate::clv::report::Distribution;

/// Draws the CLV histogram of `d` over `months` months.
pub fn distribution_chart(id: &str, d: &Distribution, months: u32) -> String {
    let title = crate::text::t(
        "core.clv.distribution.title",
        "Customer lifetime value over {months} months: how many customers at each value",
        &[("months", &months)],
    );
    let total: u64 = d.counts.iter().sum();
    let desc = crate::text::t(
        "core.clv.distribution.desc",
        "{n} customers; mean CLV {mean}, median {median}, total {total}. Most customers are worth little; a few are worth much more.",
        &[
            ("n", &total),
            ("mean", &label_number(d.mean, 2)),
            ("median", &label_number(d.median, 2)),
            ("total", &label_number(d.total, 0)),
        ],
    );
    let (width, height) = (560.0, 320.0);
    let (left, right, top, bottom) = (56.0, 16.0, 56.0, 48.0);
    let (pw, ph) = (width - left - right, height - top - bottom);
    let y_max = nice_max(d.counts.iter().copied().max().unwrap_or(0) as f64);
    let n = d.counts.len().max(1) as f64;
    let bw = pw / n;
    let mut svg = Svg::new(id, width, height, &title, &desc);
    let heading = crate::text::t(
        "core.clv.distribution.heading",
        "CLV distribution ({months} months)",
        &[("months", &months)],
    );
    svg.bold_text(0.0, 18.0, &heading, "start", 14.0);
    y_axis(&mut svg, left, left + pw, top, ph, y_max);
    for (i, &c) in d.counts.iter().enumerate() {
        let h = ph * c as f64 / y_max;
        let (lo, hi) = (d.edges[i], d.edges.get(i + 1).copied().unwrap_or(d.edges[i]));
        let last = i + 1 == d.counts.len();
        let tip = if last {
            crate::text::t(
                "core.clv.distribution.tipLast",
                "{n} customers with a CLV of {from} or more",
                &[("n", &c), ("from", &label_number(lo, 2))],
            )
        } else {
            crate::text::t(
                "core.clv.distribution.tip",
                "{n} customers with a CLV from {from} to {to}",
                &[("n", &c), ("from", &label_number(lo, 2)), ("to", &label_number(hi, 2))],
            )
        };
        svg.rect(
            left + i as f64 * bw + 1.0,
            top + ph - h,
            bw - 2.0,
            h,
            &series_colour(0),
            Some(&tip),
        );
    }
    let every = (d.counts.len() / 5).max(1);
    for (i, e) in d.edges.iter().enumerate().step_by(every) {
        svg.text(
            left + i as f64 * bw,
            top + ph + 16.0,
            &label_number(*e, 0),
            "middle",
            MUTED,
            11.0,
        );
    }
    svg.text(
        left + pw / 2.0,
        height - 10.0,
        &crate::text::t(
            "core.clv.distribution.axisX",
            "CLV (the last bar: that value or more) →",
            &[],
        ),
        "middle",
        MUTED,
        12.0,
    );
    let axis = crate::text::t("core.clv.distribution.axisY", "↑ customers", &[]);
    svg.text(8.0, top - 12.0, &axis, "start", MUTED, 12.0);
    svg.finish()
}
