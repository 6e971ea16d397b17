//! Value: what the customer gets for what it gives (customer-perceived
//! value, seed 002), how well each touch point meets expectations
//! (satisfaction, seed 002), and what each customer is worth to the firm
//! (seeds 001, 003, 004). Definitions and formulas: `docs/value.md`.
//!
//! ```
//! use touchpoints::value::{perceived_value, read_value_sheet};
//! let csv = b"criterion,side,category,weight,Ours,Rival\n\
//!             Room,benefit,product,2,4,3\n\
//!             Rate,cost,monetary,1,3,2\n";
//! let report = perceived_value(&read_value_sheet("hotels.csv", csv).unwrap());
//! assert_eq!(report.offers[0].value, 5.0); // 2×4 − 1×3
//! assert_eq!(report.gap_to_best_competitor, Some(1.0)); // 5 − (2×3 − 1×2)
//! ```

pub mod customer_value;
#[cfg(feature = "value-sheet")]
pub mod draft;
#[cfg(feature = "value-sheet")]
pub mod perceived;
pub mod satisfaction;
#[cfg(feature = "value-sheet")]
pub mod sheet;

pub use customer_value::{customer_value, CustomerValueReport, CustomerValueSettings};
#[cfg(feature = "value-sheet")]
pub use perceived::{perceived_value, ValueReport};
pub use satisfaction::{satisfaction, RatingScale, SatisfactionReport, SatisfactionSettings};
#[cfg(feature = "value-sheet")]
pub use sheet::{read_value_sheet, write_value_sheet_csv, Criterion, Side, ValueSheet};

/// `value` as Rust writes it (its shortest exact form: `-0.5`, `3`, `NaN`), with the
/// page's language's decimal separator (`-0,5` in Dutch): for a number the user
/// typed or set, quoted back in a message.
pub(crate) fn typed_number(value: f64) -> String {
    crate::number::decimal_point(&value.to_string())
}
