//! Writes `www/css/charts.css` from the one palette (`src/charts/palette.rs`).
//! Run after changing a colour: `cargo run --example palette_css`.
//! `tests/charts.rs` fails while the file and the palette differ.

fn main() -> std::io::Result<()> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/css/charts.css");
    std::fs::write(path, touchpoints::charts::palette::stylesheet())?;
    println!("wrote {path}");
    Ok(())
}
