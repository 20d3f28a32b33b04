//! Progress events. The library reports them; the binary decides whether and
//! how to show them (on a terminal, unless `-q`).

use std::time::Duration;

/// A stage of `componentize`, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Loading the WIT and selecting the world.
    World,
    /// glue-gen: the canonical-ABI glue and its metadata.
    Glue,
    /// wit-bindgen-py (real mode): the bindings the app imports.
    Bindings,
    /// py-link: the shared-everything link.
    Link,
    /// py-preinit: importing the app and snapshotting.
    Preinit,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 5] = [
        Stage::World,
        Stage::Glue,
        Stage::Bindings,
        Stage::Link,
        Stage::Preinit,
    ];

    /// Short name for progress lines.
    pub fn name(self) -> &'static str {
        match self {
            Stage::World => "world",
            Stage::Glue => "glue",
            Stage::Bindings => "bindings",
            Stage::Link => "link",
            Stage::Preinit => "pre-init",
        }
    }

    /// 1-based position.
    pub fn number(self) -> usize {
        Stage::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }
}

/// Something worth telling a person watching the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// An input py-wasm found on its own (the toolchain, the Python path).
    Discovered {
        /// What it is.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// A stage starts.
    Started(Stage),
    /// A stage finished.
    Finished {
        /// The stage.
        stage: Stage,
        /// What it produced.
        detail: String,
        /// How long it took.
        elapsed: Duration,
    },
}

/// Receives [`Event`]s.
pub trait Progress {
    /// Called for each event, in order.
    fn event(&mut self, event: Event);
}

/// Ignores every event.
pub struct Silent;

impl Progress for Silent {
    fn event(&mut self, _: Event) {}
}

impl<F: FnMut(Event)> Progress for F {
    fn event(&mut self, event: Event) {
        self(event)
    }
}
