//! The JavaScript facade: the only file that knows wasm-bindgen.
