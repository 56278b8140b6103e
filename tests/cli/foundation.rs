//! init, person add, new.

use crate::common::*;

#[test]
fn new_carries_exactly_the_open_actions() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-10.md",
        "---\ndate: 2026-11-10\nreport: alice\nsupervisor: dana\nindicators:\n  orders: 412\n---\n## Cascading actions\n- [ ] one @alice due:2026-11-20\n- [x] two @dana due:2026-11-12\n- [ ] three @alice due:2026-11-21\n- [-] four @alice due:2026-11-22\n- [ ] five @bob due:2026-11-23 (from 2026-10-01)\n",
    );
    let a = env
        .cascade()
        .args(["new", "alice", "--date", "2026-11-17"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "created notes/alice/2026-11-17.md (carried 3 open actions from 2026-11-10)\n"
    );
    let text = env.read("notes/alice/2026-11-17.md");
    let carried: Vec<&str> = text.lines().filter(|l| l.starts_with("- [")).collect();
    assert_eq!(
        carried,
        vec![
            "- [ ] one @alice due:2026-11-20 (from 2026-11-10)",
            "- [ ] three @alice due:2026-11-21 (from 2026-11-10)",
            "- [ ] five @bob due:2026-11-23 (from 2026-10-01)",
        ]
    );
    assert!(text.contains("last meeting (2026-11-10): orders 412"));
}
