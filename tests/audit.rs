//! The audit surface, proven: docs/audit.md's table of libc functions is exactly
//! what `src/raw/` calls, nothing else in the crate calls libc, the minimal
//! binary imports nothing more, and the examples make only the system calls
//! the table names (plus start-up, output and their simulated work) — seen
//! under `strace`, and enforced by a seccomp filter that kills anything
//! else.
//!
//! Each failure says what to fix. See docs/audit.md's "Auditing" section for doing
//! the same checks by hand.

// Off Linux the strace and symbol checks that use these tables are left out.
#![cfg_attr(not(target_os = "linux"), allow(dead_code))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[path = "support/bpf.rs"]
mod bpf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Says that a check could not run, where a reader of plain `cargo test`
/// sees it: libtest captures `println!` and `eprintln!` of a passing test
/// and shows nothing, but not a write to the standard error stream itself.
/// The line lands beside the test's name in the run's output.
fn skipped(why: &str) {
    use std::io::Write;
    let line = format!("\nSKIPPED: {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Whether `tool` runs (`tool ARG` starts and exits); says SKIPPED with
/// how to install it if not.
#[cfg(target_os = "linux")]
fn have(tool: &str, arg: &str, check: &str, package: &str) -> bool {
    let found = Command::new(tool)
        .arg(arg)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if !found {
        skipped(&format!(
            "{check}: `{tool}` is not installed (install with: apt-get install {package})"
        ));
    }
    found
}

/// Where `cargo test` put the example programs: next to this test binary's
/// directory.
#[cfg(target_os = "linux")]
fn examples_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("examples")
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
    // A unit-test file (`tests.rs`, declared `#[cfg(test)] mod tests;`) is
    // never in the library, as the `#[cfg(test)]` module below a file's code.
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
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

/// docs/audit.md's table "Every libc function procsig calls": for each row, the
/// backticked names of its first column (the libc functions) and of its
/// second (the system calls).
fn readme_table() -> Vec<(Vec<String>, Vec<String>)> {
    let readme = fs::read_to_string(root().join("docs").join("audit.md")).unwrap();
    let section = readme
        .split("## Every libc function procsig calls")
        .nth(1)
        .expect("docs/audit.md has a section \"## Every libc function procsig calls\"");
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
                 src/raw/{ident}.rs, call that, and add a row to docs/audit.md's table.",
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
                "{file} calls `{function}`, which docs/audit.md's table \"Every libc function procsig \
                 calls\" does not list: add a row for it."
            ));
        }
    }
    for function in &listed {
        if !called.contains_key(function) {
            problems.push(format!(
                "docs/audit.md's table lists `{function}`, which nothing in src/raw/ calls: remove the \
                 row, or restore the wrapper."
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    assert!(called.len() >= 15, "the scan found too little: {called:?}");
}

/// What the fixture binary may import besides the table's functions: the C
/// runtime's start-up, and the program's own output and simulated work;
/// and, maybe, the memory and string routines the compiler emits for the
/// program's own loops (which ones depends on the compiler's version:
/// `strlen` from stable today, `memset` from 1.77).
const STARTUP_SYMBOLS: [&str; 5] = [
    "__libc_start_main",
    "__cxa_finalize",
    "__gmon_start__",
    "_ITM_deregisterTMCloneTable",
    "_ITM_registerTMCloneTable",
];
const PROGRAM_SYMBOLS: [&str; 2] = ["write", "nanosleep"];
const COMPILER_SYMBOLS: [&str; 6] = ["strlen", "memset", "memcpy", "memmove", "memcmp", "bcmp"];
/// The table's functions the `ordered` program reaches.
/// `syscall` and `close` are the pidfd path of `Child` (`fcntl` moves a
/// pidfd that landed on 0, 1 or 2 above them), `kill` and `getpid` its
/// fallback, linked in because whether the kernel has pidfds is only
/// known at run time; both wait through `waitid` on Linux.
const PROCSIG_SYMBOLS: [&str; 11] = [
    "fork",
    "kill",
    "getpid",
    "waitid",
    "syscall",
    "close",
    "fcntl",
    "_exit",
    "sigaction",
    "__errno_location",
    "__libc_current_sigrtmin",
];

/// Run where no tool is on `PATH`, the checks that need `strace` and `nm`
/// pass saying SKIPPED in the output a reader of plain `cargo test` sees
/// (not captured away, not a panic).
#[cfg(target_os = "linux")]
#[test]
fn a_missing_tool_says_skipped() {
    let empty = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-tools");
    fs::create_dir_all(&empty).unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "examples_make_only_the_audited_system_calls",
            "minimal_binary_imports_only_audited_symbols",
        ])
        .env("PATH", &empty)
        .output()
        .unwrap();
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let wanted = [
        "SKIPPED: the examples' system calls: `strace` is not installed (install with: apt-get install strace)",
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        "SKIPPED: the minimal binary's imports: `nm` is not installed (install with: apt-get install binutils)",
    ];
    for line in wanted {
        assert!(shown.contains(line), "no {line:?} in:\n{shown}");
    }
    assert!(out.status.success(), "{}", shown);
}

/// Where the fixture is built: a directory of the test run's own target
/// directory (so `CARGO_TARGET_DIR` is honoured, and nothing is written
/// into the source tree, where a stale binary could pass for a new one).
fn fixture_target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fixture-minimal")
}

/// Builds `tests/fixture-minimal`'s `ordered-procsig`; `None` (having said
/// so) in a packaged crate, which does not ship the nested fixture.
fn build_fixture() -> Option<PathBuf> {
    let fixture = root().join("tests").join("fixture-minimal");
    if !fixture.join("Cargo.toml").exists() {
        // A published crate leaves out the nested fixture package (cargo
        // does not ship one package inside another); the repository runs
        // the checks that need it.
        skipped("tests/fixture-minimal is not here (a packaged crate): the checks on it");
        return None;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = fixture_target_dir();
    // Its own invocation, target directory and features (see its
    // Cargo.toml); `--locked`: its committed lock file is the build.
    let build = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--locked"])
        .args(["--bin", "ordered-procsig", "--target-dir"])
        .arg(&target)
        .current_dir(&fixture)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .expect("running cargo for the fixture");
    assert!(build.success(), "building tests/fixture-minimal failed");
    Some(target.join("release").join("ordered-procsig"))
}

/// The fixture's build writes nothing beside its sources: no `target/`
/// (a stale binary there passed `check.sh`), no new lock file.
#[test]
fn the_fixture_builds_outside_the_source_tree() {
    let fixture = root().join("tests").join("fixture-minimal");
    let Some(bin) = build_fixture() else { return };
    assert!(
        bin.starts_with(env!("CARGO_TARGET_TMPDIR")),
        "{} is not under the run's target directory",
        bin.display()
    );
    assert!(bin.exists(), "{} was not built", bin.display());
    let stray = fixture.join("target");
    assert!(
        !stray.exists(),
        "{} exists: something built the fixture inside the source tree (an old \
         check.sh or test; remove it with rm -rf)",
        stray.display()
    );
}

/// Every lock file in the repository is one the declared `rust-version`'s
/// cargo can read: lock format 4 needs cargo 1.78, so `cargo +1.77 test`
/// in a checkout failed on it (the packaged crate's MSRV check, which
/// deletes the lock, never saw it).
#[test]
fn lock_files_are_readable_by_the_rust_version() {
    let manifest = fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let msrv = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .expect("Cargo.toml declares a rust-version");
    // The newest lock format each cargo reads: 4 from 1.78 on.
    let minor: u32 = msrv.split('.').nth(1).and_then(|m| m.parse().ok()).unwrap();
    let readable = if minor >= 78 { 4 } else { 3 };
    let mut problems = Vec::new();
    for lock in [
        root().join("Cargo.lock"),
        root()
            .join("tests")
            .join("fixture-minimal")
            .join("Cargo.lock"),
    ] {
        let Ok(text) = fs::read_to_string(&lock) else {
            continue; // a packaged crate ships no fixture
        };
        let version: u32 = text
            .lines()
            .find_map(|l| l.strip_prefix("version = "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1);
        if version > readable {
            problems.push(format!(
                "{} is lock format {version}; cargo {msrv} (the rust-version) reads up to \
                 {readable}: set `version = {readable}` at its top (cargo keeps it)",
                lock.strip_prefix(root()).unwrap().display()
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn minimal_binary_imports_only_audited_symbols() {
    if !have(
        "nm",
        "--version",
        "the minimal binary's imports",
        "binutils",
    ) {
        return;
    }
    let Some(bin) = build_fixture() else { return };
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
    let extra: Vec<_> = imported
        .difference(&expected)
        .filter(|s| !COMPILER_SYMBOLS.contains(&s.as_str()))
        .collect();
    let missing: Vec<_> = expected.difference(&imported).collect();
    assert!(
        extra.is_empty() && missing.is_empty(),
        "ordered-procsig imports {extra:?} beyond the audited list and lacks {missing:?}: a \
         libc function procsig calls must be in docs/audit.md's table and in PROCSIG_SYMBOLS"
    );
    let table = table_functions();
    for s in PROCSIG_SYMBOLS {
        assert!(
            table.contains(s),
            "`{s}` is imported but not in docs/audit.md's table"
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
    if !have("strace", "-V", "the examples' system calls", "strace") {
        return;
    }
    if cfg!(procsig_like_macos) {
        skipped(
            "the examples' system calls: docs/audit.md's table is the Linux build's, \
             not the macOS-like build's",
        );
        return;
    }
    let allowed_by_table: BTreeSet<String> =
        readme_table().into_iter().flat_map(|(_, s)| s).collect();
    let examples = examples_dir();
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
                    "`{}` made the system call `{name}`, which docs/audit.md's table does not name",
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

// ---- enforcement: the examples and the fixture under a seccomp filter ----

/// Every system call name the allow-list may hold, with its number on this
/// architecture (x86_64 only: the names differ elsewhere, e.g. no `poll`,
/// `alarm` or `fork` on aarch64).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn syscall_number(name: &str) -> Option<libc::c_long> {
    macro_rules! numbers {
        ($($name:ident),* $(,)?) => {
            match name {
                $(stringify!($name) => Some(paste_sys!($name)),)*
                _ => None,
            }
        };
    }
    macro_rules! paste_sys {
        (clone) => {
            libc::SYS_clone
        };
        (fork) => {
            libc::SYS_fork
        };
        (kill) => {
            libc::SYS_kill
        };
        (rt_sigprocmask) => {
            libc::SYS_rt_sigprocmask
        };
        (rt_sigtimedwait) => {
            libc::SYS_rt_sigtimedwait
        };
        (alarm) => {
            libc::SYS_alarm
        };
        (setitimer) => {
            libc::SYS_setitimer
        };
        (wait4) => {
            libc::SYS_wait4
        };
        (exit_group) => {
            libc::SYS_exit_group
        };
        (getpid) => {
            libc::SYS_getpid
        };
        (getppid) => {
            libc::SYS_getppid
        };
        (getuid) => {
            libc::SYS_getuid
        };
        (rt_sigaction) => {
            libc::SYS_rt_sigaction
        };
        (rt_sigpending) => {
            libc::SYS_rt_sigpending
        };
        (tgkill) => {
            libc::SYS_tgkill
        };
        (rt_sigqueueinfo) => {
            libc::SYS_rt_sigqueueinfo
        };
        (pidfd_open) => {
            libc::SYS_pidfd_open
        };
        (pidfd_send_signal) => {
            libc::SYS_pidfd_send_signal
        };
        (waitid) => {
            libc::SYS_waitid
        };
        (poll) => {
            libc::SYS_poll
        };
        (ppoll) => {
            libc::SYS_ppoll
        };
        (signalfd4) => {
            libc::SYS_signalfd4
        };
        (epoll_create1) => {
            libc::SYS_epoll_create1
        };
        (epoll_ctl) => {
            libc::SYS_epoll_ctl
        };
        (epoll_wait) => {
            libc::SYS_epoll_wait
        };
        (epoll_pwait) => {
            libc::SYS_epoll_pwait
        };
        (close) => {
            libc::SYS_close
        };
        (setpgid) => {
            libc::SYS_setpgid
        };
        (getpgid) => {
            libc::SYS_getpgid
        };
        (getpgrp) => {
            libc::SYS_getpgrp
        };
        (setsid) => {
            libc::SYS_setsid
        };
        (getsid) => {
            libc::SYS_getsid
        };
        (ioctl) => {
            libc::SYS_ioctl
        };
        (prctl) => {
            libc::SYS_prctl
        };
        (pipe2) => {
            libc::SYS_pipe2
        };
        (fcntl) => {
            libc::SYS_fcntl
        };
        (read) => {
            libc::SYS_read
        };
        (write) => {
            libc::SYS_write
        };
        (execve) => {
            libc::SYS_execve
        };
        (brk) => {
            libc::SYS_brk
        };
        (arch_prctl) => {
            libc::SYS_arch_prctl
        };
        (set_tid_address) => {
            libc::SYS_set_tid_address
        };
        (set_robust_list) => {
            libc::SYS_set_robust_list
        };
        (rseq) => {
            libc::SYS_rseq
        };
        (prlimit64) => {
            libc::SYS_prlimit64
        };
        (mmap) => {
            libc::SYS_mmap
        };
        (munmap) => {
            libc::SYS_munmap
        };
        (mprotect) => {
            libc::SYS_mprotect
        };
        (openat) => {
            libc::SYS_openat
        };
        (newfstatat) => {
            libc::SYS_newfstatat
        };
        (fstat) => {
            libc::SYS_fstat
        };
        (pread64) => {
            libc::SYS_pread64
        };
        (access) => {
            libc::SYS_access
        };
        (getrandom) => {
            libc::SYS_getrandom
        };
        (sigaltstack) => {
            libc::SYS_sigaltstack
        };
        (sched_getaffinity) => {
            libc::SYS_sched_getaffinity
        };
        (gettid) => {
            libc::SYS_gettid
        };
        (clock_nanosleep) => {
            libc::SYS_clock_nanosleep
        };
        (nanosleep) => {
            libc::SYS_nanosleep
        };
        (restart_syscall) => {
            libc::SYS_restart_syscall
        };
    }
    numbers!(
        clone,
        fork,
        kill,
        rt_sigprocmask,
        rt_sigtimedwait,
        alarm,
        setitimer,
        wait4,
        exit_group,
        getpid,
        getppid,
        getuid,
        rt_sigaction,
        rt_sigpending,
        tgkill,
        rt_sigqueueinfo,
        pidfd_open,
        pidfd_send_signal,
        waitid,
        poll,
        ppoll,
        signalfd4,
        epoll_create1,
        epoll_ctl,
        epoll_wait,
        epoll_pwait,
        close,
        setpgid,
        getpgid,
        getpgrp,
        setsid,
        getsid,
        ioctl,
        prctl,
        pipe2,
        fcntl,
        read,
        write,
        execve,
        brk,
        arch_prctl,
        set_tid_address,
        set_robust_list,
        rseq,
        prlimit64,
        mmap,
        munmap,
        mprotect,
        openat,
        newfstatat,
        fstat,
        pread64,
        access,
        getrandom,
        sigaltstack,
        sched_getaffinity,
        gettid,
        clock_nanosleep,
        nanosleep,
        restart_syscall,
    )
}

/// A seccomp filter program that allows exactly `allowed` (x86_64 system
/// calls, checked by architecture) and kills the process on anything else.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn allow_only(allowed: &BTreeSet<libc::c_long>) -> Vec<libc::sock_filter> {
    use bpf::{jeq, load, ret, ARCH, NR};
    const AUDIT_ARCH_X86_64: u32 = 0xc000_003e;
    let kill = ret(libc::SECCOMP_RET_KILL_PROCESS);
    let allow = ret(libc::SECCOMP_RET_ALLOW);
    let n = allowed.len();
    assert!(n < 250, "the jump offsets are 8 bits");
    let mut prog = vec![load(ARCH), jeq(AUDIT_ARCH_X86_64, 1, 0), kill, load(NR)];
    for (i, &nr) in allowed.iter().enumerate() {
        // Past the remaining comparisons and the kill, to the allow.
        prog.push(jeq(nr as u32, (n - i) as u8, 0));
    }
    prog.extend([kill, allow]);
    prog
}

/// Runs `program args` with only `allowed` permitted; returns its status
/// and standard output.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn run_confined(
    program: &Path,
    args: &[&str],
    allowed: &BTreeSet<libc::c_long>,
) -> (std::process::ExitStatus, String) {
    use std::os::unix::process::CommandExt;
    let filter = allow_only(allowed);
    use std::io::Read;
    let mut cmd = Command::new(program);
    // Its own process group: a program the filter kills may leave children
    // (stopped ones, in `ordered`), which are then killed with the group.
    cmd.args(args)
        .process_group(0)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    // SAFETY: the child calls only prctl and seccomp, on a program built
    // before the fork and moved into the closure.
    unsafe {
        cmd.pre_exec(move || {
            let fprog = libc::sock_fprog {
                len: filter.len() as u16,
                filter: filter.as_ptr() as *mut libc::sock_filter,
            };
            if libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
                || libc::syscall(libc::SYS_seccomp, libc::SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("running a confined program");
    let mut stdout = child.stdout.take().unwrap();
    let status = child.wait().unwrap();
    // SAFETY: integers; the group is the one made for this run.
    unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
    let mut out = String::new();
    stdout.read_to_string(&mut out).unwrap();
    (status, out)
}

/// The examples and the minimal fixture run under a seccomp filter that
/// allows only docs/audit.md's system-call column, process start-up and the
/// programs' own output and simulated work: they must run to their normal
/// output. Then, with one row of docs/audit.md's table dropped from the list, the
/// filter must kill them (`SIGSYS`): the list is enforced, not decoration.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn examples_run_under_a_seccomp_filter_of_the_table() {
    use std::os::unix::process::ExitStatusExt;
    if cfg!(procsig_like_macos) {
        skipped(
            "the seccomp enforcement: docs/audit.md's table is the Linux build's, \
             not the macOS-like build's",
        );
        return;
    }
    // SAFETY: reads a flag; no pointer.
    if unsafe { libc::prctl(libc::PR_GET_SECCOMP, 0, 0, 0, 0) } < 0 {
        skipped("the seccomp enforcement: seccomp is not available here");
        return;
    }
    let table = readme_table();
    let extra: Vec<&str> = STARTUP_SYSCALLS
        .iter()
        .chain(&OUTPUT_AND_WORK_SYSCALLS)
        .copied()
        .collect();
    let table_calls: BTreeSet<&str> = table
        .iter()
        .flat_map(|(_, s)| s)
        .map(String::as_str)
        .collect();
    // Every name must number here: a typo in docs/audit.md fails.
    let number = |name: &str| {
        syscall_number(name).unwrap_or_else(|| {
            panic!("docs/audit.md names the system call `{name}`, which this test cannot number")
        })
    };
    // The allow-list without one of docs/audit.md's system calls (one that
    // start-up and output do not need, or the mutation would prove nothing).
    let without = |dropped: &str| -> BTreeSet<libc::c_long> {
        assert!(
            dropped.is_empty() || table_calls.contains(dropped),
            "{dropped} is not in docs/audit.md"
        );
        assert!(
            !extra.contains(&dropped),
            "{dropped} is needed by start-up or output"
        );
        table_calls
            .iter()
            .copied()
            .filter(|&name| name != dropped)
            .chain(extra.iter().copied())
            .map(number)
            .collect()
    };
    let everything = without("");
    let examples = examples_dir();
    let fixture = build_fixture();
    let expect = |k: usize| -> String { (0..k).map(|i| format!("child {i} done\n")).collect() };
    // (program, arguments, expected stdout, docs/audit.md system call to drop for the mutation)
    // (program, arguments, expected stdout, exit status, docs/audit.md system
    // call to drop for the mutation, whether it execs a command)
    type Run<'a> = (PathBuf, Vec<&'a str>, String, i32, &'a str, bool);
    let mut runs: Vec<Run> = vec![
        (
            examples.join("ordered"),
            vec!["3", "--work-ms", "1"],
            expect(3),
            0,
            "waitid",
            false,
        ),
        (
            examples.join("ordered"),
            vec!["6", "-j", "2", "--work-ms", "1"],
            expect(6),
            0,
            "clone",
            false,
        ),
        (
            examples.join("deadline"),
            vec!["50", "2000"],
            "too late; killing child process\n".into(),
            0,
            "pidfd_send_signal",
            false,
        ),
        (
            examples.join("deadline"),
            vec!["2000", "10"],
            "child process finished\n".into(),
            0,
            "pidfd_open",
            false,
        ),
        (
            examples.join("deadline"),
            vec!["--alarm", "1000", "1500"],
            "too late; killing child process\n".into(),
            0,
            "alarm",
            false,
        ),
        // `timeout` execs a command, whose own start-up comes too.
        (
            examples.join("timeout"),
            vec!["5", "true"],
            String::new(),
            0,
            "setpgid",
            true,
        ),
        (
            examples.join("timeout"),
            vec!["0.05", "sleep", "1"],
            String::new(),
            124,
            "pidfd_send_signal",
            true,
        ),
        // `init` too: the event wait, reaping, the child's group and
        // terminal, then the command's start-up.
        (
            examples.join("init"),
            vec!["-s", "true"],
            String::new(),
            0,
            "signalfd4",
            true,
        ),
        (
            examples.join("init"),
            vec!["-s", "-e", "1", "false"],
            String::new(),
            0,
            "prctl",
            true,
        ),
    ];
    if let Some(bin) = &fixture {
        runs.push((
            bin.clone(),
            vec!["5", "--work-ms", "1"],
            expect(5),
            0,
            "waitid",
            false,
        ));
    }
    // glibc's one-time initialisation in a command `timeout` execs (`true`,
    // `sleep`) wakes waiters with `futex`; procsig itself never does.
    let with_command = |mut list: BTreeSet<libc::c_long>| {
        list.insert(libc::SYS_futex);
        list
    };
    for (program, args, expected, code, dropped, execs) in &runs {
        let shown = format!(
            "{} {}",
            program.file_name().unwrap().to_string_lossy(),
            args.join(" ")
        );
        let (allowed, mutated) = if *execs {
            (
                with_command(everything.clone()),
                with_command(without(dropped)),
            )
        } else {
            (everything.clone(), without(dropped))
        };
        let (status, out) = run_confined(program, args, &allowed);
        assert_eq!(
            status.code(),
            Some(*code),
            "{shown} under the table's filter: {status:?}"
        );
        assert!(out.ends_with(expected.as_str()), "{shown} printed {out:?}");
        let (status, _) = run_confined(program, args, &mutated);
        assert_eq!(
            status.signal(),
            Some(libc::SIGSYS),
            "{shown} without `{dropped}` was not killed: {status:?}"
        );
        println!("{shown}: runs under the filter; killed (SIGSYS) without `{dropped}`");
    }
}
