//! Loyalty figures: the share of customers and of revenue from repeat
//! customers, and the revenue share of the top 20% of customers (Pareto's
//! 80/20 check, seed 001: "80% of sales come from 20% of its customers").
//!
//! A repeat customer bought on two or more different days before the
//! analysis date. The top 20% are the `ceil(0.2 × customers)` customers with
//! the most revenue (ties by name).

use super::lifecycle_settings::LifecycleSettings;
use super::rfm::{collect_purchases, PurchaseRow};
use super::{from_micros, round_to};
use crate::model::Dataset;
use serde::Serialize;

/// Loyalty figures (inside the `lifecycle` report).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Loyalty {
    /// Customers with a purchase.
    pub customers: u64,
    /// Customers who bought on two or more days.
    pub repeat_customers: u64,
    /// repeat_customers ÷ customers.
    pub repeat_customer_share: f64,
    /// Total revenue (sum of purchase values).
    pub revenue: f64,
    /// Revenue from repeat customers.
    pub repeat_revenue: f64,
    /// repeat_revenue ÷ revenue; `None` when revenue is not above 0.
    pub repeat_revenue_share: Option<f64>,
    /// Number of customers in the top 20%: ceil(0.2 × customers).
    pub top_customers: u64,
    /// Revenue of the top 20%.
    pub top_revenue: f64,
    /// top_revenue ÷ revenue (0.8 would be the classic 80/20); `None` when
    /// revenue is not above 0.
    pub top_revenue_share: Option<f64>,
    /// A sentence with the key numbers.
    pub summary: String,
}

pub(crate) fn loyalty_of(rows: &[PurchaseRow]) -> Loyalty {
    let n = rows.len() as u64;
    let total: i128 = rows.iter().map(|r| r.micros).sum();
    let repeat: Vec<&PurchaseRow> = rows.iter().filter(|r| r.days.len() >= 2).collect();
    let repeat_micros: i128 = repeat.iter().map(|r| r.micros).sum();
    let mut by_revenue: Vec<&PurchaseRow> = rows.iter().collect();
    crate::sort::sort_by(&mut by_revenue, |a, b| {
        b.micros.cmp(&a.micros).then_with(|| a.customer.cmp(&b.customer))
    });
    let top_n = n.div_ceil(5);
    let top_micros: i128 = by_revenue.iter().take(top_n as usize).map(|r| r.micros).sum();
    let share =
        |part: i128| if total > 0 { Some(round_to(part as f64 / total as f64, 6)) } else { None };
    let repeat_customer_share =
        if n > 0 { round_to(repeat.len() as f64 / n as f64, 6) } else { 0.0 };
    let top_share = share(top_micros);
    let summary = match top_share {
        Some(s) => format!(
            "{} of {} customers ({:.1}%) bought more than once; the top 20% ({} customers) bring {:.1}% of revenue.",
            repeat.len(),
            n,
            repeat_customer_share * 100.0,
            top_n,
            s * 100.0
        ),
        None => format!(
            "{} of {} customers ({:.1}%) bought more than once; no revenue to share out.",
            repeat.len(),
            n,
            repeat_customer_share * 100.0
        ),
    };
    Loyalty {
        customers: n,
        repeat_customers: repeat.len() as u64,
        repeat_customer_share,
        revenue: round_to(from_micros(total), 6),
        repeat_revenue: round_to(from_micros(repeat_micros), 6),
        repeat_revenue_share: share(repeat_micros),
        top_customers: top_n,
        top_revenue: round_to(from_micros(top_micros), 6),
        top_revenue_share: top_share,
        summary,
    }
}

/// Loyalty figures at the analysis date of `settings` (its purchase rule and
/// date are used). `None` when there are no purchases or times are not
/// calendar times.
pub fn loyalty(dataset: &Dataset, settings: &LifecycleSettings) -> Option<Loyalty> {
    let p = collect_purchases(dataset, settings.purchases, settings.analysis_date.as_ref())?;
    Some(loyalty_of(&p.rows))
}
