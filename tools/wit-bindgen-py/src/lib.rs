//! wit-bindgen-py (being written).
