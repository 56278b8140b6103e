//! The layering of docs/design.md, kept true: domain modules never reach into the command
//! glue, terminal output, git or templates.

use std::path::Path;

/// Domain files and folders, relative to `src/`.
const DOMAIN: &[&str] = &[
    "actions",
    "note",
    "notebook",
    "lint",
    "lsp",
    "digest",
    "rollup",
    "email.rs",
    "measure.rs",
    "scaffold.rs",
    "dates.rs",
    "text.rs",
    "number.rs",
    "fsx.rs",
    "memcap.rs",
];

/// What a domain file must not name.
const ADAPTERS: &[&str] = &[
    "crate::commands",
    "crate::cli",
    "crate::ui",
    "crate::views",
    "crate::editor",
    "crate::demo",
    "crate::git",
    "crate::templates",
    "git2::",
    "annotate_snippets",
];

/// Known exceptions, each written down in docs/design.md: (file, what it may name).
const ALLOWED: &[(&str, &str)] = &[];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn domain_modules_never_import_commands_output_or_git() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for d in DOMAIN {
        let p = src.join(d);
        if p.is_dir() {
            rust_files(&p, &mut files);
        } else {
            files.push(p);
        }
    }
    assert!(files.len() > 20, "{}", files.len());
    let mut broken = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for a in ADAPTERS {
                if code.contains(a) && !ALLOWED.contains(&(rel.as_str(), a)) {
                    broken.push(format!("src/{rel}:{}: {a}", n + 1));
                }
            }
        }
    }
    assert_eq!(
        broken,
        Vec::<String>::new(),
        "domain code importing an adapter"
    );
}

#[test]
fn only_the_entry_point_imports_commands_so_demo_cannot_cycle_through_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut broken = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("commands/") || rel == "lib.rs" || rel == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("crate::commands") || code.contains("cascade::commands") {
                broken.push(format!("src/{rel}:{}", n + 1));
            }
        }
    }
    assert!(files.len() > 40, "{}", files.len());
    assert_eq!(
        broken,
        Vec::<String>::new(),
        "a module importing command glue"
    );
}
