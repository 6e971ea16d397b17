//! The per-customer tables of the engagement view (scores and RFM) a page at
//! a time: filtered, sorted and cut in the core, so a page never holds the
//! whole list (a 1M-event file has ~118k customers; their engagement rows
//! are ~60 MB of JSON). The rules match the view's own table for small
//! files: a case-insensitive text filter, a sort by one column (text by its
//! lower case, numbers by value, a missing number as 0), ties by customer.

use super::{CustomerEngagement, RfmCustomer, Segment};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Which per-customer table a [`CustomerQuery`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerTable {
    /// The engagement scores (`report.engagement.customers`).
    #[default]
    Engagement,
    /// The RFM scores and segments (`report.rfm.customers`).
    Rfm,
}

/// A request for one page of a per-customer table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerQuery {
    /// The table to read (default: the engagement scores).
    pub table: CustomerTable,
    /// Text to find (case-insensitive). Engagement: in the customer, or the whole band name;
    /// RFM: in the customer or the segment's label.
    pub filter: String,
    /// The column to sort by (a field of the row; RFM also `segment_label`).
    pub sort: String,
    /// Largest first (the default, by score).
    pub descending: bool,
    /// Index of the page's first row among the matches; past the end, the last page.
    pub offset: usize,
    /// Rows of the page (1–1,000).
    pub limit: usize,
    /// The page's labels of the RFM segments, by segment key (`"champions"` → `"Kampioenen"`):
    /// the filter and the `segment_label` sort read them; a segment without one uses its key.
    pub labels: BTreeMap<String, String>,
}

impl Default for CustomerQuery {
    fn default() -> CustomerQuery {
        CustomerQuery {
            table: CustomerTable::Engagement,
            filter: String::new(),
            sort: "score".into(),
            descending: true,
            offset: 0,
            limit: 50,
            labels: BTreeMap::new(),
        }
    }
}

/// One page of a per-customer table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerPage<'a, T> {
    /// Rows in the table.
    pub total: usize,
    /// Rows that match the filter.
    pub matched: usize,
    /// Index of the first row of the page among the matches (clamped to them).
    pub offset: usize,
    /// The page's rows, in the query's order.
    pub rows: Vec<&'a T>,
}

/// A value a table is sorted by.
#[derive(Debug, Clone, Copy)]
enum Key<'a> {
    Number(f64),
    Text(&'a str),
}

/// Lower case first (as a reader expects "b" before "C"), then the exact text.
fn text_order(a: &str, b: &str) -> Ordering {
    let lower = a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase));
    lower.then_with(|| a.cmp(b))
}

fn key_order(a: Key, b: Key) -> Ordering {
    match (a, b) {
        (Key::Number(x), Key::Number(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Key::Text(x), Key::Text(y)) => text_order(x, y),
        (Key::Number(_), Key::Text(_)) => Ordering::Less,
        (Key::Text(_), Key::Number(_)) => Ordering::Greater,
    }
}

/// A row of a per-customer table, as the query reads it.
trait Row {
    fn customer(&self) -> &str;
    fn key<'a>(&'a self, column: &str, labels: &'a [&'a str]) -> Key<'a>;
    /// Whether the lower-cased `needle` is found in the row.
    fn matches(&self, needle: &str, labels: &[&str]) -> bool;
}

fn number(v: impl Into<f64>) -> Key<'static> {
    Key::Number(v.into())
}

fn contains(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(needle)
}

impl Row for CustomerEngagement {
    fn customer(&self) -> &str {
        &self.customer
    }
    fn key<'a>(&'a self, column: &str, _: &'a [&'a str]) -> Key<'a> {
        match column {
            "customer" => Key::Text(&self.customer),
            "band" => Key::Text(&self.band),
            "score" => number(self.score),
            "touches" => number(self.touches as f64),
            "raw_points" => number(self.raw_points),
            "decayed_points" => number(self.decayed_points),
            "decay_kept" => number(self.decay_kept),
            "capped_points" => number(self.capped_points),
            _ => number(0.0),
        }
    }
    fn matches(&self, needle: &str, _: &[&str]) -> bool {
        contains(&self.customer, needle) || self.band.to_lowercase() == needle
    }
}

impl Row for RfmCustomer {
    fn customer(&self) -> &str {
        &self.customer
    }
    fn key<'a>(&'a self, column: &str, labels: &'a [&'a str]) -> Key<'a> {
        match column {
            "customer" => Key::Text(&self.customer),
            "last_purchase" => Key::Text(&self.last_purchase),
            "score" => Key::Text(&self.score),
            "segment_label" => Key::Text(labels[self.segment as usize]),
            "recency_days" => number(self.recency_days as f64),
            "frequency" => number(self.frequency as f64),
            "monetary" => number(self.monetary),
            "r" => number(self.r),
            "f" => number(self.f),
            "m" => number(self.m),
            _ => number(0.0),
        }
    }
    fn matches(&self, needle: &str, labels: &[&str]) -> bool {
        contains(&self.customer, needle) || contains(labels[self.segment as usize], needle)
    }
}

/// The label of every segment (indexed by `Segment as usize`): the query's, else the key.
fn segment_labels(labels: &BTreeMap<String, String>) -> Vec<String> {
    Segment::ALL
        .iter()
        .map(|s| {
            let key = serde_json::to_value(s).ok().and_then(|v| v.as_str().map(str::to_string));
            let key = key.unwrap_or_default();
            labels.get(&key).cloned().unwrap_or(key)
        })
        .collect()
}

fn page<'a, T: Row>(rows: &'a [T], query: &CustomerQuery) -> CustomerPage<'a, T> {
    let owned = segment_labels(&query.labels);
    let labels: Vec<&str> = owned.iter().map(String::as_str).collect();
    let needle = query.filter.trim().to_lowercase();
    let mut kept: Vec<&T> =
        rows.iter().filter(|r| needle.is_empty() || r.matches(&needle, &labels)).collect();
    let column = query.sort.as_str();
    let order = |a: &&T, b: &&T| {
        let by = key_order(a.key(column, &labels), b.key(column, &labels));
        let by = if query.descending { by.reverse() } else { by };
        by.then_with(|| text_order(a.customer(), b.customer()))
    };
    let matched = kept.len();
    let limit = query.limit.clamp(1, 1000);
    let offset = query.offset.min(kept.len().saturating_sub(1) / limit * limit);
    // Only the rows up to the page's end need their order.
    let end = (offset + limit).min(kept.len());
    if end < kept.len() && end > 0 {
        kept.select_nth_unstable_by(end - 1, order);
        kept.truncate(end);
    }
    kept.sort_by(order);
    CustomerPage {
        total: rows.len(),
        matched,
        offset,
        rows: kept.into_iter().skip(offset).collect(),
    }
}

/// A page of the engagement scores.
pub fn engagement_page<'a>(
    rows: &'a [CustomerEngagement],
    query: &CustomerQuery,
) -> CustomerPage<'a, CustomerEngagement> {
    page(rows, query)
}

/// A page of the RFM customers.
pub fn rfm_page<'a>(
    rows: &'a [RfmCustomer],
    query: &CustomerQuery,
) -> CustomerPage<'a, RfmCustomer> {
    page(rows, query)
}
