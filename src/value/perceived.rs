//! Customer-perceived value (seed 002): "the customer's evaluation of the
//! difference between all the benefits and all the costs of a marketing
//! offer relative to those of competing offers".

use serde::Serialize;

use super::sheet::{category_side, Side, ValueSheet};
use crate::model::Problem;
use crate::text;

/// One criterion's share of the value difference between an offer and its rival.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    /// Criterion name.
    pub criterion: String,
    /// Benefit or cost.
    pub side: Side,
    /// The criterion's category.
    pub category: String,
    /// The criterion's weight.
    pub weight: f64,
    /// This offer's rating.
    pub rating: f64,
    /// The rival's rating.
    pub rival_rating: f64,
    /// weight × (rating − rival rating) for a benefit, weight × (rival rating −
    /// rating) for a cost: positive helps this offer. The contributions sum to
    /// the value gap (over criteria both offers rated).
    pub contribution: f64,
}

/// The figures of one offer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfferValue {
    /// Offer name.
    pub name: String,
    /// True for the first offer of the sheet (ours).
    pub ours: bool,
    /// Total benefit: Σ weight × rating over benefit criteria.
    pub benefit: f64,
    /// Total cost: Σ weight × rating over cost criteria.
    pub cost: f64,
    /// Perceived value = benefit − cost.
    pub value: f64,
    /// Value ratio = benefit / cost; `None` when the cost is 0 (see `ratio_note`).
    pub ratio: Option<f64>,
    /// Why `ratio` is `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio_note: Option<String>,
    /// 1 = highest perceived value (ties share no rank: ordered by name).
    pub rank: usize,
    /// The best of the *other* offers (for ours: the best competitor).
    pub rival: Option<String>,
    /// value − rival's value (`None` when the sheet has one offer).
    pub gap_to_rival: Option<f64>,
    /// Above the fair-value line (benefit > slope × cost): better value than
    /// the market's mean benefit per unit of cost. `None` without a line.
    pub above_fair_value: Option<bool>,
    /// Criteria driving the gap to the rival, by |contribution| (largest
    /// first), ties by criterion name.
    pub drivers: Vec<Driver>,
    /// Criteria this offer has no rating for (they add nothing to its totals).
    pub missing: Vec<String>,
}

/// The perceived-value analysis of a sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueReport {
    /// Offers in sheet order (ours first).
    pub offers: Vec<OfferValue>,
    /// Our offer's name (the sheet's first offer).
    pub ours: Option<String>,
    /// The competitor with the highest perceived value (ties: first by name).
    pub best_competitor: Option<String>,
    /// Our value − the best competitor's value.
    pub gap_to_best_competitor: Option<f64>,
    /// Offer names by perceived value, highest first; ties by name.
    pub ranking: Vec<String>,
    /// Slope of the fair-value line benefit = slope × cost through the
    /// origin: Σ benefit / Σ cost over all offers (mean benefit / mean cost).
    pub fair_value_slope: Option<f64>,
    /// Plain-language statements (one offer only, no line, …).
    pub notes: Vec<String>,
    /// Warnings about the sheet (missing ratings, category on the wrong side, …).
    pub problems: Vec<Problem>,
}

/// Orders floats descending, treating NaN as smallest.
fn desc(a: f64, b: f64) -> std::cmp::Ordering {
    b.partial_cmp(&a).unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
}

/// Computes every offer's benefit, cost, value, ratio, rank, gap to its
/// rival and drivers. Never panics: zero costs give no ratio (with a reason),
/// bad numbers in an edited sheet leave the criterion out with a problem.
pub fn perceived_value(sheet: &ValueSheet) -> ValueReport {
    let n = sheet.offers.len();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    // Usable ratings: rating(c, o) = Some(r) when finite and the criterion usable.
    let mut usable = vec![true; sheet.criteria.len()];
    for (ci, c) in sheet.criteria.iter().enumerate() {
        let row = ci as u64 + 2; // the CSV line: header on line 1
        if !c.weight.is_finite() || c.weight < 0.0 {
            usable[ci] = false;
            problems.push(Problem::new(
                row,
                text::t(
                    "core.value.weightLeftOut",
                    "criterion \"{name}\": weight must be a number ≥ 0; left out",
                    &[("name", &c.name)],
                ),
            ));
        }
        if let Some(side) = category_side(&c.category) {
            if side != c.side {
                let args: &[(&str, &dyn std::fmt::Display)] =
                    &[("name", &c.name), ("category", &c.category)];
                let message = match side {
                    Side::Cost => text::t(
                        "core.value.costCategoryOnBenefit",
                        "criterion \"{name}\": category \"{category}\" is a cost category, but the criterion is a benefit; counted as a benefit",
                        args,
                    ),
                    Side::Benefit => text::t(
                        "core.value.benefitCategoryOnCost",
                        "criterion \"{name}\": category \"{category}\" is a benefit category, but the criterion is a cost; counted as a cost",
                        args,
                    ),
                };
                problems.push(Problem::new(row, message));
            }
        }
        for (oi, offer) in sheet.offers.iter().enumerate() {
            match c.ratings.get(oi).copied().flatten() {
                Some(r) if r.is_finite() => {}
                Some(_) => problems.push(Problem::new(
                    row,
                    text::t(
                        "core.value.ratingNaNMissing",
                        "criterion \"{name}\": the rating of \"{offer}\" is not a number; counted as missing",
                        &[("name", &c.name), ("offer", offer)],
                    ),
                )),
                None if usable[ci] => problems.push(Problem::new(
                    row,
                    text::t(
                        "core.value.noRating",
                        "criterion \"{name}\": \"{offer}\" has no rating; it adds nothing to that offer's totals",
                        &[("name", &c.name), ("offer", offer)],
                    ),
                )),
                None => {}
            }
        }
    }
    let rating = |ci: usize, oi: usize| -> Option<f64> {
        if !usable[ci] {
            return None;
        }
        sheet.criteria[ci].ratings.get(oi).copied().flatten().filter(|r| r.is_finite())
    };
    let mut offers: Vec<OfferValue> = (0..n)
        .map(|oi| {
            let (mut benefit, mut cost) = (0.0, 0.0);
            let mut missing = Vec::new();
            for (ci, c) in sheet.criteria.iter().enumerate() {
                match rating(ci, oi) {
                    Some(r) => match c.side {
                        Side::Benefit => benefit += c.weight * r,
                        Side::Cost => cost += c.weight * r,
                    },
                    None if usable[ci] => missing.push(c.name.clone()),
                    None => {}
                }
            }
            let (ratio, ratio_note) = if cost > 0.0 {
                (Some(benefit / cost), None)
            } else if cost == 0.0 {
                let note = text::t(
                    "core.value.ratioZero",
                    "total cost is 0: the ratio benefit / cost is undefined",
                    &[],
                );
                (None, Some(note))
            } else {
                let note = text::t(
                    "core.value.ratioNegative",
                    "total cost is negative: the ratio benefit / cost is not meaningful",
                    &[],
                );
                (None, Some(note))
            };
            OfferValue {
                name: sheet.offers[oi].clone(),
                ours: oi == 0,
                benefit,
                cost,
                value: benefit - cost,
                ratio,
                ratio_note,
                rank: 0,
                rival: None,
                gap_to_rival: None,
                above_fair_value: None,
                drivers: Vec::new(),
                missing,
            }
        })
        .collect();

    // Ranking: value descending, ties by name, then by sheet position.
    let mut order: Vec<usize> = (0..n).collect();
    crate::sort::sort_by(&mut order, |&a, &b| {
        desc(offers[a].value, offers[b].value)
            .then_with(|| offers[a].name.cmp(&offers[b].name))
            .then(a.cmp(&b))
    });
    for (rank, &oi) in order.iter().enumerate() {
        offers[oi].rank = rank + 1;
    }
    let ranking: Vec<String> = order.iter().map(|&oi| offers[oi].name.clone()).collect();

    // Rival of each offer: the first other offer in ranking order.
    for oi in 0..n {
        let Some(&ri) = order.iter().find(|&&r| r != oi) else { continue };
        let mut drivers: Vec<Driver> = Vec::new();
        for (ci, c) in sheet.criteria.iter().enumerate() {
            let (Some(a), Some(b)) = (rating(ci, oi), rating(ci, ri)) else { continue };
            let sign = if c.side == Side::Benefit { 1.0 } else { -1.0 };
            drivers.push(Driver {
                criterion: c.name.clone(),
                side: c.side,
                category: c.category.clone(),
                weight: c.weight,
                rating: a,
                rival_rating: b,
                contribution: sign * c.weight * (a - b),
            });
        }
        crate::sort::sort_by(&mut drivers, |a, b| {
            desc(a.contribution.abs(), b.contribution.abs())
                .then_with(|| a.criterion.cmp(&b.criterion))
        });
        offers[oi].rival = Some(offers[ri].name.clone());
        offers[oi].gap_to_rival = Some(offers[oi].value - offers[ri].value);
        offers[oi].drivers = drivers;
    }

    // Fair-value line.
    let total_benefit: f64 = offers.iter().map(|o| o.benefit).sum();
    let total_cost: f64 = offers.iter().map(|o| o.cost).sum();
    let fair_value_slope = if n == 0 {
        None
    } else if total_cost > 0.0 && total_benefit.is_finite() {
        Some(total_benefit / total_cost)
    } else {
        notes.push(text::t(
            "core.value.noFairLine",
            "no fair-value line: the offers' total cost is 0",
            &[],
        ));
        None
    };
    if let Some(slope) = fair_value_slope {
        for o in &mut offers {
            o.above_fair_value = Some(o.benefit > slope * o.cost + 1e-9 * slope.abs().max(1.0));
        }
    }

    let ours = sheet.offers.first().cloned();
    let best_competitor = order.iter().find(|&&oi| oi != 0).map(|&oi| offers[oi].name.clone());
    let gap_to_best_competitor = if n > 1 { offers[0].gap_to_rival } else { None };
    match n {
        0 => notes.push(text::t("core.value.noOffersNote", "the sheet has no offers", &[])),
        1 => notes.push(text::t(
            "core.value.oneOffer",
            "only one offer: no competitor to compare with (add competitors' columns)",
            &[],
        )),
        _ => {}
    }
    if sheet.criteria.is_empty() {
        notes.push(text::t(
            "core.value.noCriteria",
            "the sheet has no criteria: every total is 0",
            &[],
        ));
    }
    ValueReport {
        offers,
        ours,
        best_competitor,
        gap_to_best_competitor,
        ranking,
        fair_value_slope,
        notes,
        problems,
    }
}
