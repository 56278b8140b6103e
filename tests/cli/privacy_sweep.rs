//! The privacy sweep: canaries in every private place of a notebook, every command and output
//! format run over it, and no canary in any output, file or commit.

use std::collections::BTreeSet;

use crate::common::*;
use crate::privacy::{Seen, commit_at, head, steps};

fn git_ok(env: &Env, args: &[&str]) {
    let st = env.git(&env.work()).args(args).status().unwrap();
    assert!(st.success(), "git {args:?}");
}

/// Canaries in every private place of one notebook, with history; every command and format.
#[test]
fn privacy_sweep_finds_no_canary_in_any_output_file_or_commit() {
    let env = Env::new();
    env.notebook();
    commit_at(&env, "Notebook", "2026-11-01");
    let mut planted = BTreeSet::new();
    plant_alice(&env, &mut planted);
    plant_bob(&env, &mut planted);
    run_and_commit_everything(&env, &mut planted);
}

/// Write a note and remember it as planted.
fn plant(env: &Env, planted: &mut BTreeSet<String>, rel: &str, text: String) {
    env.write(rel, text);
    planted.insert(rel.to_owned());
}

fn plant_alice(env: &Env, planted: &mut BTreeSet<String>) {
    // Alice: public notes with private parts at every level and spelling.
    plant(
        env,
        planted,
        "notes/alice/2026-11-16.md",
        format!(
            "{}{}",
            head("2026-11-16", "alice")
                .replace("share_with", "indicators:\n  orders: 370\nshare_with"),
            steps(
                "- Hire slowly share:sales\n### **Private**\n- sweepbold share:sales\n",
                "- [ ] Draft Q1 plan @alice due:2026-11-20\n- [ ] Tick me later @alice due:2026-11-30\n- **Private:**\n  - [ ] sweepitem @alice due:2026-11-20\n#### 🔒 Private (HR: sweepheading)\n- [ ] sweepemoji @alice due:2026-11-20\n",
                "# Private\n- [ ] sweeph1 @alice due:2026-11-20\n## Conclusions\n- sweeph1sub share:sales\n"
            )
        ),
    );
    commit_at(env, "Alice 16", "2026-11-16");
    plant(
        env,
        planted,
        "notes/alice/2026-11-23.md",
        format!(
            "{}{}",
            head("2026-11-23", "alice")
                .replace("share_with", "indicators:\n  orders: 372\nshare_with"),
            steps(
                "- Keep prices share:sales\n### Private notes\n- sweepnotes share:sales\n### Back\n- Public again share:sales\n\n**Private:**\n- sweeplabel share:sales\n",
                "- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-16)\n- [x] Tick me later @alice due:2026-11-30 (from 2026-11-16)\n<h4>Private</h4>\n- [ ] sweephtml @alice due:2026-11-30\n",
                "## PRIVATE\n<!-- cascade-disable sweepdir/rule -->\n- [ ] sweeph2 @sweepowner due:sweepdue\nsweeph2text\n"
            )
        ),
    );
    commit_at(env, "Alice 23", "2026-11-23");
}

fn plant_bob(env: &Env, planted: &mut BTreeSet<String>) {
    // Bob: a private note with unknown keys, private indicators, owners and dates; then one
    // whose front matter is not recognised; then a private note whose actions `new` carries.
    plant(
        env,
        planted,
        "notes/bob/2026-11-09.md",
        format!(
            "---\ndate: 2026-11-09\nreport: bob\nsupervisor: dana\nprivate: true\nsweepkey: 1\nindicators:\n  sweepindname: 31337\n---\n{}",
            steps(
                "- sweepprivconclusion share:sales\n",
                "- [ ] sweepprivaction @sweepprivowner due:sweepprivdue\n- [ ] sweeptick @bob due:2026-11-30\n<!-- cascade-disable sweeprule/x -->\n",
                ""
            )
        ),
    );
    commit_at(env, "Bob 9", "2026-11-09");
    // A private action ticked in a later commit: its done date must not reach the digest.
    let t = env
        .read("notes/bob/2026-11-09.md")
        .replace("- [ ] sweeptick", "- [x] sweeptick");
    env.write("notes/bob/2026-11-09.md", t);
    commit_at(env, "Tick", "2026-11-24");
    plant(
        env,
        planted,
        "notes/bob/2026-11-16.md",
        format!(
            "\n---\ndate: 2026-11-16\nreport: bob\nprivate: true\n---\n{}",
            steps(
                "- sweepblankfm share:sales\n",
                "- [ ] sweepblankfmaction @bob due:2026-11-20\n",
                ""
            )
        ),
    );
    plant(
        env,
        planted,
        "notes/bob/2026-11-17.md",
        format!(
            "+++\ndate = 2026-11-17\nprivate = true\n+++\n{}",
            steps("- sweeptoml share:sales\n", "", "")
        ),
    );
    plant(
        env,
        planted,
        "notes/bob/2026-11-20.md",
        format!(
            "{}{}",
            head("2026-11-20", "bob"),
            steps(
                "- Bob public share:sales\n",
                "",
                "## Private\r\rsweepcrlone\r"
            )
        )
        .replace('\n', "\r\n"),
    );
    plant(
        env,
        planted,
        "notes/bob/2026-11-18.md",
        format!(
            "{}{}",
            head("2026-11-18", "bob"),
            steps(
                "- Bob CR share:sales\n",
                "",
                "## Private\nsweepcronly\n- sweepcronlyitem share:sales\n"
            )
        )
        .replace('\n', "\r"),
    );
    plant(
        env,
        planted,
        "notes/bob/2026-11-23.md",
        format!(
            "---\ndate: 2026-11-23\nreport: bob\nsupervisor: dana\nPrivate: true\nindicators:\n  orders: 99\n  sweepcarryind: 7\n---\n{}",
            steps(
                "- sweepkeycase share:sales\n",
                "- [ ] sweepcarry @bob due:2026-12-01\n",
                ""
            )
        ),
    );
    commit_at(env, "Bob", "2026-11-23");
}

/// Every canary planted above.
const CANARIES: &[&str] = &[
    "sweepbold",
    "sweepheading",
    "sweepemoji",
    "sweeph1",
    "sweepnotes",
    "sweeplabel",
    "sweepitem",
    "sweephtml",
    "sweepdir",
    "sweeph2",
    "sweepowner",
    "sweepdue",
    "sweepkey",
    "sweepindname",
    "31337",
    "sweepprivconclusion",
    "sweepprivaction",
    "sweepprivowner",
    "sweepprivdue",
    "sweeptick",
    "sweeprule",
    "sweepblankfm",
    "sweeptoml",
    "sweepcrlone",
    "sweepcronly",
    "sweepcarryind",
    "sweepkeycase",
    "sweepcarry",
];

fn run_and_commit_everything(env: &Env, planted: &mut BTreeSet<String>) {
    let mut seen = Seen(Vec::new());
    seen.run_everything(env);
    // `new` carries bob's private actions only into a private note.
    seen.run(env, &["new", "alice"]);
    seen.run(env, &["new", "bob"]);
    let bob_new = env.read("notes/bob/2026-11-24.md");
    assert!(
        bob_new.contains("\nprivate: true\n") && bob_new.contains("sweepcarry"),
        "{bob_new}"
    );
    planted.insert("notes/bob/2026-11-24.md".into());
    seen.run_everything(env);
    // Commits: cascade's own messages, then the digest's.
    let code = seen.run(env, &["commit"]);
    if code != 0 {
        seen.run(env, &["commit", "--no-verify"]);
    }
    seen.run(env, &["digest", "--commit"]);
    seen.run(env, &["digest", "--commit", "--week", "2026-W47"]);
    seen.run(
        env,
        &[
            "digest",
            "--commit",
            "--audience",
            "all",
            "--week",
            "2026-W47",
        ],
    );
    seen.commit_messages(env);
    let messages = seen.get("commit messages").to_owned();
    assert!(
        messages.contains("Report: alice") && messages.contains("Report: bob"),
        "{messages}"
    );
    assert!(
        messages.contains("Week: 2026-W48") && messages.contains("Week: 2026-W47"),
        "{messages}"
    );
    seen.files(env, planted);
    assert!(
        env.names("digests").contains(&"2026-W48.md".to_owned()),
        "{:?}",
        env.names("digests")
    );
    assert!(
        env.names("digests/2026-W47")
            .contains(&"sales.json".to_owned()),
        "{:?}",
        env.names("digests/2026-W47")
    );
    let status = env
        .git(&env.work())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "");
    seen.assert_clean(CANARIES);
    // Public text does get through, so the sweep is not vacuous.
    let md = seen.get("stdout of `digest --format md`");
    for public in ["Keep prices", "Public again"] {
        assert!(md.contains(public), "{public} missing from {md}");
    }
    let md = seen.get("stdout of `digest --format md --week 2026-W47`");
    for public in ["Hire slowly", "Bob public", "Bob CR"] {
        assert!(md.contains(public), "{public} missing from {md}");
    }
    git_ok(env, &["fsck", "--no-progress"]);
}
