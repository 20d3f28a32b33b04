//! py-wasm: the one-shot driver (not yet written).
