//! The toolchain artifacts a component is linked from, built by Bazel: the
//! workspace's shared `test-artifacts` crate.

pub use test_artifacts::{build, Artifacts};
