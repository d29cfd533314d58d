//! Runs the scenarios under `strace -f`, and compares what they did with
//! docs/audit.md's table and with each function's "System calls:" doc line.

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
    /// The same in the child ("in the child: …; at times also: …").
    child_optional: BTreeSet<String>,
}

impl Calls {
    /// Whether `seen` is what `self` documents: every call it names,
    /// nothing else but the ones it names as made at times.
    fn allows(&self, seen: &Calls) -> bool {
        self.child.is_subset(&seen.child)
            && seen
                .child
                .iter()
                .all(|c| self.child.contains(c) || self.child_optional.contains(c))
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
    let (child, child_optional) = child.split_once("at times also:").unwrap_or((child, ""));
    Calls {
        parent: names(parent),
        child: names(child),
        optional: names(optional),
        child_optional: names(child_optional),
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
            .find(|s| s.key() == *name)
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
        if filter.is_some_and(|f| !scenario.key().contains(f.as_str())) {
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
        let key = scenario.key();
        if print {
            let class = if scenario.class.is_empty() {
                String::new()
            } else {
                format!(" ({})", scenario.class)
            };
            println!("| `{}`{class} | {with} | {without_cell} |", scenario.name);
            continue;
        }
        checked += 1;
        let name = key.as_str();
        match readme.get(name) {
            None => problems.push(format!(
                "{name}: no row in docs/audit.md's table (seen: {with})"
            )),
            Some((w, wo)) => {
                if !parse_calls(w).allows(&with) {
                    problems.push(format!("{name}: docs/audit.md says {w}, strace saw {with}"));
                }
                let expected_without = if wo.trim() == "same" { w } else { wo };
                if let Some(seen) = &without {
                    if !parse_calls(expected_without).allows(seen) {
                        problems.push(format!(
                            "{name}: without pidfds docs/audit.md says {expected_without}, strace saw {seen}"
                        ));
                    }
                }
            }
        }
        // A class whose calls are the function's usual ones needs no
        // paragraph of its own: its docs' "System calls:" line must then
        // hold for it too.
        let doc = docs.get(name).or_else(|| docs.get(scenario.name));
        match doc {
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
        let keys: BTreeSet<String> = SCENARIOS.iter().map(|s| s.key()).collect();
        for name in readme.keys() {
            if !keys.contains(name) {
                problems.push(format!(
                    "{name}: in docs/audit.md's table but no scenario tests it"
                ));
            }
        }
        for name in docs.keys() {
            if !keys.contains(name) {
                problems.push(format!(
                    "{name}: a \"System calls\" paragraph in its docs, but no scenario tests it"
                ));
            }
        }
        problems.extend(unexercised_classes(&keys, &signatures()));
    }
    if problems.is_empty() {
        let classes = SCENARIOS.iter().filter(|s| !s.class.is_empty()).count();
        println!(
            "{checked} facade functions and classes of arguments ({classes} of them): docs/audit.md, \
             docs and strace agree"
        );
    } else {
        eprintln!("\n{}\n", problems.join("\n"));
        std::process::exit(1);
    }
}

/// Runs one scenario under `strace -f` and reads what it did.
fn observe(scenario: &Scenario, no_pidfd: bool) -> Calls {
    let key = scenario.key();
    let trace = std::env::temp_dir().join(format!(
        "procsig-syscalls-{}-{}",
        std::process::id(),
        key.replace([':', ' ', '(', ')'], "_")
    ));
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-o"])
        .arg(&trace)
        .arg(std::env::current_exe().unwrap())
        .args(["--one", &key]);
    if no_pidfd {
        cmd.arg("--no-pidfd");
    }
    let (ok, stderr) = run_with_deadline(cmd, WATCHDOG_SECONDS)
        .unwrap_or_else(|| panic!("scenario {key}: still running after {WATCHDOG_SECONDS} s"));
    assert!(ok, "scenario {key} failed: {stderr}");
    let text = std::fs::read_to_string(&trace).unwrap();
    std::fs::remove_file(&trace).ok();
    calls_in(&without_handlers(&text))
        .unwrap_or_else(|| panic!("scenario {key}: no marker in the trace"))
}

/// A scenario's watchdog: far above the slowest one on a loaded machine.
const WATCHDOG_SECONDS: i32 = 120;

/// Runs `cmd` in its own process group; `None` (the group killed) if it is
/// still running after `seconds`, measured on its pidfd, which no signal
/// of ours can make stale. Otherwise whether it succeeded, and its stderr.
fn run_with_deadline(mut cmd: Command, seconds: i32) -> Option<(bool, String)> {
    use std::io::Read;
    use std::os::unix::process::CommandExt;
    let mut child = cmd
        .process_group(0)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("running strace");
    let pid = child.id() as libc::pid_t;
    // SAFETY: integers; the pid is our unreaped child.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) } as libc::c_int;
    if fd < 0 {
        // A kernel before 5.3: no watchdog to be had here.
        let _ = std::io::Write::write_all(
            &mut std::io::stdout(),
            b"(no pidfd_open: this scenario runs without a watchdog)\n",
        );
        let out = child.wait_with_output().unwrap();
        return Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ));
    }
    let mut ready = libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one live pollfd. EINTR cannot come: no handler is installed.
    let n = unsafe { libc::poll(&mut ready, 1, seconds * 1000) };
    // SAFETY: our descriptor.
    unsafe { libc::close(fd) };
    if n != 1 {
        // SAFETY: integers; the group made for this run.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
        let _ = child.wait();
        return None;
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .ok();
    let status = child.wait().unwrap();
    Some((status.success(), stderr))
}

/// The trace without what the scenarios' SIGALRM handler did (see
/// `scenarios::interrupted`): its lines from strace's "--- SIGALRM" to its
/// `rt_sigreturn`. They are the test's, not the function's.
fn without_handlers(text: &str) -> String {
    let mut inside: BTreeMap<String, usize> = BTreeMap::new();
    let mut kept = String::new();
    for line in text.lines() {
        let pid = line.split_whitespace().next().unwrap_or("").to_owned();
        if line.contains("--- SIGALRM ") {
            *inside.entry(pid).or_default() += 1;
            continue;
        }
        if let Some(depth) = inside.get_mut(&pid).filter(|d| **d > 0) {
            if line.contains("rt_sigreturn(") {
                *depth -= 1;
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
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

/// docs/audit.md's rows: function → (with pidfds, without pidfds).
fn readme_rows() -> BTreeMap<String, (String, String)> {
    let readme = std::fs::read_to_string(root().join("docs").join("audit.md")).unwrap();
    let section = readme
        .split("## What each facade function asks of the kernel")
        .nth(1)
        .expect("docs/audit.md has a section \"## What each facade function asks of the kernel\"");
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .flat_map(|row| {
            // A row may name several functions that make the same calls.
            // "`f` (class)": the row of one class of `f`'s arguments.
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let calls = (cells[2].to_owned(), cells[3].to_owned());
            let parts: Vec<&str> = cells[1].split('`').collect();
            (1..parts.len())
                .step_by(2)
                .map(|i| {
                    let after = parts.get(i + 1).copied().unwrap_or("");
                    let class = class_of(after.trim().trim_end_matches(','));
                    (keyed(parts[i], &class), calls.clone())
                })
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
    collect(&root().join("src").join("errno"), &mut files);
    // `Errno::last` lives beside the location it reads.
    files.push(root().join("src").join("raw").join("errno_location.rs"));
    // The kqueue backends (macOS, FreeBSD) document their own calls, which
    // no Linux trace can show: their files are left out.
    files.retain(|f| !f.to_string_lossy().contains("kqueue"));
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
                    found.insert(key.clone(), calls);
                }
                // "System calls (class): …", one paragraph per class.
                for line in &doc {
                    let Some(rest) = line.strip_prefix("System calls (") else {
                        continue;
                    };
                    let Some((class, _)) = rest.split_once("):") else {
                        continue;
                    };
                    let label = format!("System calls ({class}):");
                    if let Some(calls) = paragraph(&doc, &label) {
                        found.insert(keyed(&key, class), calls);
                    }
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

/// "name" or "name (class)".
fn keyed(name: &str, class: &str) -> String {
    if class.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({class})")
    }
}

/// "(class)" after a row's last backticked name → "class".
fn class_of(after: &str) -> String {
    let after = after.trim();
    after
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .unwrap_or("")
        .to_owned()
}

/// Each public facade function's signature line and documentation, keyed
/// as in [`doc_lines`]: what [`unexercised_classes`] reads.
fn signatures() -> BTreeMap<String, (String, String)> {
    let mut found = BTreeMap::new();
    let mut files = Vec::new();
    collect(&root().join("src").join("safe"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut doc = String::new();
        let mut impl_type: Option<String> = None;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let line = line.trim_end_matches('\n');
            let trimmed = line.trim_start();
            if let Some(d) = trimmed.strip_prefix("///") {
                doc.push_str(d);
                doc.push('\n');
                continue;
            }
            if line.starts_with("impl") {
                impl_type = impl_target(line);
            } else if line.starts_with('}') {
                impl_type = None;
            }
            if trimmed.starts_with("#[") {
                continue;
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
                    _ if file.ends_with("ordered/mod.rs") && name == "run" => "ordered::run".into(),
                    _ => name,
                };
                // The signature may wrap: up to its body's brace.
                let sig = text[start..].split('{').next().unwrap_or("").to_owned();
                found.insert(key, (sig, doc.clone()));
            }
            doc.clear();
        }
    }
    found
}

/// The classes of arguments that change which system calls a function
/// makes, each of which must have a scenario (and so a docs/audit.md row and a
/// doc paragraph): read off each function's signature and documentation,
/// so a new function, or a new timeout parameter, is held to them too.
/// Returns one problem per class that no scenario exercises.
fn unexercised_classes(
    keys: &BTreeSet<String>,
    signatures: &BTreeMap<String, (String, String)>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, (sig, doc)) in signatures {
        if !keys.contains(name) {
            continue; // not a facade function with a scenario: said above
        }
        let mut classes: Vec<(&str, &str)> = Vec::new();
        // A wait on a signal set checks SIGCHLD's disposition when the set
        // holds it (`rt_sigaction`).
        let (ty, method) = name.split_once("::").unwrap_or(("", name));
        if (ty == "SigSet" || ty == "MaskGuard") && method.starts_with("wait") {
            classes.push(("set holds SIGCHLD", "waits on a signal set"));
        }
        // A zero timeout polls: it may skip the sleep (and what precedes it).
        if sig.contains("Duration") {
            classes.push(("zero timeout", "takes a Duration"));
        }
        // No timeout sleeps without a deadline.
        if sig.contains("Option<Duration>") {
            classes.push(("no timeout", "takes an Option<Duration>"));
        }
        // A retried EINTR must not add calls.
        if doc.contains("`EINTR`") {
            classes.push(("interrupted", "its docs say it retries EINTR"));
        }
        // Options that add calls in the parent and the child.
        if name == "ForkOptions::fork" {
            classes.push(("no options", "its options add calls"));
            classes.push(("own group only", "its options add calls"));
            classes.push(("dies with parent only", "its options add calls"));
        }
        for (class, why) in classes {
            let key = keyed(name, class);
            if !keys.contains(&key) {
                problems.push(format!(
                    "{key}: no scenario exercises this class ({name} {why}); add one to \
                     tests/syscalls/scenarios.rs, a docs/audit.md row \"`{name}` ({class})\" and a \
                     \"System calls ({class}):\" paragraph to its docs"
                ));
            }
        }
    }
    problems
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
