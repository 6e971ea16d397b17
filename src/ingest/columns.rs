//! Canonical columns, their header aliases, and the mapping from a file's
//! header to them (guessed case-insensitively, or given by the user).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A canonical column: its name and the header names read as it.
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// Every canonical column, in the order of the documentation. Aliases are
/// compared after [`normalize_header`]; the first column that claims a header wins.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "journey",
        aliases: &[
            "journey_id",
            "customer",
            "customer_id",
            "customerid",
            "user",
            "user_id",
            "userid",
            "visitor",
            "visitor_id",
            "client",
            "client_id",
            "guest",
            "guest_id",
            "session",
            "session_id",
            "person",
            "person_id",
            "contact_id",
            "account_id",
            "observer",
            "observation",
            "subject",
            "id",
        ],
    },
    Column {
        name: "time",
        aliases: &[
            "timestamp",
            "date",
            "datetime",
            "date_time",
            "event_time",
            "event_date",
            "event_timestamp",
            "occurred_at",
            "created_at",
            "ts",
            "start",
            "start_time",
            "start_s",
            "time_s",
            "order_date",
            "transaction_date",
            "purchase_date",
            "when",
        ],
    },
    Column {
        name: "touchpoint",
        aliases: &[
            "touch_point",
            "touchpoints",
            "touchpoint_name",
            "event",
            "event_name",
            "event_type",
            "label",
            "behavior",
            "behaviour",
            "action",
            "activity",
            "interaction",
            "step",
            "page",
            "code",
            "name",
        ],
    },
    Column { name: "end", aliases: &["end_time", "stop", "stop_s", "stop_time", "end_s"] },
    Column {
        name: "channel",
        aliases: &["source", "medium", "utm_source", "utm_medium", "platform", "source_medium"],
    },
    Column { name: "kind", aliases: &["touchpoint_kind", "kind_of_touchpoint", "class"] },
    Column { name: "owner", aliases: &["ownership", "owned_by"] },
    Column { name: "stage", aliases: &["journey_stage", "phase", "funnel_stage"] },
    Column { name: "media", aliases: &["media_type", "paid_owned_earned", "poe"] },
    Column { name: "direction", aliases: &["communication_direction", "flow"] },
    Column {
        name: "value",
        aliases: &[
            "revenue",
            "amount",
            "price",
            "total",
            "sales",
            "order_value",
            "spend",
            "monetary",
            "purchase_value",
            "conversion_value",
        ],
    },
    Column { name: "cost", aliases: &["cost_to_serve", "service_cost", "costs"] },
    Column { name: "rating", aliases: &["performance", "perceived_performance", "score"] },
    Column { name: "expectation", aliases: &["expected", "expectations", "expected_performance"] },
    Column {
        name: "converted",
        aliases: &["conversion", "purchase", "purchased", "is_purchase", "bought", "is_conversion"],
    },
    Column {
        name: "category_spend",
        aliases: &["category_total", "wallet", "total_category_spend"],
    },
    Column { name: "nps", aliases: &["nps_score", "likelihood_to_recommend", "recommend"] },
    Column { name: "csat", aliases: &["csat_score", "satisfaction"] },
    Column { name: "ces", aliases: &["ces_score", "effort", "customer_effort"] },
    Column { name: "path", aliases: &["paths", "journey_path", "touchpoint_path"] },
    Column { name: "total_conversions", aliases: &["conversions"] },
    Column { name: "total_conversion_value", aliases: &["conversion_total_value"] },
    Column { name: "total_null", aliases: &["nulls", "total_nulls", "non_conversions"] },
];

/// Positions of the canonical columns in [`COLUMNS`], resolved at compile
/// time so that reading a row never looks a column up by name.
pub mod col {
    pub const JOURNEY: usize = 0;
    pub const TIME: usize = 1;
    pub const TOUCHPOINT: usize = 2;
    pub const END: usize = 3;
    pub const CHANNEL: usize = 4;
    /// kind, owner, stage, media, direction.
    pub const CLASSES: [usize; 5] = [5, 6, 7, 8, 9];
    /// The measures in [`crate::dataset::Measure::ALL`] order.
    pub const MEASURES: [usize; 8] = [10, 11, 12, 13, 15, 16, 17, 18];
    pub const CONVERTED: usize = 14;
    pub const PATH: usize = 19;
    /// total_conversions, total_conversion_value, total_null.
    pub const PATH_TOTALS: [usize; 3] = [20, 21, 22];
}

/// Index of a canonical column in [`COLUMNS`].
pub fn column_index(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| c.name == name)
}

/// Lower-cases, trims, drops a unit suffix like `(s)` and turns spaces,
/// hyphens and dots into underscores: `"Start (s)"` → `"start_s"`.
pub fn normalize_header(header: &str) -> String {
    let mut out = String::new();
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        match c {
            '(' | ')' | '[' | ']' => {}
            ' ' | '-' | '.' | '/' => {
                if !out.ends_with('_') {
                    out.push('_')
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out.trim_matches('_').to_string()
}

/// The canonical column a header names, if any.
pub fn canonical_for(header: &str) -> Option<&'static str> {
    let h = normalize_header(header);
    COLUMNS.iter().find(|c| c.name == h || c.aliases.contains(&h.as_str())).map(|c| c.name)
}

/// A user's mapping: canonical column → header name as written in the file.
/// Columns it leaves out are guessed.
pub type ColumnMapping = BTreeMap<String, String>;

/// Which field holds each canonical column, for one header row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderMap {
    /// The header as written.
    pub headers: Vec<String>,
    /// Field index for each canonical column (by [`COLUMNS`] position).
    pub fields: Vec<Option<usize>>,
    /// Notes about the header (duplicates, ignored columns), with columns.
    pub notes: Vec<(u64, String)>,
}

impl HeaderMap {
    /// Maps `headers` to canonical columns: the user's mapping first, then
    /// the aliases; the first of duplicate headers is used and the others noted.
    pub fn new(headers: Vec<String>, mapping: &ColumnMapping) -> HeaderMap {
        let mut fields = vec![None; COLUMNS.len()];
        let mut notes = Vec::new();
        let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        for (canonical, header) in mapping {
            let Some(ci) = column_index(canonical) else { continue };
            let wanted = normalize_header(header);
            if let Some(fi) = normalized.iter().position(|h| *h == wanted) {
                fields[ci] = Some(fi);
            }
        }
        for (fi, header) in headers.iter().enumerate() {
            if fields.contains(&Some(fi)) {
                continue;
            }
            let Some(name) = canonical_for(header) else { continue };
            let Some(ci) = column_index(name) else { continue };
            match fields[ci] {
                None => fields[ci] = Some(fi),
                Some(first) => notes.push((
                    fi as u64 + 1,
                    crate::text::t(
                        "core.ingest.duplicateColumn",
                        "column {n} {header} is also read as {name}; column {first} {used} is used",
                        &[
                            ("n", &(fi + 1)),
                            ("header", &format!("{header:?}")),
                            ("name", &name),
                            ("first", &(first + 1)),
                            (
                                "used",
                                &format!(
                                    "{:?}",
                                    headers.get(first).map(String::as_str).unwrap_or("")
                                ),
                            ),
                        ],
                    ),
                )),
            }
        }
        HeaderMap { headers, fields, notes }
    }

    /// Field index of canonical column `name`.
    pub fn field(&self, name: &str) -> Option<usize> {
        column_index(name).and_then(|i| self.fields.get(i).copied().flatten())
    }

    /// The guessed mapping, canonical → header (for the page's mapping form).
    pub fn mapping(&self) -> ColumnMapping {
        COLUMNS
            .iter()
            .zip(&self.fields)
            .filter_map(|(c, f)| {
                f.and_then(|i| self.headers.get(i)).map(|h| (c.name.to_string(), h.clone()))
            })
            .collect()
    }
}

/// The aliases of a column, for "looked for …" messages (first few).
pub fn looked_for(name: &str) -> String {
    let Some(i) = column_index(name) else { return name.to_string() };
    let mut names = vec![COLUMNS[i].name];
    names.extend(COLUMNS[i].aliases.iter().take(5));
    format!("{}, …", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_to_canonical_columns() {
        assert_eq!(canonical_for("Customer ID"), Some("journey"));
        assert_eq!(canonical_for("Start (s)"), Some("time"));
        assert_eq!(canonical_for("BEHAVIOR"), Some("touchpoint"));
        assert_eq!(canonical_for("utm_source"), Some("channel"));
        assert_eq!(canonical_for("colour"), None);
    }

    #[test]
    fn column_positions_match_their_names() {
        use crate::dataset::Measure;
        let named = |i: usize| COLUMNS[i].name;
        assert_eq!(
            [col::JOURNEY, col::TIME, col::TOUCHPOINT, col::END, col::CHANNEL].map(named),
            ["journey", "time", "touchpoint", "end", "channel"]
        );
        assert_eq!(col::CLASSES.map(named), ["kind", "owner", "stage", "media", "direction"]);
        assert_eq!(col::MEASURES.map(named), Measure::ALL.map(Measure::column));
        assert_eq!([col::CONVERTED, col::PATH].map(named), ["converted", "path"]);
        assert_eq!(
            col::PATH_TOTALS.map(named),
            ["total_conversions", "total_conversion_value", "total_null"]
        );
    }

    #[test]
    fn user_mapping_wins_and_duplicates_are_noted() {
        let headers: Vec<String> =
            ["who", "date", "event", "event"].iter().map(|s| s.to_string()).collect();
        let mut mapping = ColumnMapping::new();
        mapping.insert("journey".into(), "who".into());
        let map = HeaderMap::new(headers, &mapping);
        assert_eq!(map.field("journey"), Some(0));
        assert_eq!(map.field("time"), Some(1));
        assert_eq!(map.field("touchpoint"), Some(2));
        assert_eq!(map.notes.len(), 1);
        assert!(map.notes[0].1.contains("column 4"));
    }
}
