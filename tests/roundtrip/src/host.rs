//! The host side of the test world: wasmtime bindings and the `host`
//! interface's implementation (echoes, and a counting `counter` resource).

use std::collections::HashMap;

use wasmtime::component::{Resource, ResourceTable};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

wasmtime::component::bindgen!({
    path: "wit",
    world: "roundtrip",
});

pub use test::roundtrip::host::{Counter, CounterRef};
pub use test::roundtrip::types::{Bag, Color, ErrorInfo, Perms, Point, Scalars, Shape};

/// The store's data.
pub struct Host {
    wasi: WasiCtx,
    table: ResourceTable,
    /// Live counters: rep -> value.
    counters: HashMap<u32, u32>,
    next_rep: u32,
    /// Counters created so far.
    pub created: u64,
    /// Messages the guest passed to `log`.
    pub log: Vec<String>,
}

impl Host {
    /// A host with the given WASI context.
    pub fn new(wasi: WasiCtx) -> Host {
        Host {
            wasi,
            table: ResourceTable::new(),
            counters: HashMap::new(),
            next_rep: 1,
            created: 0,
            log: Vec::new(),
        }
    }

    /// Counters the guest holds handles to.
    pub fn live_counters(&self) -> usize {
        self.counters.len()
    }

    /// Creates a counter and returns its own handle (for calling exports).
    pub fn new_counter(&mut self, value: u32) -> Resource<Counter> {
        let rep = self.next_rep;
        self.next_rep += 1;
        self.created += 1;
        self.counters.insert(rep, value);
        Resource::new_own(rep)
    }

    /// A borrow of the counter `c` (for calling exports).
    pub fn borrow_counter(c: &Resource<Counter>) -> Resource<Counter> {
        Resource::new_borrow(c.rep())
    }

    /// Drops a counter the host owns.
    pub fn drop_counter(&mut self, c: Resource<Counter>) {
        self.counters.remove(&c.rep());
    }

    /// The value of a live counter (`u32::MAX` if it is not live).
    pub fn value_of(&self, c: &Resource<Counter>) -> u32 {
        self.counters.get(&c.rep()).copied().unwrap_or(u32::MAX)
    }
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl RoundtripImports for Host {
    fn log(&mut self, msg: String) {
        self.log.push(msg);
    }
}

impl test::roundtrip::types::Host for Host {}

impl test::roundtrip::host::HostCounter for Host {
    fn new(&mut self, start: u32) -> Resource<Counter> {
        self.new_counter(start)
    }

    fn get(&mut self, c: Resource<Counter>) -> u32 {
        self.value_of(&c)
    }

    fn add(&mut self, c: Resource<Counter>, n: u32) {
        if let Some(v) = self.counters.get_mut(&c.rep()) {
            *v = v.wrapping_add(n);
        }
    }

    fn make(&mut self, start: u32) -> Resource<Counter> {
        self.new_counter(start)
    }

    fn drop(&mut self, c: Resource<Counter>) -> wasmtime::Result<()> {
        if self.counters.remove(&c.rep()).is_none() {
            wasmtime::bail!("counter {} dropped twice", c.rep());
        }
        Ok(())
    }
}

macro_rules! echoes {
    ($($name:ident: $ty:ty,)*) => {
        $(fn $name(&mut self, v: $ty) -> $ty { v })*
    };
}

impl test::roundtrip::host::Host for Host {
    echoes! {
        echo_bool: bool,
        echo_u8: u8,
        echo_u16: u16,
        echo_u32: u32,
        echo_u64: u64,
        echo_s8: i8,
        echo_s16: i16,
        echo_s32: i32,
        echo_s64: i64,
        echo_f32: f32,
        echo_f64: f64,
        echo_char: char,
        echo_string: String,
        echo_bytes: Vec<u8>,
        echo_signed: Vec<i8>,
        echo_strings: Vec<String>,
        echo_matrix: Vec<Vec<u32>>,
        echo_tuple: (u8, String, f64),
        echo_scalars: Scalars,
        echo_shape: Shape,
        echo_color: Color,
        echo_perms: Perms,
        echo_option: Option<u32>,
        echo_nested: Option<Option<String>>,
        echo_result: Result<u32, String>,
        echo_bag: Bag,
    }

    #[allow(clippy::too_many_arguments)]
    fn echo_many(
        &mut self,
        a: u8,
        b: i16,
        c: u32,
        d: i64,
        e: f32,
        f: f64,
        g: char,
        h: String,
        i: Vec<u8>,
        j: Option<Point>,
        k: Point,
        l: Point,
        m: Point,
        n: Point,
    ) -> (
        u8,
        i16,
        u32,
        i64,
        f32,
        f64,
        char,
        String,
        Vec<u8>,
        Option<Point>,
    ) {
        let _ = (k, l, m, n);
        (a, b, c, d, e, f, g, h, i, j)
    }

    fn sum_counters(&mut self, cs: Vec<Resource<Counter>>) -> u32 {
        cs.iter().map(|c| self.value_of(c)).sum()
    }

    fn sum_refs(&mut self, refs: Vec<CounterRef>) -> u32 {
        refs.iter().map(|r| self.value_of(&r.c)).sum()
    }

    fn take_counter(&mut self, c: Resource<Counter>) -> u32 {
        let value = self.value_of(&c);
        self.counters.remove(&c.rep());
        value
    }
}
