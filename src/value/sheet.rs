//! The perceived-value sheet: offers (ours first, then competitors') ×
//! criteria, read from a spreadsheet-friendly CSV or from JSON.
//!
//! CSV layout, one row per criterion:
//!
//! ```text
//! criterion,side,category,weight,Our hotel,Hotel B,Hotel C
//! Room quality,benefit,product,3,4,5,3
//! Room rate,cost,monetary,4,3,5,2
//! ```
//!
//! `side` is `benefit` or `cost`; `category` is free text (the seed's
//! categories are product, services, personnel, image for benefits and
//! monetary, time, energy, psychological for costs); `weight` is a number
//! ≥ 0; each offer column holds that offer's rating (empty = missing).
//! The delimiter may be `,`, `;` or a tab (the one the header uses most);
//! with `;` or a tab, a decimal comma (`3,5`) is accepted.

use std::collections::{HashMap, HashSet};

use crate::csv_cell::{guarded, unguard};
use serde::{Deserialize, Serialize};

use super::typed_number;
use crate::text;
use crate::{Error, Result};

/// Whether a criterion adds to what the customer gets or to what it costs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Product, services, personnel, image: what the customer gets.
    Benefit,
    /// Monetary, time, energy, psychological: what the customer gives.
    Cost,
}

impl Side {
    /// Reads `benefit`/`cost` case-insensitively (also `benefits`, `costs`, `+`, `-`).
    pub fn parse(text: &str) -> Option<Side> {
        match text.trim().to_lowercase().as_str() {
            "benefit" | "benefits" | "b" | "+" => Some(Side::Benefit),
            "cost" | "costs" | "c" | "-" => Some(Side::Cost),
            _ => None,
        }
    }

    /// `"benefit"` or `"cost"`.
    pub fn key(self) -> &'static str {
        match self {
            Side::Benefit => "benefit",
            Side::Cost => "cost",
        }
    }
}

/// The seed's benefit categories (seed 002 and its source).
pub const BENEFIT_CATEGORIES: &[&str] = &["product", "services", "personnel", "image"];
/// The seed's cost categories.
pub const COST_CATEGORIES: &[&str] = &["monetary", "time", "energy", "psychological"];

/// A text cell as the sheet keeps it: trimmed, its formula guard removed, and
/// trimmed again (so `' services` is `services`, and writing then reading a
/// sheet gives the same sheet; fuzz finding).
fn cell_text(field: &str) -> String {
    unguard(field.trim()).trim().to_string()
}

/// The side a seed category belongs to (`None` for a free category).
/// Accepts a few synonyms: service, staff, people, brand, price, money, effort.
pub fn category_side(category: &str) -> Option<Side> {
    match category.trim().to_lowercase().as_str() {
        "product" | "products" | "services" | "service" | "personnel" | "staff" | "people"
        | "image" | "brand" => Some(Side::Benefit),
        "monetary" | "money" | "price" | "time" | "energy" | "effort" | "psychological" => {
            Some(Side::Cost)
        }
        _ => None,
    }
}

/// One criterion: a benefit or a cost, its weight, and every offer's rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// The criterion's name ("Room quality").
    pub name: String,
    /// Benefit or cost.
    pub side: Side,
    /// Category (free text; the seed's are listed in [`BENEFIT_CATEGORIES`]
    /// and [`COST_CATEGORIES`]).
    #[serde(default)]
    pub category: String,
    /// Importance, ≥ 0.
    pub weight: f64,
    /// One rating per offer, in [`ValueSheet::offers`] order; `None` = missing.
    #[serde(default)]
    pub ratings: Vec<Option<f64>>,
}

/// Offers × criteria. The first offer is ours; the others are competitors'.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ValueSheet {
    /// Offer names; the first is ours.
    pub offers: Vec<String>,
    /// Criteria in sheet order.
    pub criteria: Vec<Criterion>,
}

/// Reads a value sheet. JSON when `name` ends in `.json` or the bytes start
/// with `{`; CSV otherwise. Errors name the line and column:
/// `line 4, column 6: rating "x" is not a number`.
pub fn read_value_sheet(name: &str, bytes: &[u8]) -> Result<ValueSheet> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if name.to_lowercase().ends_with(".json") || first == Some(&b'{') {
        read_json(bytes)
    } else {
        read_csv(bytes)
    }
}

fn read_json(bytes: &[u8]) -> Result<ValueSheet> {
    let mut sheet: ValueSheet = serde_json::from_slice(bytes).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; the position goes in the Error.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        Error::at_column(e.line() as u64, e.column() as u64, message)
    })?;
    if sheet.offers.is_empty() {
        return Err(Error::at(
            0,
            text::t(
                "core.value.offersEmpty",
                "\"offers\" is empty: name at least one offer (ours first)",
                &[],
            ),
        ));
    }
    // Texts as a CSV sheet keeps them (trimmed), so the sheet written as CSV
    // reads back the same (fuzz finding: a category with a leading space).
    for offer in &mut sheet.offers {
        *offer = offer.trim().to_string();
    }
    for c in &mut sheet.criteria {
        c.name = c.name.trim().to_string();
        c.category = c.category.trim().to_string();
    }
    check_offer_names(&sheet.offers, |i, m| {
        Error::at(
            0,
            text::t(
                "core.value.offerAt",
                "offer {n}: {message}",
                &[("n", &(i + 1)), ("message", &m)],
            ),
        )
    })?;
    // Criterion names seen, ASCII case folded (one look-up per criterion).
    let mut seen: HashSet<String> = HashSet::new();
    for (i, c) in sheet.criteria.iter().enumerate() {
        let at = |m: String| {
            Error::at(
                0,
                text::t(
                    "core.value.criterionAt",
                    "criterion {n} (\"{name}\"): {message}",
                    &[("n", &(i + 1)), ("name", &c.name), ("message", &m)],
                ),
            )
        };
        if c.name.trim().is_empty() {
            return Err(Error::at(
                0,
                text::t(
                    "core.value.criterionNumberNameEmpty",
                    "criterion {n}: the name is empty",
                    &[("n", &(i + 1))],
                ),
            ));
        }
        if !seen.insert(c.name.trim().to_ascii_lowercase()) {
            return Err(at(text::t(
                "core.value.criterionTwice",
                "the criterion appears twice",
                &[],
            )));
        }
        check_weight(c.weight).map_err(at)?;
        if c.ratings.len() != sheet.offers.len() {
            return Err(at(text::t(
                "core.value.ratingCount",
                "{ratings} ratings for {offers} offers (use null for a missing rating)",
                &[("ratings", &c.ratings.len()), ("offers", &sheet.offers.len())],
            )));
        }
        for (j, r) in c.ratings.iter().enumerate() {
            if let Some(r) = r {
                if !r.is_finite() {
                    return Err(at(text::t(
                        "core.value.ratingOfNaN",
                        "rating of \"{offer}\" is not a number",
                        &[("offer", &sheet.offers[j])],
                    )));
                }
            }
        }
    }
    Ok(sheet)
}

fn check_weight(weight: f64) -> std::result::Result<(), String> {
    if !weight.is_finite() {
        Err(text::t("core.value.weightNaN", "weight is not a number", &[]))
    } else if weight < 0.0 {
        Err(weight_negative(weight))
    } else {
        Ok(())
    }
}

/// `weight {weight} must be ≥ 0`.
pub(crate) fn weight_negative(weight: f64) -> String {
    text::t(
        "core.value.weightNegative",
        "weight {weight} must be ≥ 0",
        &[("weight", &typed_number(weight))],
    )
}

/// `the offer name is empty`.
pub(crate) fn offer_empty() -> String {
    text::t("core.value.offerEmpty", "the offer name is empty", &[])
}

/// `offer "{name}" appears twice`.
pub(crate) fn offer_twice(name: &str) -> String {
    text::t("core.value.offerTwice", "offer \"{name}\" appears twice", &[("name", &name)])
}

/// `the criterion name is empty`.
pub(crate) fn criterion_name_empty() -> String {
    text::t("core.value.criterionNameEmpty", "the criterion name is empty", &[])
}

/// `side "{side}" must be benefit or cost`.
pub(crate) fn side_wrong(side: &str) -> String {
    text::t("core.value.side", "side \"{side}\" must be benefit or cost", &[("side", &side)])
}

/// `the weight is missing`.
pub(crate) fn weight_missing() -> String {
    text::t("core.value.weightMissing", "the weight is missing", &[])
}

fn check_offer_names(
    offers: &[String],
    err: impl Fn(usize, String) -> Error,
) -> std::result::Result<(), Error> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(offers.len());
    for (i, o) in offers.iter().enumerate() {
        if o.trim().is_empty() {
            return Err(err(i, offer_empty()));
        }
        if !seen.insert(o.trim()) {
            return Err(err(i, offer_twice(o.trim())));
        }
    }
    Ok(())
}

/// Splits CSV bytes into records with the 1-based line where each starts.
fn csv_records(bytes: &[u8], delimiter: u8) -> Vec<(u64, Vec<String>)> {
    let newlines: Vec<usize> =
        bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i).collect();
    let line_at = |pos: usize| 1 + newlines.partition_point(|&n| n < pos) as u64;
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut records = Vec::new();
    let mut pos = 0usize;
    let mut out = vec![0u8; bytes.len() + 16];
    let mut ends = vec![0usize; 64];
    loop {
        let mut start = pos;
        while start < bytes.len() && (bytes[start] == b'\n' || bytes[start] == b'\r') {
            start += 1;
        }
        let line = line_at(start);
        let (mut nout, mut nend) = (0usize, 0usize);
        let mut input = &bytes[pos..];
        let done = loop {
            let (result, nin, o, e) =
                reader.read_record(input, &mut out[nout..], &mut ends[nend..]);
            input = &input[nin..];
            pos += nin;
            nout += o;
            nend += e;
            match result {
                // All input consumed: the next call, with empty input, signals the end.
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    out.resize(out.len() * 2 + 16, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    ends.resize(ends.len() * 2, 0);
                }
                csv_core::ReadRecordResult::Record => break false,
                csv_core::ReadRecordResult::End => break true,
            }
        };
        if nend > 0 {
            let mut fields = Vec::with_capacity(nend);
            let mut from = 0;
            for &end in &ends[..nend] {
                fields.push(String::from_utf8_lossy(&out[from..end]).into_owned());
                from = end;
            }
            records.push((line, fields));
        }
        if done {
            break;
        }
    }
    records
}

/// The delimiter the header line uses most (outside quotes): `,`, `;` or tab.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Parses a number; with a `;` or tab delimiter a decimal comma is accepted.
pub(crate) fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let t = text.trim();
    let parsed = t.parse::<f64>().ok().or_else(|| {
        if decimal_comma && t.matches(',').count() == 1 && !t.contains('.') {
            t.replace(',', ".").parse::<f64>().ok()
        } else {
            None
        }
    });
    parsed.filter(|v| v.is_finite())
}

fn read_csv(bytes: &[u8]) -> Result<ValueSheet> {
    let delimiter = sniff_delimiter(bytes);
    let decimal_comma = delimiter != b',';
    let records = csv_records(bytes, delimiter);
    let mut records = records.into_iter().filter(|(_, f)| f.iter().any(|x| !x.trim().is_empty()));
    let Some((header_line, header)) = records.next() else {
        return Err(Error::at(
            0,
            text::t(
                "core.value.sheetEmpty",
                "the sheet is empty: expected a header criterion,side,category,weight, then one column per offer",
                &[],
            ),
        ));
    };
    let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let find = |names: &[&str]| lower.iter().position(|h| names.contains(&h.as_str()));
    let col_name = find(&["criterion", "criteria", "name"]);
    let col_side = find(&["side", "type"]);
    let col_category = find(&["category"]);
    let col_weight = find(&["weight", "importance"]);
    for (col, name) in [(col_name, "criterion"), (col_side, "side"), (col_weight, "weight")] {
        if col.is_none() {
            return Err(Error::at(
                header_line,
                text::t(
                    "core.value.missingColumn",
                    "missing column \"{name}\": expected criterion,side,category,weight, then one column per offer",
                    &[("name", &name)],
                ),
            ));
        }
    }
    let (col_name, col_side, col_weight) =
        (col_name.unwrap_or(0), col_side.unwrap_or(0), col_weight.unwrap_or(0));
    let fixed = [Some(col_name), Some(col_side), col_category, Some(col_weight)];
    let offer_cols: Vec<usize> = (0..header.len()).filter(|i| !fixed.contains(&Some(*i))).collect();
    if offer_cols.is_empty() {
        return Err(Error::at(
            header_line,
            text::t(
                "core.value.noOfferColumns",
                "no offer columns: add one column per offer after weight (ours first)",
                &[],
            ),
        ));
    }
    let offers: Vec<String> = offer_cols.iter().map(|&i| cell_text(&header[i])).collect();
    check_offer_names(&offers, |i, m| Error::at_column(header_line, offer_cols[i] as u64 + 1, m))?;
    let mut criteria: Vec<Criterion> = Vec::new();
    let mut first_lines: Vec<u64> = Vec::new();
    // Criterion name (ASCII case folded) → its index (one look-up per row).
    let mut index_of: HashMap<String, usize> = HashMap::new();
    for (line, fields) in records {
        if fields.len() != header.len() {
            return Err(Error::at(
                line,
                text::t(
                    "core.value.fieldCount",
                    "{n} fields, but the header has {header}",
                    &[("n", &fields.len()), ("header", &header.len())],
                ),
            ));
        }
        let at = |col: usize, m: String| Error::at_column(line, col as u64 + 1, m);
        let name = cell_text(&fields[col_name]);
        if name.is_empty() {
            return Err(at(col_name, criterion_name_empty()));
        }
        if let Some(&k) = index_of.get(&name.to_ascii_lowercase()) {
            return Err(at(
                col_name,
                text::t(
                    "core.value.criterionTwiceLine",
                    "criterion \"{name}\" appears twice (first on line {line})",
                    &[("name", &name), ("line", &first_lines[k])],
                ),
            ));
        }
        let side_text = fields[col_side].trim();
        let side = Side::parse(side_text).ok_or_else(|| at(col_side, side_wrong(side_text)))?;
        let category = col_category.map(|c| cell_text(&fields[c])).unwrap_or_default();
        let weight_text = fields[col_weight].trim();
        let weight = if weight_text.is_empty() {
            return Err(at(col_weight, weight_missing()));
        } else {
            parse_number(weight_text, decimal_comma).ok_or_else(|| {
                at(
                    col_weight,
                    text::t(
                        "core.value.weightText",
                        "weight \"{weight}\" is not a number",
                        &[("weight", &weight_text)],
                    ),
                )
            })?
        };
        check_weight(weight).map_err(|m| at(col_weight, m))?;
        let mut ratings = Vec::with_capacity(offer_cols.len());
        for &c in &offer_cols {
            let t = fields[c].trim();
            if t.is_empty() {
                ratings.push(None);
            } else {
                let r = parse_number(t, decimal_comma).ok_or_else(|| {
                    at(
                        c,
                        text::t(
                            "core.value.ratingText",
                            "rating \"{rating}\" is not a number",
                            &[("rating", &t)],
                        ),
                    )
                })?;
                ratings.push(Some(r));
            }
        }
        first_lines.push(line);
        index_of.insert(name.to_ascii_lowercase(), criteria.len());
        criteria.push(Criterion { name, side, category, weight, ratings });
    }
    Ok(ValueSheet { offers, criteria })
}

/// Writes a sheet as CSV in the layout [`read_value_sheet`] reads:
/// `criterion,side,category,weight`, then one column per offer (ours
/// first); a missing rating is an empty field. Numbers are written in
/// their shortest exact form, so reading the text back gives the same sheet.
///
/// ```
/// use touchpoints::value::{read_value_sheet, write_value_sheet_csv};
/// let csv = "criterion,side,category,weight,Ours,Rival\nRoom,benefit,product,2,4,\n";
/// let sheet = read_value_sheet("s.csv", csv.as_bytes()).unwrap();
/// assert_eq!(write_value_sheet_csv(&sheet), csv);
/// ```
pub fn write_value_sheet_csv(sheet: &ValueSheet) -> String {
    let mut out = String::from("criterion,side,category,weight");
    for offer in &sheet.offers {
        out.push(',');
        out.push_str(&guarded(offer));
    }
    out.push('\n');
    let number = |v: f64| if v == 0.0 { "0".to_string() } else { v.to_string() };
    for c in &sheet.criteria {
        out.push_str(&guarded(&c.name));
        out.push(',');
        out.push_str(c.side.key());
        out.push(',');
        out.push_str(&guarded(&c.category));
        out.push(',');
        out.push_str(&number(c.weight));
        for i in 0..sheet.offers.len() {
            out.push(',');
            if let Some(r) = c.ratings.get(i).copied().flatten().filter(|r| r.is_finite()) {
                out.push_str(&number(r));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_semicolons_and_decimal_commas() {
        let s = read_value_sheet(
            "x.csv",
            b"criterion;side;category;weight;A;B\nq;benefit;product;1,5;3;4,5\n",
        )
        .unwrap();
        assert_eq!(s.criteria[0].weight, 1.5);
        assert_eq!(s.criteria[0].ratings, vec![Some(3.0), Some(4.5)]);
    }

    #[test]
    fn quoted_fields_and_lines() {
        let s = read_value_sheet(
            "x.csv",
            b"criterion,side,category,weight,A\n\n\"Room, big\",benefit,product,1,3\r\nx,cost,time,1,\n",
        )
        .unwrap();
        assert_eq!(s.criteria[0].name, "Room, big");
        assert_eq!(s.criteria[1].ratings, vec![None]);
        let e = read_value_sheet(
            "x.csv",
            b"criterion,side,category,weight,A\n\n\"q\",benefit,product,1,zz\n",
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "line 3, column 5: rating \"zz\" is not a number");
    }
}
