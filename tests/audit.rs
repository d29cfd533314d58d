//! The audit surface, proven: README's table of libc functions is exactly
//! what `src/raw/` calls, nothing else in the crate calls libc, the minimal
//! binary imports nothing more, and the examples make only the system calls
//! the table names (plus start-up, output and their simulated work).
//!
//! Each failure says what to fix. See README's "Auditing" section for doing
//! the same checks by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Pure bit-decoding functions of the `libc` crate: Rust code, not C
/// library symbols, so any module may use them.
const PURE_LIBC_FNS: [&str; 8] = [
    "WIFEXITED",
    "WEXITSTATUS",
    "WIFSIGNALED",
    "WTERMSIG",
    "WCOREDUMP",
    "WIFSTOPPED",
    "WSTOPSIG",
    "WIFCONTINUED",
];

/// `libc::` functions that are Rust wrappers around a C library symbol.
const LIBC_WRAPPERS: [(&str, &str); 2] = [
    ("SIGRTMIN", "__libc_current_sigrtmin"),
    ("SIGRTMAX", "__libc_current_sigrtmax"),
];

/// Every `libc::NAME(` call in a source file, with line numbers, skipping
/// comments and the file's `#[cfg(test)]` module (tests may call libc to
/// check procsig against it).
fn libc_calls(path: &Path) -> Vec<(usize, String)> {
    let text = fs::read_to_string(path).unwrap();
    let mut calls = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") && !line.starts_with(' ') {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" //").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("libc::") {
            rest = &rest[at + "libc::".len()..];
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let after = rest[ident.len()..].trim_start();
            if after.starts_with('(') && !PURE_LIBC_FNS.contains(&ident.as_str()) {
                let is_fn = ident.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                    || LIBC_WRAPPERS.iter().any(|(w, _)| *w == ident);
                if is_fn {
                    calls.push((n + 1, ident));
                }
            }
        }
    }
    calls
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The C symbol a `libc::NAME` call reaches.
fn symbol(ident: &str) -> String {
    LIBC_WRAPPERS
        .iter()
        .find(|(w, _)| *w == ident)
        .map_or(ident, |(_, s)| s)
        .to_owned()
}

/// README's table "Every libc function procsig calls": for each row, the
/// backticked names of its first column (the libc functions) and of its
/// second (the system calls).
fn readme_table() -> Vec<(Vec<String>, Vec<String>)> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("## Every libc function procsig calls")
        .nth(1)
        .expect("README has a section \"## Every libc function procsig calls\"");
    let backticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(|s| {
                s.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect()
            })
            .collect()
    };
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // header and separator
        .map(|row| {
            let cells: Vec<&str> = row.split('|').collect();
            (backticked(cells[1]), backticked(cells[2]))
        })
        .collect()
}

fn table_functions() -> BTreeSet<String> {
    readme_table().into_iter().flat_map(|(f, _)| f).collect()
}

#[test]
fn only_the_raw_layer_names_a_libc_function() {
    let raw = root().join("src").join("raw");
    let mut offenders = Vec::new();
    for file in rust_files(&root().join("src")) {
        if file.starts_with(&raw) {
            continue;
        }
        for (line, ident) in libc_calls(&file) {
            offenders.push(format!(
                "{}:{line}: calls libc::{ident} outside src/raw/. Add a wrapper in \
                 src/raw/{ident}.rs, call that, and add a row to README's table.",
                file.strip_prefix(root()).unwrap().display()
            ));
        }
    }
    assert!(offenders.is_empty(), "\n{}\n", offenders.join("\n"));
}

#[test]
fn readme_table_lists_exactly_what_the_raw_layer_calls() {
    let mut called: BTreeMap<String, String> = BTreeMap::new();
    for file in rust_files(&root().join("src").join("raw")) {
        for (_, ident) in libc_calls(&file) {
            let name = file.strip_prefix(root()).unwrap().display().to_string();
            called.insert(symbol(&ident), name);
        }
    }
    let listed = table_functions();
    let mut problems = Vec::new();
    for (function, file) in &called {
        if !listed.contains(function) {
            problems.push(format!(
                "{file} calls `{function}`, which README's table \"Every libc function procsig \
                 calls\" does not list: add a row for it."
            ));
        }
    }
    for function in &listed {
        if !called.contains_key(function) {
            problems.push(format!(
                "README's table lists `{function}`, which nothing in src/raw/ calls: remove the \
                 row, or restore the wrapper."
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    assert!(called.len() >= 15, "the scan found too little: {called:?}");
}

/// What the fixture binary may import besides the table's functions: the C
/// runtime's start-up, and the program's own output, simulated work and a
/// `strlen` the compiler makes of its argument parsing.
const STARTUP_SYMBOLS: [&str; 5] = [
    "__libc_start_main",
    "__cxa_finalize",
    "__gmon_start__",
    "_ITM_deregisterTMCloneTable",
    "_ITM_registerTMCloneTable",
];
const PROGRAM_SYMBOLS: [&str; 3] = ["write", "nanosleep", "strlen"];
/// The table's functions the `ordered` program reaches.
/// `syscall` and `close` are the pidfd path of `Child`, `kill` and `getpid`
/// its fallback, linked in because whether the kernel has pidfds is only
/// known at run time; both wait through `waitid` on Linux.
const PROCSIG_SYMBOLS: [&str; 10] = [
    "fork",
    "kill",
    "getpid",
    "waitid",
    "syscall",
    "close",
    "_exit",
    "sigaction",
    "__errno_location",
    "__libc_current_sigrtmin",
];

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn minimal_binary_imports_only_audited_symbols() {
    let fixture = root().join("tests").join("fixture-minimal");
    if !fixture.join("Cargo.toml").exists() {
        // A published crate leaves out the nested fixture package (cargo
        // does not ship one package inside another); the repository runs
        // this check.
        println!("tests/fixture-minimal is not here (a packaged crate): skipping the symbol audit");
        return;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // Its own invocation, target directory and features (see its Cargo.toml).
    let build = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--bin", "ordered-procsig"])
        .current_dir(&fixture)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .expect("running cargo for the fixture");
    assert!(build.success(), "building tests/fixture-minimal failed");
    let bin = fixture.join("target/release/ordered-procsig");
    let nm = match Command::new("nm")
        .arg("-D")
        .arg("--undefined-only")
        .arg(&bin)
        .output()
    {
        Ok(out) if out.status.success() => out,
        other => panic!("nm (binutils) is needed to read the dynamic symbol table: {other:?}"),
    };
    let imported: BTreeSet<String> = String::from_utf8_lossy(&nm.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().last())
        .map(|s| s.split('@').next().unwrap_or(s).to_owned())
        .collect();
    let expected: BTreeSet<String> = STARTUP_SYMBOLS
        .iter()
        .chain(&PROGRAM_SYMBOLS)
        .chain(&PROCSIG_SYMBOLS)
        .map(|s| s.to_string())
        .collect();
    println!("the fixture imports: {imported:?}");
    let extra: Vec<_> = imported.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&imported).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "ordered-procsig imports {extra:?} beyond the audited list and lacks {missing:?}: a \
         libc function procsig calls must be in README's table and in PROCSIG_SYMBOLS"
    );
    let table = table_functions();
    for s in PROCSIG_SYMBOLS {
        assert!(
            table.contains(s),
            "`{s}` is imported but not in README's table"
        );
    }
}

/// System calls any Rust program makes before `main` and around it (the
/// dynamic loader, std's runtime set-up), the examples' own output, and the
/// sleep that stands for their work.
const STARTUP_SYSCALLS: [&str; 22] = [
    "execve",
    "brk",
    "arch_prctl",
    "set_tid_address",
    "set_robust_list",
    "rseq",
    "prlimit64",
    "mmap",
    "munmap",
    "mprotect",
    "openat",
    "read",
    "close",
    "newfstatat",
    "fstat",
    "pread64",
    "access",
    "getrandom",
    "sigaltstack",
    "poll",
    "sched_getaffinity",
    "gettid",
];
/// `restart_syscall` is not a call anyone makes: it is how the kernel
/// resumes an interrupted sleep with a timeout (`clock_nanosleep`, `poll`)
/// after a stop and `SIGCONT`, or a `ptrace` stop such as strace's own.
const OUTPUT_AND_WORK_SYSCALLS: [&str; 4] =
    ["write", "clock_nanosleep", "nanosleep", "restart_syscall"];

#[cfg(target_os = "linux")]
#[test]
fn examples_make_only_the_audited_system_calls() {
    if Command::new("strace").arg("-V").output().is_err() {
        println!("strace is not installed: skipping the system-call audit (CI installs it)");
        return;
    }
    let allowed_by_table: BTreeSet<String> =
        readme_table().into_iter().flat_map(|(_, s)| s).collect();
    let examples = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples");
    let runs: [&[&str]; 4] = [
        &["ordered", "3", "--work-ms", "1"],
        &["deadline", "50", "2000"],
        &["deadline", "2000", "10"],
        &["deadline", "--alarm", "1000", "1500"],
    ];
    let trace = std::env::temp_dir().join(format!("procsig-strace-{}", std::process::id()));
    let mut problems = Vec::new();
    for run in runs {
        let status = Command::new("strace")
            .args(["-f", "-qq", "-o"])
            .arg(&trace)
            .arg(examples.join(run[0]))
            .args(&run[1..])
            .output()
            .expect("running strace");
        assert!(status.status.success(), "{run:?} under strace: {status:?}");
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for line in fs::read_to_string(&trace).unwrap().lines() {
            // "PID name(args) = result"; signals and exits have no "(".
            let call = line.split_whitespace().nth(1).unwrap_or("");
            if let Some((name, _)) = call.split_once('(') {
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                {
                    *counts.entry(name.to_owned()).or_default() += 1;
                }
            }
        }
        println!("{}: {counts:?}", run.join(" "));
        for name in counts.keys() {
            let known = allowed_by_table.contains(name)
                || STARTUP_SYSCALLS.contains(&name.as_str())
                || OUTPUT_AND_WORK_SYSCALLS.contains(&name.as_str());
            if !known {
                problems.push(format!(
                    "`{}` made the system call `{name}`, which README's table does not name",
                    run.join(" ")
                ));
            }
        }
        assert!(
            counts.contains_key("wait4") || counts.contains_key("waitid"),
            "{run:?} never waited: {counts:?}"
        );
    }
    fs::remove_file(&trace).ok();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
