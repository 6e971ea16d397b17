//! The engagement view's per-customer tables a page at a time
//! (`engagement::pages`), on the 2,400-customer transactions sample: every
//! page of a query, in turn, gives each matching customer once, in the
//! column's order; a page equals the same rows of a longer page; filters,
//! segment labels and an offset past the end.

use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use touchpoints::engagement::*;
use touchpoints::ingest::{self, IngestOptions};
use touchpoints::model::Dataset;
use touchpoints::taxonomy::classify;

/// A query (JSON), which rows it must keep, and how many match (when known).
type Case<'a> = (&'a str, &'a dyn Fn(&Value) -> bool, Option<usize>);

fn sample() -> Dataset {
    let path = format!("{}/www/samples/transactions.csv", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    ingest::read(&text, &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn query(json: &str) -> CustomerQuery {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

/// The rows of every page of `q` in turn (offset 0, limit, 2·limit, …) as JSON, and the page's
/// `matched`.
fn all_pages<'r, T: serde::Serialize + 'r>(
    page: impl Fn(&CustomerQuery) -> CustomerPage<'r, T>,
    q: &CustomerQuery,
) -> (Vec<Value>, usize) {
    let mut rows = Vec::new();
    let mut q = q.clone();
    q.offset = 0;
    let first = page(&q);
    let matched = first.matched;
    loop {
        let p = page(&q);
        assert_eq!(p.matched, matched, "{q:?}");
        if p.offset != q.offset {
            break; // clamped: past the last page
        }
        rows.extend(p.rows.iter().map(|r| serde_json::to_value(r).unwrap()));
        q.offset += q.limit;
        if q.offset >= matched {
            break;
        }
    }
    (rows, matched)
}

/// Whether `a` may come before `b` when sorting by `column` (text: lower case first).
fn in_order(a: &Value, b: &Value, column: &str, descending: bool) -> bool {
    let (x, y) = (&a[column], &b[column]);
    let ord = match (x, y) {
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        _ => x.as_f64().unwrap_or(0.0).partial_cmp(&y.as_f64().unwrap_or(0.0)).unwrap(),
    };
    if descending {
        ord.is_ge()
    } else {
        ord.is_le()
    }
}

/// Checks a query over every page: each matching customer once (as many as `expected` says
/// when given), in the column's order; page `offset/limit` equals the rows of one long page.
fn check<'r, T: serde::Serialize + 'r>(
    page: impl Fn(&CustomerQuery) -> CustomerPage<'r, T>,
    matches: impl Fn(&Value) -> bool,
    total: usize,
    json: &str,
    expected: Option<usize>,
) {
    let q = query(json);
    let (rows, matched) = all_pages(&page, &q);
    assert_eq!(rows.len(), matched, "{json}");
    let expected_count = expected.unwrap_or(matched);
    assert_eq!(matched, expected_count, "{json}");
    let names: HashSet<&str> = rows.iter().map(|r| r["customer"].as_str().unwrap()).collect();
    assert_eq!(names.len(), rows.len(), "{json}: a customer shown twice");
    assert!(rows.iter().all(&matches), "{json}: a row that does not match");
    let column = if q.sort.is_empty() { "score" } else { q.sort.as_str() };
    for w in rows.windows(2) {
        assert!(in_order(&w[0], &w[1], column, q.descending), "{json}: {} then {}", w[0], w[1]);
    }
    // The rows a short page picks are the same rows of one long page (beyond 100 matches:
    // below, offset 100 is past the end and clamped).
    if matched <= 150 {
        assert_eq!(page(&q).total, total);
        return;
    }
    let long = page(&CustomerQuery { offset: 0, limit: 1000, ..q.clone() });
    let short = page(&CustomerQuery { offset: 100, limit: 50, ..q.clone() });
    let long: Vec<Value> = long.rows.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    let short: Vec<Value> = short.rows.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
    assert!(short.as_slice() == &long[100..150], "{json}: page 100–150 differs from the long page");
    assert_eq!(page(&q).total, total);
}

#[test]
fn engagement_pages_hold_every_matching_customer_once_in_order() {
    let ds = sample();
    let report = engagement(&ds, &classify(&ds, &[]), &EngagementSettings::default());
    let rows = &report.customers;
    assert_eq!(rows.len(), 2400);
    let page = |q: &CustomerQuery| engagement_page(rows, q);
    let all = |_: &Value| true;
    let band = rows[0].band.clone();
    let in_band = rows.iter().filter(|c| c.band == band).count();
    let with_c001 = |r: &Value| r["customer"].as_str().unwrap().to_lowercase().contains("c001");
    let cases: &[Case] = &[
        (r#"{}"#, &all, Some(2400)),
        (r#"{"sort": "score", "descending": false, "limit": 77}"#, &all, Some(2400)),
        (r#"{"sort": "customer", "descending": false}"#, &all, Some(2400)),
        (r#"{"sort": "touches", "descending": true, "limit": 1000}"#, &all, Some(2400)),
        (r#"{"sort": "capped_points", "filter": "C001"}"#, &with_c001, Some(100)),
        (r#"{"sort": "band", "filter": "  c001 "}"#, &with_c001, Some(100)),
        (r#"{"filter": "no such customer"}"#, &all, Some(0)),
        (r#"{"sort": "not a column", "descending": false}"#, &all, Some(2400)),
    ];
    for (json, matches, expected) in cases {
        check(page, matches, 2400, json, *expected);
    }
    // A band's whole name finds its customers; part of it does not.
    let whole = format!(r#"{{"filter": "{}"}}"#, band.to_uppercase());
    assert_eq!(page(&query(&whole)).matched, in_band);
    let part = format!(r#"{{"filter": "{}"}}"#, &band[..band.len() - 1]);
    assert!(page(&query(&part)).matched < in_band || band.len() <= 1);
}

#[test]
fn rfm_pages_filter_and_sort_by_the_pages_segment_labels() {
    let ds = sample();
    let report = rfm(&ds, &RfmSettings::default()).expect("purchases");
    let rows = &report.customers;
    let n = rows.len();
    let page = |q: &CustomerQuery| rfm_page(rows, q);
    let champions = rows.iter().filter(|c| c.segment == Segment::Champions).count();
    assert!(champions > 0 && champions < n);
    let all = |_: &Value| true;
    let champion = |r: &Value| r["segment"] == "champions";
    let cases: &[Case] = &[
        (r#"{"table": "rfm", "sort": "score"}"#, &all, Some(n)),
        (r#"{"table": "rfm", "sort": "monetary", "descending": true}"#, &all, Some(n)),
        (
            r#"{"table": "rfm", "sort": "recency_days", "descending": false, "limit": 3}"#,
            &all,
            Some(n),
        ),
        (r#"{"table": "rfm", "sort": "last_purchase", "descending": true}"#, &all, Some(n)),
        (
            r#"{"table": "rfm", "filter": "KAMPIOEN", "labels": {"champions": "Kampioenen"}}"#,
            &champion,
            Some(champions),
        ),
        // Without the page's labels a segment is found by its key.
        (r#"{"table": "rfm", "filter": "champions"}"#, &champion, Some(champions)),
    ];
    for (json, matches, expected) in cases {
        check(page, matches, n, json, *expected);
    }
    // Sorted by the page's labels: the segment labelled "Aaa" first, whatever its key.
    let labels: BTreeMap<String, String> =
        [("lost".to_string(), "Aaa".to_string())].into_iter().collect();
    let q = CustomerQuery {
        table: CustomerTable::Rfm,
        sort: "segment_label".into(),
        descending: false,
        labels,
        ..CustomerQuery::default()
    };
    let first = page(&q);
    assert!(rows.iter().any(|c| c.segment == Segment::Lost));
    assert_eq!(first.rows[0].segment, Segment::Lost);
}

#[test]
fn an_offset_past_the_end_gives_the_last_page() {
    let ds = sample();
    let report = engagement(&ds, &classify(&ds, &[]), &EngagementSettings::default());
    let page = engagement_page(&report.customers, &query(r#"{"offset": 999999, "limit": 50}"#));
    assert_eq!((page.offset, page.rows.len(), page.matched), (2350, 50, 2400));
    let none = engagement_page(&report.customers, &query(r#"{"offset": 50, "filter": "zzz"}"#));
    assert_eq!((none.offset, none.rows.len(), none.matched), (0, 0, 0));
    let limits = engagement_page(&report.customers, &query(r#"{"limit": 0}"#));
    assert_eq!(limits.rows.len(), 1, "a limit below 1 is 1");
    let limits = engagement_page(&report.customers, &query(r#"{"limit": 5000}"#));
    assert_eq!(limits.rows.len(), 1000, "a limit above 1,000 is 1,000");
}
