//! Runs the scenarios under `strace -f`, and compares what they did with
//! README's table and with each function's "System calls:" doc line.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::scenarios::{Scenario, SCENARIOS};

/// What one call asked of the kernel: the distinct system calls of the
/// calling process between the markers, and of a child it forked before
/// that child's own marker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calls {
    parent: BTreeSet<String>,
    child: BTreeSet<String>,
    /// Documented only: calls the function makes on some runs and not
    /// others, by timing ("at times also: …").
    optional: BTreeSet<String>,
}

impl Calls {
    /// Whether `seen` is what `self` documents: every call it names,
    /// nothing else but the ones it names as made at times.
    fn allows(&self, seen: &Calls) -> bool {
        seen.child == self.child
            && self.parent.is_subset(&seen.parent)
            && seen
                .parent
                .iter()
                .all(|c| self.parent.contains(c) || self.optional.contains(c))
    }
}

impl fmt::Display for Calls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |set: &BTreeSet<String>| {
            set.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.parent.is_empty() && self.child.is_empty() {
            return f.write_str("none");
        }
        f.write_str(&if self.parent.is_empty() {
            "none".into()
        } else {
            list(&self.parent)
        })?;
        if !self.child.is_empty() {
            write!(f, "; in the child: {}", list(&self.child))?;
        }
        Ok(())
    }
}

/// Reads "`a`, `b`; in the child: `c`" (or "none").
fn parse_calls(text: &str) -> Calls {
    let names = |s: &str| -> BTreeSet<String> {
        s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
    };
    let (parent, child) = text.split_once("in the child:").unwrap_or((text, ""));
    let (parent, optional) = parent.split_once("at times also:").unwrap_or((parent, ""));
    Calls {
        parent: names(parent),
        child: names(child),
        optional: names(optional),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--one") {
        let name = &args[i + 1];
        let scenario = SCENARIOS
            .iter()
            .find(|s| s.name == name)
            .expect("no such scenario");
        if args.iter().any(|a| a == "--no-pidfd") {
            crate::support::refuse_pidfds();
        }
        procsig::reset_disposition(procsig::Signal::CHLD).unwrap();
        (scenario.run)();
        std::process::exit(0);
    }
    if Command::new("strace").arg("-V").output().is_err() {
        println!(
            "SKIPPED: the per-function system-call audit: `strace` is not installed \
             (install with: apt-get install strace)"
        );
        return;
    }
    let print = args.iter().any(|a| a == "--print");
    let filter = args.iter().find(|a| !a.starts_with('-'));
    let readme = if print {
        BTreeMap::new()
    } else {
        readme_rows()
    };
    let docs = if print { BTreeMap::new() } else { doc_lines() };
    let mut problems = Vec::new();
    let mut checked = 0;
    for scenario in SCENARIOS {
        if filter.is_some_and(|f| !scenario.name.contains(f.as_str())) {
            continue;
        }
        let with = observe(scenario, false);
        let without = if scenario.pidfds {
            Some(observe(scenario, true))
        } else {
            None
        };
        let without_cell = match &without {
            Some(calls) if *calls != with => calls.to_string(),
            _ => "same".to_string(),
        };
        if print {
            println!("| `{}` | {with} | {without_cell} |", scenario.name);
            continue;
        }
        checked += 1;
        let name = scenario.name;
        match readme.get(name) {
            None => problems.push(format!("{name}: no row in README's table (seen: {with})")),
            Some((w, wo)) => {
                if !parse_calls(w).allows(&with) {
                    problems.push(format!("{name}: README says {w}, strace saw {with}"));
                }
                let expected_without = if wo.trim() == "same" { w } else { wo };
                if let Some(seen) = &without {
                    if !parse_calls(expected_without).allows(seen) {
                        problems.push(format!(
                            "{name}: without pidfds README says {expected_without}, strace saw {seen}"
                        ));
                    }
                }
            }
        }
        match docs.get(name) {
            None => problems.push(format!(
                "{name}: its documentation has no \"System calls:\" line"
            )),
            Some(line) => {
                let (w, wo) = line.split_once("without pidfds:").unwrap_or((line, ""));
                if !parse_calls(w).allows(&with) {
                    problems.push(format!("{name}: its docs say {w:?}, strace saw {with}"));
                }
                if let Some(seen) = &without {
                    let expected = if wo.is_empty() { w } else { wo };
                    if !parse_calls(expected).allows(seen) {
                        problems.push(format!(
                            "{name}: its docs say {:?} without pidfds, strace saw {seen}",
                            expected
                        ));
                    }
                }
            }
        }
    }
    if print {
        return;
    }
    if filter.is_none() {
        for name in readme.keys() {
            if !SCENARIOS.iter().any(|s| s.name == name) {
                problems.push(format!(
                    "{name}: in README's table but no scenario tests it"
                ));
            }
        }
    }
    if problems.is_empty() {
        println!("{checked} facade functions: README, docs and strace agree");
    } else {
        eprintln!("\n{}\n", problems.join("\n"));
        std::process::exit(1);
    }
}

/// Runs one scenario under `strace -f` and reads what it did.
fn observe(scenario: &Scenario, no_pidfd: bool) -> Calls {
    let trace = std::env::temp_dir().join(format!(
        "procsig-syscalls-{}-{}",
        std::process::id(),
        scenario.name.replace(':', "_")
    ));
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-o"])
        .arg(&trace)
        .arg(std::env::current_exe().unwrap())
        .args(["--one", scenario.name]);
    if no_pidfd {
        cmd.arg("--no-pidfd");
    }
    let out = cmd.output().expect("running strace");
    assert!(
        out.status.success(),
        "scenario {} failed: {}",
        scenario.name,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&trace).unwrap();
    std::fs::remove_file(&trace).ok();
    calls_in(&text).unwrap_or_else(|| panic!("scenario {}: no marker in the trace", scenario.name))
}

/// Parses `strace -f -o` output: "PID name(args) = result".
fn calls_in(text: &str) -> Option<Calls> {
    let lines: Vec<(u32, &str, &str)> = text
        .lines()
        .filter_map(|line| {
            let (pid, rest) = line.split_once(' ')?;
            let pid = pid.parse().ok()?;
            let rest = rest.trim_start();
            let (name, _) = rest.split_once('(')?;
            let plain = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            plain.then_some((pid, name, rest))
        })
        .collect();
    let start = lines
        .iter()
        .position(|&(_, name, _)| name == "sched_yield")?;
    let caller = lines[start].0;
    let mut calls = Calls::default();
    // Under load strace splits a call in two ("clone(… <unfinished ...>"
    // and "<... clone resumed>…) = 1234"): the child's pid may be on the
    // second line only.
    let pid_of = |l: &str| {
        l.split_whitespace()
            .next()
            .and_then(|p| p.parse::<u32>().ok())
    };
    let mut forked: BTreeSet<u32> = text
        .lines()
        .skip_while(|l| !(pid_of(l) == Some(caller) && l.contains("sched_yield(")))
        .skip(1)
        .take_while(|l| !(pid_of(l) == Some(caller) && l.contains("sched_yield(")))
        .filter(|l| l.contains("<... clone resumed>") || l.contains("<... fork resumed>"))
        .filter(|l| pid_of(l) == Some(caller))
        .filter_map(|l| {
            l.rsplit("= ")
                .next()?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .collect();
    for &(pid, name, rest) in &lines[start + 1..] {
        if pid == caller {
            if name == "sched_yield" {
                break;
            }
            if name == "clone" || name == "fork" {
                if let Some(child) = rest
                    .rsplit("= ")
                    .next()
                    .and_then(|r| r.trim().parse::<u32>().ok())
                {
                    forked.insert(child);
                }
            }
            // Not a call anyone makes: how the kernel resumes a sleep
            // interrupted by a stop (strace's own, or a child's SIGCHLD).
            if name != "restart_syscall" {
                calls.parent.insert(name.to_owned());
            }
        }
    }
    // What each child forked inside the window did before its own marker.
    let mut done = BTreeMap::new();
    for &(pid, name, _) in &lines {
        if !forked.contains(&pid) || done.contains_key(&pid) {
            continue;
        }
        if name == "sched_getscheduler" {
            done.insert(pid, ());
        } else if name != "restart_syscall" {
            calls.child.insert(name.to_owned());
        }
    }
    Some(calls)
}

/// README's rows: function → (with pidfds, without pidfds).
fn readme_rows() -> BTreeMap<String, (String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## What each facade function asks of the kernel")
        .nth(1)
        .expect("README has a section \"## What each facade function asks of the kernel\"");
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .flat_map(|row| {
            // A row may name several functions that make the same calls.
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let calls = (cells[2].to_owned(), cells[3].to_owned());
            cells[1]
                .split('`')
                .skip(1)
                .step_by(2)
                .map(|name| (name.to_owned(), calls.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Each public facade function's "System calls:" line (a paragraph may
/// wrap), keyed as `Type::method` or `function`; for `Type::drop`, the
/// "System calls when dropped:" line of the type's own documentation.
fn doc_lines() -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut files = Vec::new();
    collect(&root().join("src").join("safe"), &mut files);
    files.push(root().join("src").join("errno.rs"));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut doc: Vec<&str> = Vec::new();
        let mut impl_type: Option<String> = None;
        for line in text.lines() {
            let trimmed = line.trim_start();
            if let Some(d) = trimmed.strip_prefix("///") {
                doc.push(d.trim());
                continue;
            }
            if line.starts_with("impl") {
                impl_type = impl_target(line);
            } else if line.starts_with('}') {
                impl_type = None;
            }
            let item_line = trimmed.starts_with("pub ");
            if !item_line && !trimmed.is_empty() && !trimmed.ends_with(['}', ';', '{']) {
                continue; // attributes (perhaps over several lines), comments
            }
            let item = trimmed
                .strip_prefix("pub ")
                .map(|r| r.trim_start_matches("const ").trim_start_matches("unsafe "));
            if let Some(rest) = item.and_then(|r| r.strip_prefix("fn ")) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let key = match (&impl_type, line.starts_with(' ')) {
                    (Some(t), true) => format!("{t}::{name}"),
                    // The one facade function in a public module.
                    _ if file.ends_with("ordered/mod.rs") && name == "run" => "ordered::run".into(),
                    _ => name,
                };
                if let Some(calls) = paragraph(&doc, "System calls:") {
                    found.insert(key, calls);
                }
            } else if let Some(rest) = item.and_then(|r| r.strip_prefix("struct ")) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(calls) = paragraph(&doc, "System calls when dropped:") {
                    found.insert(format!("{name}::drop"), calls);
                }
            }
            doc.clear();
        }
    }
    found
}

/// The paragraph that starts with `label`, without the label.
fn paragraph(doc: &[&str], label: &str) -> Option<String> {
    let start = doc.iter().position(|l| l.starts_with(label))?;
    let mut text = String::new();
    for line in &doc[start..] {
        if line.is_empty() {
            break;
        }
        text.push(' ');
        text.push_str(line);
    }
    // The first sentence: "`a`, `b`; without pidfds: `c`." Later ones are
    // prose, whose backticks are not calls.
    let text = text.trim().trim_start_matches(label).trim();
    let first = text
        .split(". ")
        .next()
        .unwrap_or(text)
        .trim_end_matches('.');
    Some(first.to_owned())
}

/// `impl Child {` → "Child"; `impl Drop for Pidfd {` → "Pidfd".
fn impl_target(line: &str) -> Option<String> {
    let head = line.trim_end_matches('{').trim();
    let target = head
        .rsplit(" for ")
        .next()?
        .trim_start_matches("impl")
        .trim();
    let target = target.split('<').next()?.trim();
    Some(target.rsplit("::").next()?.to_owned())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
