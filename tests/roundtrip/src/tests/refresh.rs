//! The run-time host's environment, arguments, preopens and random seed
//! reach Python on the first export call after py-wasm-init.

use anyhow::Result;

use crate::harness::harness;

macro_rules! guest {
    ($i:expr) => {
        $i.bindings.test_roundtrip_guest()
    };
}

#[test]
fn host_state_is_loaded_after_init() -> Result<()> {
    let mut i = harness()?.instance()?;
    let env = guest!(i).call_environment(&mut i.store)?;
    assert!(
        env.contains(&("ROUNDTRIP_MARK".to_string(), "refreshed".to_string())),
        "{env:?}"
    );
    let args = guest!(i).call_arguments(&mut i.store)?;
    assert_eq!(args, ["roundtrip", "--flag"]);
    // libc forgot the build host's preopens at the end of py-wasm-init;
    // this read works only if the run-time host's were loaded again.
    let text = guest!(i).call_read_file(&mut i.store, "/app/0/guest.py")?;
    assert!(
        text.as_deref().is_ok_and(|t| t.contains("class Blob")),
        "{text:?}"
    );
    assert!(guest!(i).call_reseeded(&mut i.store)?);
    Ok(())
}
