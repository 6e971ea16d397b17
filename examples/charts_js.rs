//! Writes `www/widget/charts.js` (the chart names the widget's `chart`
//! attribute takes) from the one list of charts (`Charts::NAMES` in
//! `src/analysis.rs`). Run after adding a chart: `cargo run --example charts_js`.
//! `tests/charts.rs` fails while the file and the list differ.

fn main() -> std::io::Result<()> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/widget/charts.js");
    std::fs::write(path, touchpoints::analysis::Charts::module_js())?;
    println!("wrote {path}");
    Ok(())
}
