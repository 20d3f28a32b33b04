//! The smallest round trip: a world-level export calling a world-level
//! import, and printing.

use anyhow::Result;

use crate::harness::harness;

#[test]
fn ping() -> Result<()> {
    let h = harness()?;
    let mut inst = h.instance()?;
    let got = inst.bindings.call_ping(&mut inst.store, 41);
    let stderr = inst.stderr();
    assert_eq!(got.ok(), Some(42), "stderr: {stderr}");
    assert_eq!(inst.store.data().log, vec!["ping 41".to_string()]);
    assert_eq!(inst.stdout(), "pong 42\n");
    assert_eq!(stderr, "");
    Ok(())
}
