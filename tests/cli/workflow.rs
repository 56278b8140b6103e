//! The daily workflow: status, actions, log, trend, open, new --edit, commit, hook install,
//! completions and man, and the demo's tour,
//! on a notebook built here with dated commits.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::*;

/// A note with front matter `date`, `report`, extra YAML lines, then `body`.
fn note(date: &str, report: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ndate: {date}\nreport: {report}\nsupervisor: dana\n{extra}---\n\n# 1:1 {report} — {date}\n\n{body}"
    )
}

/// A complete note body: every step filled, then `conclusions` and `actions` lines.
fn body(conclusions: &str, actions: &str) -> String {
    format!(
        "## Leverage\nThe Q1 plan, for a week.\n\n## Common base\nOrders are counted weekly.\n\n## Reverse teaching\nHow the pipeline reacts to price.\n\n## Joint data analysis\nOrders are flat.\n\n## Conclusions\n{conclusions}\n## Cascading actions\n{actions}\n## Private\nCANARY-PRIVATE tired this week.\n"
    )
}

fn json_of(a: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_str(&stdout(a)).unwrap()
}

/// Alice weekly (30 min), Bob every 14 days (45 min) and overdue, Carol never met; each note
/// committed on its meeting day. Today is 2026-11-24 (a Tuesday of 2026-W48).
fn week(env: &Env) {
    env.notebook();
    env.cascade()
        .args(["person", "add", "carol", "--name", "Carol Diaz"])
        .assert()
        .success();
    env.commit_all("Notebook", "2026-10-01T09:00:00+00:00");
    let alice = [
        ("2026-10-27", 370, ""),
        ("2026-11-03", 372, ""),
        (
            "2026-11-10",
            376,
            "- [ ] Draft Q1 plan @alice due:2026-11-20\n",
        ),
        (
            "2026-11-17",
            379,
            "- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n- [ ] Call the bank @dana due:2026-11-25\n",
        ),
        (
            "2026-11-24",
            300,
            "- [ ] Draft Q1 plan @alice due:2026-11-20 (from 2026-11-10)\n- [x] Call the bank @dana due:2026-11-25\n- [ ] Freeze two open reqs @alice due:2026-12-04\n",
        ),
    ];
    for (d, orders, actions) in alice {
        let morale = if d == "2026-11-24" {
            "  morale: 7\n"
        } else {
            ""
        };
        env.write(
            &format!("notes/alice/{d}.md"),
            note(
                d,
                "alice",
                &format!(
                    "duration_min: 30\nshare_with: [sales]\nindicators:\n  orders: {orders}\n{morale}"
                ),
                &body("- Hold prices until January.\n", actions),
            ),
        );
        env.commit_all(&format!("alice {d}"), &format!("{d}T17:00:00+00:00"));
    }
    env.write(
        "notes/bob/2026-10-20.md",
        note(
            "2026-10-20",
            "bob",
            "duration_min: 45\nprivate: true\n",
            &body(
                "- CANARY-CONCLUSION private\n",
                "- [ ] CANARY-ACTION @bob due:2026-10-30\n",
            ),
        ),
    );
    env.commit_all("bob 2026-10-20", "2026-10-20T17:00:00+00:00");
    env.write(
        "notes/bob/2026-11-03.md",
        note(
            "2026-11-03",
            "bob",
            "duration_min: 45\n",
            &body(
                "- Move the release to Thursday.\n- Keep the on-call rota.\n",
                "- [ ] Fix the CI @bob due:2026-11-10\n- [-] Rewrite the deploy script @bob due:2026-11-20\n",
            ),
        ),
    );
    env.commit_all("bob 2026-11-03", "2026-11-03T17:00:00+00:00");
}

#[test]
fn status_has_a_row_per_report_with_overdue_and_never_met() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["status"]).assert().success();
    insta::assert_snapshot!("status_human", stdout(&a));
    let text = stdout(
        &env.cascade()
            .args(["status", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("status_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let rows = j["reports"].as_array().unwrap();
    let row = |h: &str| rows.iter().find(|r| r["report"] == h).unwrap().clone();
    // Carol: in the config, no note yet.
    assert_eq!(row("carol")["last"], Value::Null);
    assert_eq!(row("carol")["next_due"], Value::Null);
    assert_eq!(row("carol")["open_actions"], 0);
    // Bob: last met 2026-11-03, every 14 days: due 2026-11-17, 7 days overdue.
    assert_eq!(row("bob")["next_due"], "2026-11-17");
    assert_eq!(row("bob")["overdue_days"], 7);
    assert_eq!(row("bob")["open_actions"], 1);
    assert_eq!(row("bob")["overdue_actions"], 1);
    // 45 min every 14 days at 40 h/week: 80 h / 0.75 h.
    assert_eq!(row("bob")["leverage"], 106.6666667);
    // Alice: met today; four 30-minute meetings in November.
    assert_eq!(row("alice")["overdue_days"], 0);
    assert_eq!(row("alice")["hours_this_month"], 2);
    assert_eq!(row("alice")["leverage"], 80);
    assert_eq!(row("alice")["open_actions"], 2);
    assert_eq!(row("alice")["overdue_actions"], 1);
    // Never the supervisor, never private text.
    assert!(rows.iter().all(|r| r["report"] != "dana"));
    assert!(!stdout(&a).contains("CANARY"));
}

#[test]
fn status_of_an_empty_notebook_and_outside_one() {
    let env = Env::new();
    env.cascade()
        .args(["init", "--me", "dana"])
        .assert()
        .success();
    let a = env.cascade().args(["status"]).assert().success();
    assert_eq!(
        stdout(&a),
        "no reports yet: add one with `cascade person add HANDLE --name \"…\"`\n"
    );
    let j = json_of(
        &env.cascade()
            .args(["status", "--format", "json"])
            .assert()
            .success(),
    );
    assert_eq!(j["reports"], serde_json::json!([]));
    let elsewhere = Env::new();
    let a = elsewhere.cascade().args(["status"]).assert().code(2);
    assert!(
        stderr(&a).contains("not in a cascade notebook"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn actions_lists_a_carried_action_once_with_its_latest_note() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["actions"]).assert().success();
    let out = stdout(&a);
    insta::assert_snapshot!("actions_open_human", out);
    assert_eq!(out.matches("Draft Q1 plan").count(), 1, "{out}");
    let text = stdout(
        &env.cascade()
            .args(["actions", "--all", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("actions_all_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let list = j["actions"].as_array().unwrap();
    let drafts: Vec<&Value> = list
        .iter()
        .filter(|a| a["text"] == "Draft Q1 plan")
        .collect();
    assert_eq!(drafts.len(), 1);
    let d = drafts[0];
    assert_eq!(d["state"], "open");
    assert_eq!(d["owner"], "alice");
    assert_eq!(d["path"], "notes/alice/2026-11-24.md");
    let line = env
        .read("notes/alice/2026-11-24.md")
        .lines()
        .position(|l| l.contains("Draft Q1 plan"))
        .unwrap()
        + 1;
    assert_eq!(d["line"], line);
    assert_eq!(d["from"], "2026-11-10");
    assert_eq!(d["due"], "2026-11-20");
    assert_eq!(d["days_late"], 4);
    // Done today, not late; private notes contribute nothing.
    let bank = list.iter().find(|a| a["text"] == "Call the bank").unwrap();
    assert_eq!(bank["state"], "done");
    assert_eq!(bank["days_late"], Value::Null);
    assert!(!j.to_string().contains("CANARY"));
}

#[test]
fn actions_filters() {
    let env = Env::new();
    week(&env);
    let texts = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["actions", "--format", "json"];
        full.extend_from_slice(args);
        json_of(&env.cascade().args(&full).assert().success())["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        texts(&[]),
        ["Fix the CI", "Draft Q1 plan", "Freeze two open reqs"]
    );
    // Overdue: the latest first.
    assert_eq!(texts(&["--overdue"]), ["Fix the CI", "Draft Q1 plan"]);
    assert_eq!(texts(&["--done"]), ["Call the bank"]);
    assert_eq!(texts(&["--dropped"]), ["Rewrite the deploy script"]);
    assert_eq!(texts(&["--owner", "dana", "--all"]), ["Call the bank"]);
    assert_eq!(texts(&["--owner", "@Dana", "--all"]), ["Call the bank"]);
    assert_eq!(texts(&["--report", "bob"]), ["Fix the CI"]);
    assert_eq!(texts(&["--report", "carol"]), Vec::<String>::new());
    let a = env
        .cascade()
        .args(["actions", "--report", "carol"])
        .assert()
        .success();
    assert_eq!(stdout(&a), "no open actions\n");
    let a = env
        .cascade()
        .args(["actions", "--overdue"])
        .assert()
        .success();
    assert!(
        stdout(&a).ends_with("\n2 overdue actions\n"),
        "{}",
        stdout(&a)
    );

    let a = env
        .cascade()
        .args(["actions", "--report", "alcie"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("`alcie` is not a person of this notebook"),
        "{}",
        stderr(&a)
    );
    assert!(
        stderr(&a).contains("did you mean `alice`?"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cascade()
        .args(["actions", "--owner", "dnaa"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("did you mean `dana`?"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cascade()
        .args(["actions", "--done", "--overdue"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("cannot be used with"), "{}", stderr(&a));
}

#[test]
fn log_lists_meetings_newest_first() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["log", "alice"]).assert().success();
    insta::assert_snapshot!("log_alice_human", stdout(&a));
    let text = stdout(
        &env.cascade()
            .args(["log", "bob", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("log_bob_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let m = j["meetings"].as_array().unwrap();
    assert_eq!(m[0]["date"], "2026-11-03");
    assert_eq!(m[0]["conclusions"], 2);
    assert_eq!(m[0]["actions_opened"], 2);
    assert_eq!(m[0]["actions_closed"], 1);
    assert_eq!(m[1]["private"], true);
    assert_eq!(m[1]["conclusions"], Value::Null);
    assert!(!j.to_string().contains("CANARY"));
    let j = json_of(
        &env.cascade()
            .args(["log", "alice", "--format", "json"])
            .assert()
            .success(),
    );
    let today = &j["meetings"][0];
    assert_eq!(today["date"], "2026-11-24");
    // Freeze is new; Call the bank was open and is now done.
    assert_eq!(today["actions_opened"], 1);
    assert_eq!(today["actions_closed"], 1);

    let a = env.cascade().args(["log", "carol"]).assert().success();
    assert_eq!(
        stdout(&a),
        "Carol Diaz (carol)\nno meetings yet: `cascade new carol` scaffolds the first note\n"
    );
    let a = env.cascade().args(["log", "bobb"]).assert().code(2);
    assert!(stderr(&a).contains("did you mean `bob`?"), "{}", stderr(&a));
    let a = env.cascade().args(["log", "../etc"]).assert().code(2);
    assert!(stderr(&a).contains("handle"), "{}", stderr(&a));
}

#[test]
fn trend_flags_the_unusual_change_like_the_digest() {
    let env = Env::new();
    week(&env);
    let a = env
        .cascade()
        .args(["trend", "alice", "orders"])
        .assert()
        .success();
    insta::assert_snapshot!("trend_alice_orders_human", stdout(&a));
    let text = stdout(
        &env.cascade()
            .args(["trend", "alice", "orders", "--format", "json"])
            .assert()
            .success(),
    );
    insta::assert_snapshot!("trend_alice_orders_json", text);
    assert!(text.starts_with("{\n  \"version\": 1,"), "{text}");
    let j: Value = serde_json::from_str(&text).unwrap();
    let s = &j["indicators"][0];
    assert_eq!(s["name"], "orders");
    assert_eq!(s["sparkline"], "▇▇██▁");
    let pts = s["points"].as_array().unwrap();
    let flagged: Vec<&Value> = pts.iter().filter(|p| p["flagged"] == true).collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["date"], "2026-11-24");
    assert_eq!(flagged[0]["delta"], -79);
    assert_eq!(flagged[0]["usual_change"], 3);

    // The digest of the same week flags the same value.
    let d = json_of(
        &env.cascade()
            .args(["digest", "--format", "json", "--week", "2026-W48"])
            .assert()
            .success(),
    );
    let ind = d["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "orders")
        .unwrap()
        .clone();
    assert_eq!(ind["flagged"], true);
    assert_eq!(ind["usual_change"], flagged[0]["usual_change"]);

    // Without INDICATOR: one line per indicator.
    let a = env.cascade().args(["trend", "alice"]).assert().success();
    insta::assert_snapshot!("trend_alice_overview", stdout(&a));
    let a = env
        .cascade()
        .args(["trend", "alice", "ordres"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("alice has no indicator `ordres`"),
        "{}",
        stderr(&a)
    );
    assert!(
        stderr(&a).contains("did you mean `orders`?"),
        "{}",
        stderr(&a)
    );
    let a = env.cascade().args(["trend", "carol"]).assert().success();
    assert!(
        stdout(&a).contains("no indicators recorded"),
        "{}",
        stdout(&a)
    );
    let a = env.cascade().args(["trend", "alcie"]).assert().code(2);
    assert!(
        stderr(&a).contains("did you mean `alice`?"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn demo_tour_shows_the_real_status() {
    let env = Env::new();
    let a = env.cascade().args(["demo", "sample"]).assert().success();
    let out = stdout(&a);
    let status = stdout(
        &env.cascade()
            .args(["-C", "sample", "status"])
            .assert()
            .success(),
    );
    assert!(out.contains(&status), "{out}");
    assert!(out.contains("Try next:\n"), "{out}");
    assert!(out.contains("cascade status"), "{out}");
    assert!(out.contains("cascade actions --overdue"), "{out}");
}

/// A fake editor named `name` that records its arguments in `args.txt`.
fn fake_editor(env: &Env, name: &str) -> PathBuf {
    let bin = env.tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let p = bin.join(name);
    let log = env.tmp.path().join("args.txt");
    std::fs::write(
        &p,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
            log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    p
}

fn editor_args(env: &Env) -> Vec<String> {
    std::fs::read_to_string(env.tmp.path().join("args.txt"))
        .unwrap()
        .lines()
        .map(|l| l.replace(&env.tmp.path().display().to_string(), "[TMP]"))
        .collect()
}

/// 1-based line of the first line of `text` equal to `l`.
fn line_of(text: &str, l: &str) -> usize {
    text.lines().position(|x| x == l).unwrap() + 1
}

#[cfg(unix)]
#[test]
fn new_edit_and_open_start_the_editor_at_the_first_empty_section() {
    let env = Env::new();
    week(&env);
    let vim = fake_editor(&env, "vim");
    let a = env
        .cascade()
        .args(["new", "carol", "--edit"])
        .env("VISUAL", &vim)
        .assert()
        .success();
    assert_eq!(stdout(&a), "created notes/carol/2026-11-24.md\n");
    let text = env.read("notes/carol/2026-11-24.md");
    // Below the prompt comment of `## Leverage`.
    let at = line_of(&text, "## Leverage") + 2;
    assert_eq!(text.lines().nth(at - 1), Some(""));
    assert_eq!(
        editor_args(&env),
        [
            format!("+{at}"),
            "[TMP]/work/notes/carol/2026-11-24.md".to_owned()
        ]
    );

    // VS Code style; $VISUAL may carry its own arguments.
    let code = fake_editor(&env, "code");
    env.cascade()
        .args(["open", "carol"])
        .env("VISUAL", format!("{} --wait", code.display()))
        .assert()
        .success();
    assert_eq!(
        editor_args(&env),
        [
            "--wait",
            "--goto",
            &format!("[TMP]/work/notes/carol/2026-11-24.md:{at}")
        ]
    );

    // A complete note opens at its top; $EDITOR is used when $VISUAL is empty.
    let a = env
        .cascade()
        .args(["open", "alice"])
        .env("EDITOR", &vim)
        .assert()
        .success();
    assert_eq!(stdout(&a), "opening notes/alice/2026-11-24.md\n");
    assert_eq!(editor_args(&env), ["[TMP]/work/notes/alice/2026-11-24.md"]);

    let a = env.cascade().args(["open", "bob"]).assert().code(2);
    assert!(
        stderr(&a).contains("neither $VISUAL nor $EDITOR is set"),
        "{}",
        stderr(&a)
    );
    env.cascade()
        .args(["person", "add", "dan"])
        .assert()
        .success();
    let a = env
        .cascade()
        .args(["open", "dan"])
        .env("VISUAL", &vim)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("dan has no notes yet"),
        "{}",
        stderr(&a)
    );
    let a = env
        .cascade()
        .args(["open", "carl"])
        .env("VISUAL", &vim)
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("did you mean `carol`?"),
        "{}",
        stderr(&a)
    );
    // An editor that fails is an error, and says the note is on disk.
    let a = env
        .cascade()
        .args(["open", "alice"])
        .env("VISUAL", "false")
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("editor `false` exited"),
        "{}",
        stderr(&a)
    );
}

fn hook_path(env: &Env) -> PathBuf {
    env.work().join(".git/hooks/pre-commit")
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o111 != 0
}

#[cfg(unix)]
#[test]
fn hook_install_writes_once_and_never_overwrites_a_foreign_hook() {
    let env = Env::new();
    env.notebook();
    let a = env.cascade().args(["hook", "install"]).assert().success();
    assert_eq!(
        stdout(&a),
        "installed .git/hooks/pre-commit: `git commit` now runs `cascade lint --staged`\n"
    );
    let hook = hook_path(&env);
    let text = std::fs::read_to_string(&hook).unwrap();
    assert!(text.starts_with("#!/bin/sh\n"));
    assert!(text.contains("exec \"$cascade\" lint --staged\n"), "{text}");
    assert!(is_executable(&hook));
    let a = env.cascade().args(["hook", "install"]).assert().success();
    assert_eq!(stdout(&a), "already installed: .git/hooks/pre-commit\n");

    // Somebody else's hook: refused, untouched.
    let other = Env::new();
    other.notebook();
    let theirs = "#!/bin/sh\necho theirs >> \"$(git rev-parse --git-dir)/ran\"\n";
    other.write(".git/hooks/pre-commit", theirs);
    let a = other.cascade().args(["hook", "install"]).assert().code(2);
    let err = stderr(&a);
    assert!(
        err.contains(".git/hooks/pre-commit already exists and was not installed by cascade; nothing was changed"),
        "{err}"
    );
    assert!(err.contains("--chain"), "{err}");
    assert_eq!(std::fs::read_to_string(hook_path(&other)).unwrap(), theirs);
    assert!(!other.work().join(".git/hooks/pre-commit.local").exists());

    // --chain keeps it as pre-commit.local and runs it first.
    let a = other
        .cascade()
        .args(["hook", "install", "--chain"])
        .assert()
        .success();
    assert_eq!(
        stdout(&a),
        "installed .git/hooks/pre-commit; the hook that was there is now .git/hooks/pre-commit.local and runs first\n"
    );
    assert_eq!(
        std::fs::read_to_string(other.work().join(".git/hooks/pre-commit.local")).unwrap(),
        theirs
    );
    let text = std::fs::read_to_string(hook_path(&other)).unwrap();
    assert!(text.contains("pre-commit.local"), "{text}");
    let a = other.cascade().args(["hook", "install"]).assert().success();
    assert_eq!(stdout(&a), "already installed: .git/hooks/pre-commit\n");
    // Another foreign hook while pre-commit.local exists: refused even with --chain.
    other.write(".git/hooks/pre-commit", theirs);
    let a = other
        .cascade()
        .args(["hook", "install", "--chain"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("pre-commit.local exists too"),
        "{}",
        stderr(&a)
    );
    assert_eq!(std::fs::read_to_string(hook_path(&other)).unwrap(), theirs);
    // --force replaces it, saying so.
    let a = other
        .cascade()
        .args(["hook", "install", "--force"])
        .assert()
        .success();
    assert!(
        stdout(&a).starts_with("replaced .git/hooks/pre-commit"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn hook_install_respects_core_hooks_path() {
    let env = Env::new();
    env.notebook();
    let st = env
        .git(&env.work())
        .args(["config", "core.hooksPath", "githooks"])
        .status()
        .unwrap();
    assert!(st.success());
    let a = env.cascade().args(["hook", "install"]).assert().success();
    assert!(
        stdout(&a).starts_with("installed githooks/pre-commit"),
        "{}",
        stdout(&a)
    );
    assert!(env.work().join("githooks/pre-commit").is_file());
    assert!(!hook_path(&env).exists());
}

#[test]
fn pre_commit_hooks_yaml_runs_cascade_lint_on_markdown() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    assert!(text.contains("- id: cascade-lint"), "{text}");
    assert!(text.contains("entry: cascade lint"), "{text}");
    assert!(
        text.contains("files: (^|/)notes/.*\\.(md|markdown)$"),
        "{text}"
    );
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let env = Env::new();
    for (shell, needle) in [
        ("bash", "_cascade()"),
        ("zsh", "#compdef cascade"),
        ("fish", "complete -c cascade"),
        ("elvish", "edit:completion:arg-completer[cascade]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let a = env
            .cascade()
            .args(["completions", shell])
            .assert()
            .success();
        let out = stdout(&a);
        assert!(out.contains(needle), "{shell}: {out}");
        assert!(out.contains("status") && out.contains("actions"), "{shell}");
    }
    let a = env.cascade().args(["completions", "tcsh"]).assert().code(2);
    assert!(
        stderr(&a).contains("invalid value 'tcsh'"),
        "{}",
        stderr(&a)
    );
    let a = env.cascade().args(["man"]).assert().success();
    let out = stdout(&a);
    assert!(out.contains(".TH cascade"), "{out}");
    assert!(out.contains("status") && out.contains("commit"), "{out}");
}

fn git_out(env: &Env, args: &[&str]) -> String {
    let o = env.git(&env.work()).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn commit_stages_notes_and_digests_with_report_and_week_trailers() {
    let env = Env::new();
    week(&env);
    let a = env.cascade().args(["commit"]).assert().success();
    assert_eq!(
        stdout(&a),
        "nothing to commit: no note or digest has changed\n"
    );

    // A new note for carol, a change to bob's, a digest, and a file that is neither.
    env.write(
        "notes/carol/2026-11-24.md",
        note(
            "2026-11-24",
            "carol",
            "",
            &body("- Start.\n", "- [ ] Read the plan @carol due:2026-12-01\n"),
        ),
    );
    let bob = env
        .read("notes/bob/2026-11-03.md")
        .replace("- [ ] Fix the CI", "- [x] Fix the CI");
    env.write("notes/bob/2026-11-03.md", bob);
    env.write("digests/2026-W48.md", "# Cascade digest 2026-W48\n");
    env.write("scratch.txt", "not a note\n");
    let a = env
        .cascade()
        .args(["commit"])
        .env("GIT_AUTHOR_DATE", "2026-11-24T18:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2026-11-24T18:00:00+00:00")
        .assert()
        .success();
    let out = stdout(&a);
    let sha = git_out(&env, &["rev-parse", "--short=7", "HEAD"]);
    assert_eq!(
        out.replace(sha.trim(), "SHA"),
        "committed 3 files as SHA: 1:1 notes: bob, carol; digest 2026-W48\n  digests/2026-W48.md\n  notes/bob/2026-11-03.md\n  notes/carol/2026-11-24.md\n"
    );
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%B"]),
        "1:1 notes: bob, carol; digest 2026-W48\n\nReport: bob\nReport: carol\nWeek: 2026-W48\n\n"
    );
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%an <%ae> %ad", "--date=iso"]),
        "Test User <test@example.com> 2026-11-24 18:00:00 +0000\n"
    );
    // The other file is left alone, untracked.
    assert_eq!(
        git_out(&env, &["status", "--porcelain"]),
        "?? scratch.txt\n"
    );

    // A message of one's own keeps its trailers and gains ours.
    let t = env
        .read("notes/alice/2026-11-24.md")
        .replace("- [ ] Freeze", "- [x] Freeze");
    env.write("notes/alice/2026-11-24.md", t);
    env.cascade()
        .args([
            "commit",
            "-m",
            "Froze the reqs\n\nSigned-off-by: Dana <d@example.com>",
        ])
        .assert()
        .success();
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%B"]),
        "Froze the reqs\n\nSigned-off-by: Dana <d@example.com>\nReport: alice\nWeek: 2026-W48\n\n"
    );
    let a = env.cascade().args(["commit", "-m", "  "]).assert().code(2);
    assert!(stderr(&a).contains("the commit message is empty"));
}

#[test]
fn commit_in_a_notebook_below_the_repository_root() {
    let env = Env::new();
    let st = env.git(&env.work()).args(["init", "-q"]).status().unwrap();
    assert!(st.success());
    env.cascade()
        .args(["init", "book", "--me", "dana"])
        .assert()
        .success();
    env.cascade()
        .args(["-C", "book", "person", "add", "alice"])
        .assert()
        .success();
    env.write(
        "book/notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "",
            &body("- One.\n", "- [ ] Two @alice due:2026-12-01\n"),
        ),
    );
    let a = env
        .cascade()
        .args(["-C", "book", "commit"])
        .assert()
        .success();
    assert!(
        stdout(&a).ends_with("\n  notes/alice/2026-11-24.md\n"),
        "{}",
        stdout(&a)
    );
    assert_eq!(
        git_out(&env, &["show", "--name-only", "--format="]),
        "book/notes/alice/2026-11-24.md\n"
    );
}

#[test]
fn commit_outside_git_is_exit_2() {
    let env = Env::new();
    env.notebook();
    std::fs::remove_dir_all(env.work().join(".git")).unwrap();
    let a = env.cascade().args(["commit"]).assert().code(2);
    let err = redact(&env, &stderr(&a));
    assert!(
        err.contains("not inside a git repository (searched up from [TMP]/work)"),
        "{err}"
    );
}

/// Row 33: no git identity configured.
#[test]
fn row_33_commit_without_identity_names_the_two_git_config_commands() {
    let env = Env::without_identity();
    env.notebook();
    env.write(
        "notes/alice/2026-11-24.md",
        note(
            "2026-11-24",
            "alice",
            "",
            &body("- One.\n", "- [ ] Two @alice due:2026-12-01\n"),
        ),
    );
    let a = env
        .cascade()
        .args(["commit"])
        .env("HOME", env.home())
        .env("XDG_CONFIG_HOME", env.home().join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .assert()
        .code(2);
    let err = stderr(&a);
    assert!(err.contains("no git identity is configured"), "{err}");
    assert!(
        err.contains("git config --global user.name \"Your Name\""),
        "{err}"
    );
    assert!(
        err.contains("git config --global user.email you@example.com"),
        "{err}"
    );
    // Nothing was staged.
    let st = env
        .git(&env.work())
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    let st = String::from_utf8(st.stdout).unwrap();
    assert!(st.lines().all(|l| l.starts_with("??")), "{st}");
}

/// A note whose `Common base` is empty and whose action has no owner: two lint errors.
fn bad_note(date: &str, report: &str) -> String {
    note(
        date,
        report,
        "",
        &body("- One.\n", "- [ ] Nobody owns this due:2026-12-01\n")
            .replace("Orders are counted weekly.\n", ""),
    )
}

#[test]
fn commit_refuses_notes_with_lint_errors_unless_no_verify() {
    let env = Env::new();
    week(&env);
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    env.write("notes/carol/2026-11-24.md", bad_note("2026-11-24", "carol"));
    let a = env.cascade().args(["commit"]).assert().code(1);
    let err = stderr(&a);
    assert!(err.contains("error[steps/empty]"), "{err}");
    assert!(err.contains("error[actions/owner]"), "{err}");
    assert!(err.contains("--> notes/carol/2026-11-24.md:"), "{err}");
    assert!(
        err.contains("lint found errors in the notes to commit; nothing was committed"),
        "{err}"
    );
    assert!(err.contains("--no-verify"), "{err}");
    // Nothing committed, nothing left staged.
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git_out(&env, &["status", "--porcelain"]),
        "?? notes/carol/\n"
    );

    let a = env
        .cascade()
        .args(["commit", "--no-verify"])
        .assert()
        .success();
    assert!(
        stdout(&a).contains("1:1 carol 2026-11-24"),
        "{}",
        stdout(&a)
    );
    assert_eq!(
        git_out(&env, &["log", "-1", "--format=%B"]),
        "1:1 carol 2026-11-24\n\nReport: carol\nWeek: 2026-W48\n\n"
    );
}

/// `git commit ARGS` with the directory of the cascade under test first on PATH.
fn git_commit(env: &Env, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("cascade");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    env.git(&env.work())
        .args(["commit", "-q"])
        .args(args)
        .env("PATH", path)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn the_hook_blocks_a_commit_of_a_note_with_an_error() {
    let env = Env::new();
    week(&env);
    env.cascade().args(["hook", "install"]).assert().success();
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    env.write("notes/carol/2026-11-24.md", bad_note("2026-11-24", "carol"));
    git_out(&env, &["add", "notes/carol/2026-11-24.md"]);
    let o = git_commit(&env, &["-m", "carol"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error[actions/owner]"), "{err}");
    assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);

    // Fixed, the same commit goes through.
    env.write(
        "notes/carol/2026-11-24.md",
        note(
            "2026-11-24",
            "carol",
            "",
            &body("- One.\n", "- [ ] Read the plan @carol due:2026-12-01\n"),
        ),
    );
    git_out(&env, &["add", "notes/carol/2026-11-24.md"]);
    let o = git_commit(&env, &["-m", "carol"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_ne!(git_out(&env, &["rev-parse", "HEAD"]), head);

    // `git commit -a` and `git commit PATH` stage into a temporary index: linted all the same.
    let head = git_out(&env, &["rev-parse", "HEAD"]);
    let t = env
        .read("notes/alice/2026-11-24.md")
        .replace("Freeze two open reqs @alice", "Freeze two open reqs");
    env.write("notes/alice/2026-11-24.md", t);
    for args in [
        &["-a", "-m", "freeze"][..],
        &["-m", "freeze", "notes/alice/2026-11-24.md"][..],
    ] {
        let o = git_commit(&env, args);
        assert!(!o.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("error[actions/owner]"), "{args:?}: {err}");
        assert_eq!(git_out(&env, &["rev-parse", "HEAD"]), head);
    }
}

#[cfg(unix)]
#[test]
fn a_chained_hook_runs_first_and_can_block() {
    let env = Env::new();
    week(&env);
    env.write(
        ".git/hooks/pre-commit",
        "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/theirs-ran\"\nexit 1\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(hook_path(&env), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    env.cascade()
        .args(["hook", "install", "--chain"])
        .assert()
        .success();
    env.write(
        "notes/carol/2026-11-24.md",
        note(
            "2026-11-24",
            "carol",
            "",
            &body("- One.\n", "- [ ] Read the plan @carol due:2026-12-01\n"),
        ),
    );
    git_out(&env, &["add", "-A"]);
    let o = git_commit(&env, &["-m", "carol"]);
    assert!(!o.status.success());
    assert_eq!(
        std::fs::read_to_string(env.work().join(".git/theirs-ran")).unwrap(),
        "ran\n"
    );
}

#[test]
fn a_private_note_with_broken_front_matter_stays_private() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "private: true\ntags: [a\n",
            &body(
                "- CANARY-CONCLUSION fire someone. share:sales\n",
                "- [ ] CANARY-ACTION @alice due:2026-11-20\n",
            ),
        ),
    );
    env.write(
        "notes/bob/2026-11-18.md",
        note(
            "2026-11-18",
            "bob",
            "private: \"true\"\n",
            &body(
                "- CANARY-B share:sales\n",
                "- [ ] CANARY-B2 @bob due:2026-11-20\n",
            ),
        ),
    );
    env.commit_all("notes", "2026-11-18T10:00:00+00:00");
    for args in [
        vec!["actions", "--all", "--format", "json"],
        vec!["log", "alice", "--format", "json"],
        vec!["status", "--format", "json"],
        vec!["digest", "--week", "2026-W47", "--format", "json"],
        vec!["digest", "--week", "2026-W47"],
        vec!["lint", "--format", "json"],
        vec!["lint"],
    ] {
        let a = env.cascade().args(&args).assert();
        let out = stdout(&a);
        assert!(!out.contains("CANARY"), "{args:?}: {out}");
    }
}

#[test]
fn a_note_filed_under_an_alias_counts_for_its_person() {
    let env = Env::new();
    env.notebook();
    let mut cfg = env.read("cascade.toml");
    cfg = cfg.replacen(
        "[people.alice]\n",
        "[people.alice]\naliases = [\"al\"]\n",
        1,
    );
    env.write("cascade.toml", cfg);
    env.write(
        "notes/alice/2026-11-10.md",
        note(
            "2026-11-10",
            "alice",
            "",
            &body(
                "- A. share:sales\n",
                "- [ ] Draft plan @alice due:2026-11-30\n",
            ),
        ),
    );
    env.write(
        "notes/al/2026-11-17.md",
        note(
            "2026-11-17",
            "al",
            "",
            &body(
                "- B. share:sales\n",
                "- [x] Draft plan @alice due:2026-11-30 (from 2026-11-10)\n",
            ),
        ),
    );
    let a = env
        .cascade()
        .args(["status", "--format", "json"])
        .assert()
        .success();
    let v = json_of(&a);
    let alice = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["report"] == "alice")
        .unwrap()
        .clone();
    assert_eq!(alice["last"], "2026-11-17", "{v}");
    assert_eq!(alice["overdue_days"], 0, "{v}");
    assert!(
        v["reports"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["report"] != "al"),
        "{v}"
    );
    let a = env
        .cascade()
        .args(["actions", "--all", "--format", "json"])
        .assert()
        .success();
    let v = json_of(&a);
    let drafts: Vec<&Value> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["text"] == "Draft plan")
        .collect();
    assert_eq!(drafts.len(), 1, "{v}");
    assert_eq!(drafts[0]["state"], "done");
}

#[test]
fn commit_refuses_during_a_merge_and_owner_me_is_known() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "",
            &body("- A. share:sales\n", "- [ ] X @alice due:2026-11-30\n"),
        ),
    );
    env.commit_all("base", "2026-11-17T10:00:00+00:00");
    std::fs::write(
        env.work().join(".git/MERGE_HEAD"),
        format!(
            "{}\n",
            String::from_utf8(
                env.git(&env.work())
                    .args(["rev-parse", "HEAD"])
                    .output()
                    .unwrap()
                    .stdout
            )
            .unwrap()
            .trim()
        ),
    )
    .unwrap();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "",
            &body("- A. share:sales\n", "- [x] X @alice due:2026-11-30\n"),
        ),
    );
    let a = env
        .cascade()
        .args(["commit", "-m", "tick"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("a merge is in progress"),
        "{}",
        stderr(&a)
    );
    std::fs::remove_file(env.work().join(".git/MERGE_HEAD")).unwrap();
    let a = env
        .cascade()
        .args(["actions", "--owner", "dana"])
        .assert()
        .success();
    assert!(!stdout(&a).contains("X"), "{}", stdout(&a));
}

#[test]
fn the_demo_inside_another_repository_gets_its_own() {
    let env = Env::new();
    env.git(&env.work()).args(["init", "-q"]).status().unwrap();
    env.cascade().args(["demo", "inner"]).assert().success();
    let top = env
        .git(&env.work().join("inner"))
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .unwrap();
    let top = String::from_utf8(top.stdout).unwrap();
    assert!(top.trim().ends_with("/inner"), "{top}");
    let outer = env
        .git(&env.work())
        .args(["rev-list", "--all"])
        .output()
        .unwrap();
    assert!(outer.stdout.is_empty(), "the outer repository got commits");
}

#[test]
fn an_agenda_changes_nothing_today() {
    let env = Env::new();
    env.notebook();
    env.write(
        "notes/alice/2026-11-17.md",
        note(
            "2026-11-17",
            "alice",
            "",
            &body(
                "- A. share:sales\n",
                "- [ ] Draft plan @alice due:2026-11-30\n",
            ),
        ),
    );
    env.write(
        "notes/alice/2026-12-01.md",
        note(
            "2026-12-01",
            "alice",
            "",
            &body(
                "- B. share:sales\n",
                "- [x] Draft plan @alice due:2026-11-30\n- [ ] Agenda item @alice due:2026-11-01\n",
            ),
        ),
    );
    let a = env
        .cascade()
        .args(["actions", "--all", "--format", "json"])
        .assert()
        .success();
    let v = json_of(&a);
    let items = v["actions"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(items[0]["state"], "open");
}
