//! Writes `www/js/formats.js` (the pages' `accept=` lists) from the one format
//! table (`src/formats.rs`). Run after adding a format: `cargo run --example formats_js`.
//! `tests/formats.rs` fails while the file and the table differ.

fn main() -> std::io::Result<()> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/js/formats.js");
    std::fs::write(path, touchpoints::formats::accept_module())?;
    println!("wrote {path}");
    Ok(())
}
