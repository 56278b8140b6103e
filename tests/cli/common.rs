//! A hermetic environment for CLI tests: its own HOME and git identity, no color, fixed today.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use assert_cmd::Command;

/// The fixed "today" tests run with.
pub const TODAY: &str = "2026-11-24";

/// Variables of the caller's environment that would change what git or cascade do.
const UNSET: [&str; 10] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "GIT_COMMITTER_DATE",
    "EMAIL",
];

/// A temporary home and working directory.
pub struct Env {
    pub tmp: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("home")).unwrap();
        std::fs::create_dir_all(tmp.path().join("work")).unwrap();
        std::fs::write(
            tmp.path().join("home/.gitconfig"),
            "[user]\n\tname = Test User\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        Env { tmp }
    }

    /// An environment whose HOME has no git identity.
    pub fn without_identity() -> Self {
        let e = Env::new();
        std::fs::write(e.tmp.path().join("home/.gitconfig"), "").unwrap();
        e
    }

    pub fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }

    /// The directory commands run in.
    pub fn work(&self) -> PathBuf {
        self.tmp.path().join("work")
    }

    /// `cascade` with the hermetic environment, run in `work()`, `--today` fixed.
    pub fn cascade(&self) -> Command {
        let mut c = Command::cargo_bin("cascade").unwrap();
        self.apply(c.current_dir(self.work()));
        c.arg("--today").arg(TODAY);
        c
    }

    /// `cascade` like [`Env::cascade`], with another `--today`.
    pub fn cascade_at(&self, today: &str) -> Command {
        let mut c = Command::cargo_bin("cascade").unwrap();
        self.apply(c.current_dir(self.work()));
        c.arg("--today").arg(today);
        c
    }

    /// `cascade` as a plain process, to spawn, kill or run under a shell, with the same
    /// environment and `--today`.
    pub fn process(&self) -> StdCommand {
        let mut c = self.plain(assert_cmd::cargo::cargo_bin("cascade"));
        c.arg("--today").arg(TODAY);
        c
    }

    /// Any program with the same environment, run in `work()`.
    pub fn plain(&self, program: impl AsRef<std::ffi::OsStr>) -> StdCommand {
        let mut c = StdCommand::new(program);
        c.current_dir(self.work());
        for k in UNSET {
            c.env_remove(k);
        }
        for (k, v) in self.vars() {
            c.env(k, v);
        }
        c
    }

    /// `git` with the same environment, in `dir`.
    pub fn git(&self, dir: &Path) -> StdCommand {
        let mut c = StdCommand::new("git");
        c.current_dir(dir);
        for k in UNSET {
            c.env_remove(k);
        }
        for (k, v) in self.vars() {
            c.env(k, v);
        }
        // Root's git refuses a repository an unprivileged run left owned by another user.
        c.env("GIT_CONFIG_COUNT", "1")
            .env("GIT_CONFIG_KEY_0", "safe.directory")
            .env("GIT_CONFIG_VALUE_0", "*");
        c
    }

    /// `cascade` (with `--today`) run as a user for whom permissions hold: the current user
    /// when it is not root, else `nobody` through `setpriv`, after handing the temp dir to it.
    /// None, with the reason printed, when neither is possible: tests of unreadable files
    /// then skip, since root reads any file whatever its mode.
    pub fn unprivileged(&self) -> Option<StdCommand> {
        let bin = assert_cmd::cargo::cargo_bin("cascade");
        let mut c = if !running_as_root() {
            StdCommand::new(&bin)
        } else {
            let tmp = self.tmp.path();
            let handed = StdCommand::new("chown")
                .args(["-R", "65534:65534"])
                .arg(tmp)
                .status()
                .is_ok_and(|s| s.success());
            if !handed {
                eprintln!("skipped: cannot hand the test directory to nobody (chown failed)");
                return None;
            }
            let probe = StdCommand::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(&bin)
                .arg("--version")
                .output();
            if !probe.is_ok_and(|o| o.status.success()) {
                eprintln!(
                    "skipped: cannot run {} as nobody with setpriv (run the suite as a non-root user to cover this test)",
                    bin.display()
                );
                return None;
            }
            let mut c = StdCommand::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(&bin);
            c
        };
        c.current_dir(self.work());
        for k in UNSET {
            c.env_remove(k);
        }
        for (k, v) in self.vars() {
            c.env(k, v);
        }
        c.arg("--today").arg(TODAY);
        Some(c)
    }

    fn vars(&self) -> Vec<(&'static str, String)> {
        let home = self.home().display().to_string();
        vec![
            ("HOME", home.clone()),
            ("XDG_CONFIG_HOME", format!("{home}/.config")),
            ("GIT_CONFIG_NOSYSTEM", "1".into()),
            ("GIT_CONFIG_GLOBAL", format!("{home}/.gitconfig")),
            ("NO_COLOR", "1".into()),
            ("LC_ALL", "C".into()),
            ("TZ", "UTC".into()),
            ("VISUAL", String::new()),
            ("EDITOR", String::new()),
        ]
    }

    fn apply<'c>(&self, c: &'c mut Command) -> &'c mut Command {
        for k in UNSET {
            c.env_remove(k);
        }
        for (k, v) in self.vars() {
            c.env(k, v);
        }
        c
    }

    /// `cascade init --me dana` in `work()` plus people alice (7 days) and bob.
    pub fn notebook(&self) -> PathBuf {
        self.cascade()
            .args(["init", "--me", "dana"])
            .assert()
            .success();
        self.cascade()
            .args([
                "person",
                "add",
                "alice",
                "--name",
                "Alice Martin",
                "--cadence",
                "7",
                "--group",
                "sales",
            ])
            .assert()
            .success();
        self.cascade()
            .args(["person", "add", "bob", "--name", "Bob Li"])
            .assert()
            .success();
        self.work()
    }

    /// Write a file under `work()`, creating parents.
    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let p = self.work().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.work().join(rel)).unwrap()
    }

    /// The names in a directory under `work()`, sorted; empty when it does not exist.
    pub fn names(&self, rel: &str) -> Vec<String> {
        let Ok(dir) = std::fs::read_dir(self.work().join(rel)) else {
            return Vec::new();
        };
        let mut v: Vec<String> = dir
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Commit everything in `work()` with author and committer date `date` (ISO 8601).
    pub fn commit_all(&self, message: &str, date: &str) {
        let st = self.git(&self.work()).args(["add", "-A"]).status().unwrap();
        assert!(st.success());
        let st = self
            .git(&self.work())
            .args(["commit", "-q", "--allow-empty", "-m", message])
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .status()
            .unwrap();
        assert!(st.success());
    }
}

/// Write `text` over the file at `path`, then put its mtime back: only its content (and its
/// ctime, which nobody can set) says it changed.
pub fn rewrite_keeping_mtime(path: &Path, text: &str) {
    let mtime = std::fs::metadata(path).unwrap().modified().unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(std::fs::metadata(path).unwrap().modified().unwrap(), mtime);
}

/// Whether the tests run as root (who reads a file whatever its mode).
pub fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Stdout of an assert as a String.
pub fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

/// Stderr of an assert as a String.
pub fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// Replace the temp dir path in output so snapshots are stable.
pub fn redact(env: &Env, s: &str) -> String {
    s.replace(&env.tmp.path().display().to_string(), "[TMP]")
}

/// Notes written by a test are a moment old: a debug build is told the clock is ahead, so the
/// caches store them at once instead of after the two seconds they wait out.
pub const CLOCK_AHEAD: (&str, &str) = ("CASCADE_DEBUG_INDEX_CLOCK_AHEAD", "10");

/// Run cascade in `env` with the clock ahead; (stdout, stderr) of a success.
pub fn run_ahead(env: &Env, args: &[&str]) -> (String, String) {
    let a = env
        .cascade()
        .env(CLOCK_AHEAD.0, CLOCK_AHEAD.1)
        .args(args)
        .assert()
        .success();
    (stdout(&a), stderr(&a))
}

/// `len` pseudo-random bytes (xorshift from `seed`): the same for every run of the tests.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// A cache file of the notebook at the root of `env`'s work tree.
pub fn cache_file(env: &Env, name: &str) -> PathBuf {
    env.work().join(".git/cascade").join(name)
}

/// A cache file is its owner's only (`0600`), and git shows nothing of it, ignored or not.
pub fn assert_private_and_unseen_by_git(env: &Env, file: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(file).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{}", file.display());
    let st = env
        .git(&env.work())
        .args(["status", "--porcelain", "--ignored"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&st.stdout), "");
}
