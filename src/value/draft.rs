//! A value sheet as the page edits it: every cell as typed. The core checks
//! it and says which cells make it unusable, by position, so the page never
//! decides what a number is and an invalid sheet gives no ranking until it
//! is fixed (a rating "x" is not a missing rating, and never counts as 0).
//!
//! ```
//! use touchpoints::value::draft::SheetDraft;
//! let draft: SheetDraft = serde_json::from_str(r#"{"offers": ["Ours", "Rival"],
//!     "criteria": [{"name": "Room", "side": "benefit", "weight": "2", "ratings": ["4", "x"]}]}"#).unwrap();
//! let problems = draft.check().unwrap_err();
//! assert_eq!((problems[0].row, problems[0].message.as_str()), (0, "\"x\" is not a number"));
//! ```

use std::collections::HashSet;

use super::sheet::{
    criterion_name_empty, offer_empty, offer_twice, parse_number, side_wrong, weight_missing,
    weight_negative, Criterion, Side, ValueSheet,
};
use crate::text;
use serde::{Deserialize, Serialize};

/// Offers × criteria, every cell as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetDraft {
    /// Offer names; the first is ours.
    pub offers: Vec<String>,
    /// Criteria in sheet order.
    pub criteria: Vec<CriterionDraft>,
}

/// One criterion as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CriterionDraft {
    pub name: String,
    /// `benefit` or `cost`.
    pub side: String,
    pub category: String,
    /// A number ≥ 0 (a decimal comma is accepted).
    pub weight: String,
    /// One per offer; empty = missing.
    pub ratings: Vec<String>,
}

/// Which column a problem is in: an offer's (by index) or a named field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Column {
    /// The offer's rating (or, on row −1, its name).
    Offer(usize),
    /// `name`, `side` or `weight`.
    Field(&'static str),
}

/// A cell that makes the sheet unusable.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellProblem {
    /// The criterion's index, or −1 for the offer names.
    pub row: i64,
    pub col: Column,
    /// What is wrong, for a message table: `offer-empty`, `offer-twice`,
    /// `name-empty`, `name-twice`, `side`, `weight-missing`, `weight-negative`,
    /// `not-a-number`.
    pub code: &'static str,
    /// The cell's text.
    pub text: String,
    /// What is wrong, in words (in the language of the core's texts).
    pub message: String,
}

fn problem(row: i64, col: Column, code: &'static str, text: &str, message: String) -> CellProblem {
    CellProblem { row, col, code, text: text.trim().to_string(), message }
}

/// `"{text}" is not a number`.
fn not_a_number(cell: &str) -> String {
    text::t("core.value.notANumber", "\"{text}\" is not a number", &[("text", &cell)])
}

impl SheetDraft {
    /// The draft of a sheet (numbers in their shortest exact form; missing ratings empty).
    pub fn from_sheet(sheet: &ValueSheet) -> SheetDraft {
        let number = |v: f64| if v == 0.0 { "0".to_string() } else { v.to_string() };
        SheetDraft {
            offers: sheet.offers.clone(),
            criteria: sheet
                .criteria
                .iter()
                .map(|c| CriterionDraft {
                    name: c.name.clone(),
                    side: c.side.key().to_string(),
                    category: c.category.clone(),
                    weight: number(c.weight),
                    ratings: (0..sheet.offers.len())
                        .map(|i| {
                            c.ratings.get(i).copied().flatten().map(number).unwrap_or_default()
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The sheet, or every cell that makes it unusable (in reading order).
    pub fn check(&self) -> Result<ValueSheet, Vec<CellProblem>> {
        let mut problems = Vec::new();
        let offers: Vec<String> = self.offers.iter().map(|o| o.trim().to_string()).collect();
        // Names seen so far: one look-up per offer and per criterion, not a scan.
        let mut seen_offers: HashSet<&str> = HashSet::with_capacity(offers.len());
        let mut seen_criteria: HashSet<String> = HashSet::with_capacity(self.criteria.len());
        for (i, o) in offers.iter().enumerate() {
            if o.is_empty() {
                let m = offer_empty();
                problems.push(problem(-1, Column::Offer(i), "offer-empty", o, m));
            } else if !seen_offers.insert(o) {
                let m = offer_twice(o);
                problems.push(problem(-1, Column::Offer(i), "offer-twice", o, m));
            }
        }
        let mut criteria = Vec::with_capacity(self.criteria.len());
        for (ci, c) in self.criteria.iter().enumerate() {
            let row = ci as i64;
            let name = c.name.trim();
            let field = Column::Field;
            if name.is_empty() {
                let m = criterion_name_empty();
                problems.push(problem(row, field("name"), "name-empty", name, m));
            } else if !seen_criteria.insert(name.to_ascii_lowercase()) {
                let m = text::t(
                    "core.value.criterionTwiceName",
                    "criterion \"{name}\" appears twice",
                    &[("name", &name)],
                );
                problems.push(problem(row, field("name"), "name-twice", name, m));
            }
            let side = Side::parse(&c.side);
            if side.is_none() {
                let m = side_wrong(c.side.trim());
                problems.push(problem(row, field("side"), "side", &c.side, m));
            }
            let weight = if c.weight.trim().is_empty() {
                let m = weight_missing();
                problems.push(problem(row, field("weight"), "weight-missing", "", m));
                None
            } else {
                match parse_number(&c.weight, true) {
                    Some(w) if w >= 0.0 => Some(w),
                    Some(w) => {
                        let m = weight_negative(w);
                        problems.push(problem(
                            row,
                            field("weight"),
                            "weight-negative",
                            &c.weight,
                            m,
                        ));
                        None
                    }
                    None => {
                        let m = not_a_number(c.weight.trim());
                        problems.push(problem(row, field("weight"), "not-a-number", &c.weight, m));
                        None
                    }
                }
            };
            let mut ratings = Vec::with_capacity(offers.len());
            for oi in 0..offers.len() {
                let text = c.ratings.get(oi).map(|r| r.trim()).unwrap_or("");
                if text.is_empty() {
                    ratings.push(None);
                } else if let Some(r) = parse_number(text, true) {
                    ratings.push(Some(r));
                } else {
                    let m = not_a_number(text);
                    problems.push(problem(row, Column::Offer(oi), "not-a-number", text, m));
                }
            }
            if let (Some(side), Some(weight)) = (side, weight) {
                criteria.push(Criterion {
                    name: name.to_string(),
                    side,
                    category: c.category.trim().to_string(),
                    weight,
                    ratings,
                });
            }
        }
        if problems.is_empty() {
            Ok(ValueSheet { offers, criteria })
        } else {
            Err(problems)
        }
    }
}
