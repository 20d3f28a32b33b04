//! The tests, by concern.

mod exceptions;
mod indices;
mod leaks;
mod refresh;
mod resources;
mod smoke;
mod snapshot;
mod values;
