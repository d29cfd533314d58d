//! `examples/init`, run as a user runs it: exit statuses, `-e`, the
//! warning, options and usage compared byte for byte with tini 0.19 where
//! `/usr/bin/tini` is installed, reaping 60 orphans as a subreaper and as
//! PID 1 of a new pid namespace, signals passed on (to the group with
//! `-g`), the launcher's mask and dispositions in the child, `-p` on the
//! parent's death, and a storm of signals while the child exits.
//!
//! Each run has a watchdog: a thread that polls the process's pidfd and
//! kills it after 30 s, so a hang fails the test instead of CI. Nothing
//! here sleeps to synchronise: a child that must be ready before a signal
//! says so on a pipe; a process that must be gone is waited for through a
//! pidfd.

// The init stands on the event wait and reaping: Linux only (not under the
// macOS-like build switch either, where examples/init says so and exits).
#![cfg(procsig_linux)]

#[path = "support/pidfd.rs"]
mod pidfd;

use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::FromRawFd;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pidfd::{ends_within, pidfd_kill, pidfd_open, watchdog};

/// How long any one run may take before the watchdog kills it.
const WATCHDOG: Duration = Duration::from_secs(30);
/// A bound for something that should take milliseconds: it catches a hang
/// or a missed wake-up, not slowness.
const PROMPT: Duration = Duration::from_secs(10);
/// Debian's tini 0.19, to compare with.
const TINI: &str = "/usr/bin/tini";

fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join("init")
}

/// Says that a check could not run, where plain `cargo test` shows it.
fn skipped(why: &str) {
    let line = format!("\nSKIPPED: {why}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// `/usr/bin/tini`, if it is tini 0.19 (SKIPPED otherwise).
fn tini(check: &str) -> Option<&'static Path> {
    let ok = Command::new(TINI)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"tini version 0.19."));
    if !ok {
        skipped(&format!(
            "{check}: no tini 0.19 at {TINI} to compare with (install with: apt-get install tini)"
        ));
    }
    ok.then(|| Path::new(TINI))
}

/// `PROGRAM ARGS...`, with `argv[0]` "tini" (so usage lines match) and no
/// `TINI_*` variable from the caller.
fn cmd(program: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.arg0("tini")
        .args(args)
        .env_remove("TINI_SUBREAPER")
        .env_remove("TINI_VERBOSITY")
        .env_remove("TINI_KILL_PROCESS_GROUP")
        .env_remove("POSIXLY_CORRECT");
    cmd
}

fn init(args: &[&str]) -> Command {
    cmd(&example(), args)
}

struct Ran {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Ran {
    /// The status as a shell's `$?` shows it: 128 + n for signal n.
    fn shell_status(&self) -> i32 {
        self.status
            .code()
            .or_else(|| self.status.signal().map(|s| 128 + s))
            .unwrap()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

fn close(fd: libc::c_int) {
    // SAFETY: a descriptor this test opened and uses no more.
    unsafe { libc::close(fd) };
}

/// Runs to the end, with the watchdog; standard input is /dev/null.
fn run(cmd: &mut Command) -> Ran {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child)
}

fn finish(child: Child) -> Ran {
    let start = Instant::now();
    let dog = watchdog(&child, WATCHDOG);
    let out = child.wait_with_output().unwrap();
    dog.join().unwrap();
    assert!(
        start.elapsed() < WATCHDOG,
        "killed by the watchdog: {:?}",
        out
    );
    Ran {
        status: out.status,
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// Starts a run whose child prints one line when it is ready, and reads
/// that line; standard input is a pipe the caller closes to let it end.
fn start_ready(cmd: &mut Command) -> (Child, String) {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let dog = watchdog(&child, WATCHDOG);
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(!line.is_empty(), "the child never said it was ready");
    drop(dog); // detached: it ends when the child does
    (child, line.trim().to_string())
}

/// A message's pid and the version names replaced, for comparisons.
fn normalise(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let line = match (line.find(" tini ("), line.find(")] ")) {
            (Some(a), Some(b)) if line.starts_with('[') && a < b => {
                format!("{} tini (PID{}", &line[..a], &line[b..])
            }
            _ => line.to_string(),
        };
        let line = line
            .replace(
                concat!(
                    "procsig init ",
                    env!("CARGO_PKG_VERSION"),
                    ", compatible with tini version 0.19.0"
                ),
                "VERSION",
            )
            .replace("tini version 0.19.0", "VERSION");
        out.push_str(&line);
    }
    // "with pid 'N'" names the child's pid.
    let mut fixed = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find("pid '") {
        fixed.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let digits = rest.find('\'').unwrap_or(0);
        fixed.push('N');
        rest = &rest[digits..];
    }
    fixed.push_str(rest);
    fixed
}

const WARNING: &str = "Tini is not running as PID 1 and isn't registered as a child subreaper.
Zombie processes will not be re-parented to Tini, so zombie reaping won't work.
To fix the problem, use the -s option or set the environment variable TINI_SUBREAPER to register Tini as a child subreaper, or run Tini as PID 1.\n";

#[test]
fn exit_status_is_the_childs_and_128_plus_its_signal() {
    for (args, code) in [
        (&["-s", "true"][..], 0),
        (&["-s", "false"], 1),
        (&["-s", "--", "sh", "-c", "exit 42"], 42),
        (&["-s", "--", "sh", "-c", "kill -TERM $$"], 128 + 15),
        (&["-s", "--", "sh", "-c", "kill -KILL $$"], 128 + 9),
        (&["-s", "/nonexistent/program"], 127),
        (&["-s", "/etc/passwd"], 126),
    ] {
        let ran = run(&mut init(args));
        assert_eq!(ran.shell_status(), code, "{args:?}: {}", ran.stderr());
    }
    let ran = run(&mut init(&["-s", "/nonexistent/program"]));
    assert!(ran
        .stderr()
        .ends_with("] exec /nonexistent/program failed: No such file or directory\n"));
}

#[test]
fn e_maps_codes_to_zero_and_bad_usage_is_1() {
    let ok = |args: &[&str]| run(&mut init(args)).shell_status();
    assert_eq!(ok(&["-s", "-e", "3", "--", "sh", "-c", "exit 3"]), 0);
    assert_eq!(
        ok(&["-s", "-e", "4", "-e", "3", "--", "sh", "-c", "exit 3"]),
        0
    );
    assert_eq!(ok(&["-s", "-e", "4", "--", "sh", "-c", "exit 3"]), 3);
    // 128 + 15, the status of a child killed by TERM, can be mapped too.
    assert_eq!(
        ok(&["-s", "-e", "143", "--", "sh", "-c", "kill -TERM $$"]),
        0
    );
    for bad in ["256", "-1", "x", "3x", " "] {
        let ran = run(&mut init(&["-s", "-e", bad, "true"]));
        assert_eq!(ran.shell_status(), 1, "-e {bad:?}");
        assert!(
            ran.stderr()
                .ends_with(&format!("] Not a valid option for -e: {bad}\n")),
            "{}",
            ran.stderr()
        );
    }
    for (args, first) in [
        (&["-x", "true"][..], "tini: invalid option -- 'x'\n"),
        (&["-e"], "tini: option requires an argument -- 'e'\n"),
        (&[], "tini ("),
        (&["--"], "tini ("),
    ] {
        let ran = run(&mut init(args));
        assert_eq!(ran.shell_status(), 1, "{args:?}");
        assert!(ran.stderr().starts_with(first), "{}", ran.stderr());
        assert!(ran
            .stderr()
            .contains("Usage: tini [OPTIONS] PROGRAM -- [ARGS] | --version\n"));
    }
    let help = run(&mut init(&["-h"]));
    assert_eq!(help.shell_status(), 0);
    assert!(String::from_utf8_lossy(&help.stdout).contains("  -e EXIT_CODE: Remap EXIT_CODE"));
    let version = run(&mut init(&["--version"]));
    assert_eq!(version.shell_status(), 0);
    assert_eq!(version.stdout.iter().filter(|&&b| b == b'\n').count(), 1);
}

#[test]
fn warns_unless_subreaper_and_verbosity_zero_silences_it() {
    let ran = run(&mut init(&["true"]));
    assert_eq!(ran.shell_status(), 0);
    let warn = ran.stderr();
    assert!(warn.starts_with("[WARN  tini ("), "{warn}");
    assert!(warn.ends_with(WARNING), "{warn}");
    assert!(warn.contains("zombie reaping won't work"));
    assert_eq!(run(&mut init(&["-s", "true"])).stderr(), "");
    assert_eq!(run(init(&["true"]).env("TINI_SUBREAPER", "")).stderr(), "");
    assert_eq!(run(init(&["true"]).env("TINI_VERBOSITY", "0")).stderr(), "");
}

/// The same command lines through tini and through the example: status,
/// standard output and standard error, byte for byte but for pids and the
/// version names.
#[test]
fn agrees_with_tini() {
    let Some(tini) = tini("the byte-for-byte comparison with tini") else {
        return;
    };
    /// A command line and the variables set for it.
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
    let cases: &[Case] = &[
        (&["true"], &[]),
        (&["-s", "true"], &[]),
        (&["-s", "--", "sh", "-c", "exit 3"], &[]),
        (&["-s", "sh", "-c", "exit 3"], &[]), // glibc's getopt permutes: -c
        (&["-s", "sh", "-c", "exit 3"], &[("POSIXLY_CORRECT", "1")]),
        (&["-s", "-e", "3", "--", "sh", "-c", "exit 3"], &[]),
        (&["-s", "-e3", "-e", "", "--", "sh", "-c", "exit 0"], &[]),
        (&["-s", "-e", "300", "true"], &[]),
        (&["-s", "-e", " 7", "false"], &[]),
        (&["-s", "-e", "7 ", "false"], &[]),
        (&["-s", "-e", "+1", "false"], &[]),
        (&["-s", "-e"], &[]),
        (&["-s", "-x", "true"], &[]),
        (&["-svx", "true"], &[]),
        (&["--version", "x"], &[]),
        (&["--"], &[]),
        (&[], &[]),
        (&["-h"], &[]),
        (&["-sh"], &[]),
        (&["-p", "FOO", "true"], &[]),
        (&["-p", "sigkill", "true"], &[]),
        (&["-p", "SIGTERM", "-s", "true"], &[]),
        (&["-s", "/nonexistent/program"], &[]),
        (&["-s", "/etc/passwd"], &[]),
        (&["-s", "-"], &[]),
        (&["-v", "-s", "true"], &[]),
        (&["-v", "true"], &[]),
        (
            &["-s", "--", "sh", "-c", "kill -USR1 $$"],
            &[("TINI_VERBOSITY", "2")],
        ),
        (&["-vvvv", "true"], &[("TINI_VERBOSITY", "1")]),
        (&["true"], &[("TINI_VERBOSITY", "0")]),
        (&["true"], &[("TINI_VERBOSITY", "x")]),
        (&["true"], &[("TINI_SUBREAPER", "")]),
        (
            &["-g", "-s", "--", "sh", "-c", "exit 5"],
            &[("TINI_KILL_PROCESS_GROUP", "")],
        ),
        (
            &["-e", "0", "-e", "255", "-s", "--", "sh", "-c", "exit 255"],
            &[],
        ),
    ];
    let mut problems = Vec::new();
    for &(args, env) in cases {
        let (mut ours, mut theirs) = (init(args), cmd(tini, args));
        for &(k, v) in env {
            ours.env(k, v);
            theirs.env(k, v);
        }
        let (ours, theirs) = (run(&mut ours), run(&mut theirs));
        let shown = |r: &Ran| {
            format!(
                "status {}, stdout {:?}, stderr {:?}",
                r.shell_status(),
                normalise(&r.stdout),
                normalise(&r.stderr)
            )
        };
        if shown(&ours) != shown(&theirs) {
            problems.push(format!(
                "{env:?} {args:?}\n  tini:    {}\n  example: {}",
                shown(&theirs),
                shown(&ours)
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// `sh` that starts 60 orphans (each a subshell's background `true`, whose
/// parent exits at once), then says so and waits for standard input.
const SIXTY_ORPHANS: &str =
    "i=0; while [ $i -lt 60 ]; do (true &); i=$((i+1)); done; echo started; read x; exit 0";

/// Runs `prefix init ARGS sh -c SIXTY_ORPHANS`; reads init's `-w` lines until
/// 60 orphans are reported, then lets the main child end. Returns the pids
/// reported and the run.
fn reap_sixty(mut command: Command) -> (Vec<i32>, Ran) {
    let (mut child, line) = start_ready(&mut command);
    assert_eq!(line, "started");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut pids = Vec::new();
    let mut other = String::new();
    while pids.len() < 60 {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        match line
            .trim_end()
            .split_once("Reaped zombie process with pid=")
        {
            Some((_, pid)) => pids.push(pid.parse().unwrap()),
            None => other.push_str(&line),
        }
    }
    drop(child.stdin.take()); // the main child's `read` ends
    let mut rest = Vec::new();
    stderr.read_to_end(&mut rest).unwrap();
    child.stderr = None;
    let mut ran = finish(child);
    ran.stderr = [other.into_bytes(), rest].concat();
    (pids, ran)
}

#[test]
fn reaps_sixty_orphans_as_subreaper() {
    let (pids, ran) = reap_sixty(init(&["-s", "-w", "--", "sh", "-c", SIXTY_ORPHANS]));
    assert_eq!(pids.len(), 60, "{}", ran.stderr());
    let mut unique = pids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 60, "{pids:?}");
    assert_eq!(ran.shell_status(), 0, "{}", ran.stderr());
    assert_eq!(ran.stderr(), "");
}

/// `unshare -p -f --mount-proc INIT`, for init as PID 1 of a new pid
/// namespace, its arguments to be added; `None`, having said SKIPPED, where
/// `unshare -p` fails (it needs root, CAP_SYS_ADMIN, and util-linux).
fn init_as_pid_1() -> Option<Command> {
    let probe = Command::new("unshare")
        .args(["-p", "-f", "--mount-proc", "true"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        skipped("init as PID 1: `unshare -p -f --mount-proc` failed (needs root and util-linux)");
        return None;
    }
    let mut command = Command::new("unshare");
    command.args(["-p", "-f", "--mount-proc"]).arg(example());
    Some(command)
}

#[test]
fn reaps_sixty_orphans_as_pid_1_of_a_new_pid_namespace() {
    let Some(mut command) = init_as_pid_1() else {
        return;
    };
    command
        .args(["-w", "--", "sh", "-c"])
        .arg(format!("echo $PPID; {SIXTY_ORPHANS}"))
        .env_remove("TINI_SUBREAPER")
        .env_remove("TINI_VERBOSITY");
    let (mut child, line) = start_ready(&mut command);
    // init is PID 1 there: the main child's parent.
    assert_eq!(line, "1");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut started = String::new();
    out.read_line(&mut started).unwrap();
    assert_eq!(started.trim(), "started");
    child.stdout = None;
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut pids = Vec::new();
    let mut other = String::new();
    while pids.len() < 60 {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        match line
            .trim_end()
            .split_once("Reaped zombie process with pid=")
        {
            Some((_, pid)) => pids.push(pid.parse::<i32>().unwrap()),
            None => other.push_str(&line),
        }
    }
    drop(child.stdin.take());
    let ran = finish(child);
    assert_eq!(pids.len(), 60, "{other}");
    // No warning: PID 1 reaps without being a subreaper.
    assert!(!other.contains("zombie reaping won't work"), "{other}");
    assert_eq!(ran.shell_status(), 0);
}

/// `sh` that says it is ready, then waits in `read` (killed by the signal's
/// default action).
const READY: &str = "echo ready; exec sleep 1000";

#[test]
fn passes_term_int_hup_usr1_usr2_on() {
    for sig in [
        libc::SIGTERM,
        libc::SIGINT,
        libc::SIGHUP,
        libc::SIGUSR1,
        libc::SIGUSR2,
    ] {
        for program in [
            Some(example()),
            tini("tini's forwarding").map(Path::to_path_buf),
        ]
        .into_iter()
        .flatten()
        {
            let (child, _) = start_ready(&mut cmd(&program, &["-s", "--", "sh", "-c", READY]));
            // SAFETY: integers; the child is ours and unreaped.
            assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
            let ran = finish(child);
            assert_eq!(
                ran.shell_status(),
                128 + sig,
                "{program:?} {sig}: {}",
                ran.stderr()
            );
            assert_eq!(ran.stderr(), "", "{program:?}");
        }
    }
}

/// At debug verbosity a signal passed on is announced, as tini does: the
/// message is formatted only when it is shown (after the signal is sent),
/// so this checks it still is.
#[test]
fn debug_verbosity_announces_each_signal_passed_on() {
    for program in [
        Some(example()),
        tini("tini's debug message").map(Path::to_path_buf),
    ]
    .into_iter()
    .flatten()
    {
        // The child has init pass USR1 to itself: killed by it whether it
        // arrives before the `exec` or after.
        let mut command = cmd(
            &program,
            &["-s", "--", "sh", "-c", "kill -USR1 $PPID; exec sleep 1000"],
        );
        let ran = run(command.env("TINI_VERBOSITY", "3"));
        assert_eq!(
            ran.shell_status(),
            128 + libc::SIGUSR1,
            "{program:?}: {}",
            ran.stderr()
        );
        let stdout = normalise(&ran.stdout);
        assert!(
            stdout.contains("Passing signal: 'User defined signal 1'\n"),
            "{program:?}: {stdout}"
        );
    }
}

#[test]
fn g_reaches_a_grandchild_and_without_it_only_the_child() {
    // The grandchild prints its pid; the child waits for it.
    // Its descriptors are not the test's pipes, which it would hold open.
    const SCRIPT: &str = "sleep 1000 </dev/null >/dev/null 2>&1 & echo $!; wait";
    for (group, reached) in [(true, true), (false, false)] {
        let args: &[&str] = if group {
            &["-s", "-g", "--", "sh", "-c", SCRIPT]
        } else {
            &["-s", "--", "sh", "-c", SCRIPT]
        };
        let (child, line) = start_ready(&mut init(args));
        let grandchild = pidfd_open(line.parse().unwrap()).expect("the grandchild is running");
        // SAFETY: integers; the child is ours and unreaped.
        assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
        let ran = finish(child);
        assert_eq!(ran.shell_status(), 128 + libc::SIGTERM);
        if reached {
            assert!(
                ends_within(grandchild, PROMPT),
                "-g did not reach the grandchild"
            );
        } else {
            assert!(!ends_within(grandchild, Duration::ZERO));
            pidfd_kill(grandchild, libc::SIGKILL);
        }
        close(grandchild);
    }
}

/// The `SigBlk`, `SigIgn` lines of a process's /proc status.
const SHOW_MASKS: [&str; 3] = ["grep", "-E", "^Sig(Blk|Ign)"];

/// Launched with USR1 and WINCH blocked and TTIN ignored, TTOU at its
/// default: the child shows exactly what a program launched that way shows
/// of itself (and what it shows under tini).
#[test]
fn the_child_gets_the_launchers_mask_and_dispositions() {
    for ignore_chld in [false, true] {
        the_child_gets(ignore_chld);
    }
}

/// With `ignore_chld`, SIGCHLD is ignored too: init must not let the
/// kernel reap its child (tini then never sees its child end, and is not
/// run), and gives the child the ignored SIGCHLD back.
fn the_child_gets(ignore_chld: bool) {
    let launch = |command: &mut Command| {
        // SAFETY: the closure calls only sigprocmask and signal, which
        // are async-signal-safe.
        unsafe {
            command.pre_exec(move || {
                let mut set: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut set);
                libc::sigaddset(&mut set, libc::SIGUSR1);
                libc::sigaddset(&mut set, libc::SIGWINCH);
                libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
                libc::signal(libc::SIGTTIN, libc::SIG_IGN);
                libc::signal(libc::SIGTTOU, libc::SIG_DFL);
                if ignore_chld {
                    libc::signal(libc::SIGCHLD, libc::SIG_IGN);
                }
                Ok(())
            });
        }
    };
    let mut direct = Command::new(SHOW_MASKS[0]);
    direct.args(&SHOW_MASKS[1..]).arg("/proc/self/status");
    launch(&mut direct);
    let expected = run(&mut direct);
    let expected = String::from_utf8(expected.stdout).unwrap();
    // USR1 (bit 9) and WINCH (bit 27) blocked; TTIN (bit 20), CHLD (bit 16)
    // ignored (with whatever the test's own launcher ignores).
    let field = |name: &str| {
        let line = expected.lines().find(|l| l.starts_with(name)).unwrap();
        u64::from_str_radix(line.split('\t').nth(1).unwrap(), 16).unwrap()
    };
    assert_eq!(field("SigBlk:"), 0x0800_0200, "{expected}");
    let ignored = if ignore_chld {
        0x0011_0000
    } else {
        0x0010_0000
    };
    assert_eq!(field("SigIgn:") & 0x0031_0000, ignored, "{expected}");
    let args = [&["-s", "--"][..], &SHOW_MASKS, &["/proc/self/status"]].concat();
    let tini = (!ignore_chld)
        .then(|| tini("tini's restored mask").map(Path::to_path_buf))
        .flatten();
    for program in [Some(example()), tini].into_iter().flatten() {
        let mut command = cmd(&program, &args);
        launch(&mut command);
        let ran = run(&mut command);
        assert_eq!(ran.shell_status(), 0, "{program:?}: {}", ran.stderr());
        assert_eq!(
            String::from_utf8_lossy(&ran.stdout),
            expected,
            "{program:?}"
        );
    }
}

/// A parent of init (`sh`) that starts init in the background and prints
/// its pid; init's child prints its own pid. Killing the parent ends init
/// and its child with `-p SIGKILL`.
#[test]
fn p_ends_init_and_its_child_when_the_parent_dies() {
    for (death, ends) in [
        (Some("SIGKILL"), true),
        (Some("SIGTERM"), true),
        (None, false),
    ] {
        let p = death.map(|d| format!("-p {d} ")).unwrap_or_default();
        let script = format!(
            "\"$0\" {p}-s -- sh -c 'echo child $$; exec sleep 1000' & echo init $!; exec cat"
        );
        let mut parent = Command::new("sh")
            .arg("-c")
            .arg(&script)
            .arg(example())
            .env_remove("TINI_SUBREAPER")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let dog = watchdog(&parent, WATCHDOG);
        let mut out = BufReader::new(parent.stdout.take().unwrap());
        let mut pids = std::collections::BTreeMap::new();
        while pids.len() < 2 {
            let mut line = String::new();
            assert!(out.read_line(&mut line).unwrap() > 0);
            let (who, pid) = line.trim().split_once(' ').unwrap();
            pids.insert(who.to_string(), pid.parse::<i32>().unwrap());
        }
        let init_fd = pidfd_open(pids["init"]).unwrap();
        let child_fd = pidfd_open(pids["child"]).unwrap();
        parent.kill().unwrap();
        parent.wait().unwrap();
        drop(dog);
        if ends {
            assert!(ends_within(init_fd, PROMPT), "{death:?}: init lives on");
            assert!(
                ends_within(child_fd, PROMPT),
                "{death:?}: the child lives on"
            );
        } else {
            assert!(!ends_within(init_fd, Duration::from_millis(100)));
            pidfd_kill(child_fd, libc::SIGKILL);
            assert!(ends_within(init_fd, PROMPT));
        }
        close(init_fd);
        close(child_fd);
    }
}

/// Thousands of USR1s sent to init while its child (which ignores USR1)
/// exits with 7: the status is 7, every time.
#[test]
fn a_storm_of_signals_while_the_child_exits_leaves_its_status() {
    for _ in 0..5 {
        let (mut child, _) = start_ready(&mut init(&[
            "-s",
            "--",
            "sh",
            "-c",
            "trap '' USR1; echo ready; read x; exit 7",
        ]));
        let pidfd = pidfd_open(child.id() as i32).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let storm = {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut sent = 0u64;
                while !stop.load(Ordering::Relaxed) && pidfd_kill(pidfd, libc::SIGUSR1) {
                    sent += 1;
                }
                sent
            })
        };
        drop(child.stdin.take()); // the child exits 7
        let mut rest = Vec::new();
        child.stderr.take().unwrap().read_to_end(&mut rest).unwrap();
        let ran = finish(child);
        stop.store(true, Ordering::Relaxed);
        let sent = storm.join().unwrap();
        close(pidfd);
        assert_eq!(ran.shell_status(), 7, "after {sent} signals: {rest:?}");
        // Nothing but the warning a signal after the child's end may give.
        let rest = String::from_utf8_lossy(&rest);
        assert!(
            rest.lines()
                .all(|l| l.ends_with("] Child was dead when forwarding signal")),
            "{rest}"
        );
    }
}

/// A signal already pending (and blocked) when init starts is passed on to
/// the child once it exists: the child, started with the launcher's mask
/// (TERM blocked), finds TERM pending for itself.
#[test]
fn a_signal_pending_at_start_is_passed_on() {
    pending_at_start_is_passed_on(libc::SIGTERM, Send::Raise);
}

/// How the launcher makes a signal pending for itself before `exec`.
enum Send {
    /// `raise`: `SI_TKILL`.
    Raise,
    /// `kill(getpid())`: `SI_USER` with this pid, as the kernel sends the
    /// signal of a failed write.
    Kill,
}

/// Launches init with `sig` blocked and pending (sent as `send` says),
/// and checks that the child finds it pending for itself: passed on.
fn pending_at_start_is_passed_on(sig: libc::c_int, send: Send) {
    // The signal's bit in /proc's hexadecimal masks (TERM, 15: 4000).
    let bit = format!("{:x}", 1u64 << (sig - 1));
    // Looks until it is pending, then ends in a way nothing else would
    // end it.
    let script =
        format!("until grep -q '^ShdPnd:.*{bit}$' /proc/$$/status; do :; done; kill -KILL $$");
    // `-p SIGKILL`: if the watchdog kills init, the looping shell dies
    // with it (its standard output would otherwise keep the test waiting).
    let mut command = init(&["-s", "-p", "SIGKILL", "--", "sh", "-c", &script]);
    // SAFETY: sigprocmask, raise, getpid and kill are async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, sig);
            libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            match send {
                Send::Raise => libc::raise(sig),
                Send::Kill => libc::kill(libc::getpid(), sig),
            };
            Ok(())
        });
    }
    let ran = run(&mut command);
    // 128 + KILL: the shell kept the signal blocked and saw it pending.
    // 128 + sig: the shell unblocked it (dash does, around the commands it
    // waits for) and died of it. Either way it was passed on: nothing else
    // sends it, and without it the loop never ends (the watchdog's
    // failure).
    let code = ran.shell_status();
    assert!(
        code == 128 + libc::SIGKILL || code == 128 + sig,
        "{code}: {}",
        ran.stderr()
    );
}

/// For `pre_exec`: signals 32 to 34 back to their default action (death),
/// with the system call itself (the C library refuses its reserved
/// signals), whatever the test's launcher left them at. Async-signal-safe:
/// system calls only.
fn reserved_to_default() -> std::io::Result<()> {
    // The kernel's `struct sigaction` (handler, flags, restorer, mask):
    // all zero is SIG_DFL with no flags.
    let action = [0u64; 4];
    for n in 32..=34 {
        // SAFETY: a live, valid action; no old action asked for.
        unsafe {
            libc::syscall(
                libc::SYS_rt_sigaction,
                n,
                action.as_ptr(),
                std::ptr::null_mut::<u64>(),
                8usize,
            )
        };
    }
    Ok(())
}

/// The first field of /proc/PID/syscall: the system call the process is
/// blocked in, if any; `None` once it is gone.
fn in_syscall(pid: u32) -> Option<String> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/syscall")).ok()?;
    let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // A zombie shows no system call: gone too.
    let after = state.rsplit_once(") ")?.1;
    if after.starts_with('Z') {
        return None;
    }
    Some(text.split(' ').next()?.trim().to_string())
}

/// Returns once init is blocked in its event wait (`epoll_wait`), i.e. has
/// handled every signal pending so far, or has ended. Polls /proc with the
/// caller's watchdog running: no sleep.
fn await_event_wait(pid: u32) {
    let epoll = [libc::SYS_epoll_pwait.to_string(), {
        #[cfg(target_arch = "x86_64")]
        {
            libc::SYS_epoll_wait.to_string()
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            libc::SYS_epoll_pwait.to_string()
        }
    }];
    let start = Instant::now();
    while start.elapsed() < WATCHDOG {
        match in_syscall(pid) {
            None => return,
            Some(nr) if epoll.contains(&nr) => return,
            Some(_) => std::thread::yield_now(),
        }
    }
}

/// A child killed by a signal that is no `Signal` of the C library (glibc's
/// 32 and 33, musl's 32 to 34): 128 + N, as tini, not "exited for unknown
/// reason".
#[test]
fn a_child_killed_by_a_reserved_signal_gives_128_plus_n() {
    for n in [32, 33, 34] {
        let script = format!("kill -{n} $$");
        let mut command = init(&["-s", "--", "sh", "-c", &script]);
        // SAFETY: `reserved_to_default` makes system calls only.
        unsafe { command.pre_exec(reserved_to_default) };
        let ran = run(&mut command);
        assert_eq!(ran.status.code(), Some(128 + n), "{n}: {}", ran.stderr());
    }
    let Some(tini) = tini("tini's message for a reserved signal") else {
        return;
    };
    for n in ["32", "34", "40"] {
        let script = format!("kill -{n} $$");
        let args = ["-s", "--", "sh", "-c", &script];
        let mut ours = init(&args);
        let mut theirs = cmd(tini, &args);
        let [ours, theirs] = [&mut ours, &mut theirs].map(|c| {
            c.env("TINI_VERBOSITY", "2");
            // SAFETY: as above.
            unsafe { c.pre_exec(reserved_to_default) };
            let ran = run(c);
            (ran.shell_status(), normalise(&ran.stdout), ran.stderr())
        });
        assert_eq!(ours, theirs, "kill -{n}");
    }
}

/// Signals 32 to 34 sent to init (no `Signal`: the C library's reserved
/// ones) are passed on like any other, not fatal to init: the child, at
/// their default action, dies of each and init exits 128 + N. (`-p
/// SIGKILL`: were init killed, its child would not outlive it holding the
/// test's pipes.)
#[test]
fn reserved_signals_sent_to_init_are_passed_on() {
    for n in [32, 33, 34] {
        let mut command = init(&["-p", "SIGKILL", "-s", "--", "sh", "-c", READY]);
        // SAFETY: `reserved_to_default` makes system calls only.
        unsafe { command.pre_exec(reserved_to_default) };
        let (child, _) = start_ready(&mut command);
        // SAFETY: integers; the child is ours and unreaped.
        assert_eq!(unsafe { libc::kill(child.id() as i32, n) }, 0);
        let ran = finish(child);
        assert_eq!(
            (ran.status.code(), ran.status.signal()),
            (Some(128 + n), None),
            "signal {n}: {}",
            ran.stderr()
        );
    }
}

/// The launcher's mask reaches the child exactly, reserved signals
/// included (blocked here with the system call: the C library strips
/// them).
#[test]
fn the_child_gets_a_launch_mask_with_reserved_signals() {
    let mut command = init(&["-s", "--", "grep", "^SigBlk:", "/proc/self/status"]);
    // SAFETY: a system call only.
    unsafe {
        command.pre_exec(|| {
            // USR1 (bit 9), 32 and 33 (bits 31, 32).
            let set: [u64; 16] = [
                1 << 9 | 3 << 31,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
            ];
            libc::syscall(
                libc::SYS_rt_sigprocmask,
                libc::SIG_SETMASK,
                set.as_ptr(),
                std::ptr::null_mut::<u64>(),
                8usize,
            );
            Ok(())
        });
    }
    let ran = run(&mut command);
    assert_eq!(ran.shell_status(), 0, "{}", ran.stderr());
    assert_eq!(
        String::from_utf8_lossy(&ran.stdout),
        "SigBlk:\t0000000180000200\n"
    );
}

/// A `SIGPIPE` or `SIGXFSZ` that init raises itself writing a message (to
/// a pipe with no reader, to a file past `RLIMIT_FSIZE`) is not passed on:
/// the child exits with its own status. One sent by another process still
/// is.
#[test]
fn inits_own_write_signals_are_not_passed_on() {
    // The child waits on standard input, which the test closes once init
    // is back in its event wait, after the message and its signal.
    const CHILD: &[&str] = &["-vvv", "-s", "--", "sh", "-c", "read x; exit 3"];
    let mut fds = [0; 2];
    // SAFETY: a pipe this test owns.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    close(fds[0]); // no reader: a write fails with EPIPE and raises SIGPIPE
    let file = std::env::temp_dir().join(format!("procsig-init-xfsz-{}", std::process::id()));
    let outputs: [(&str, Stdio, bool); 2] = [
        // SAFETY: the pipe's write end, owned from here by the Stdio.
        (
            "SIGPIPE",
            unsafe { Stdio::from(std::os::fd::OwnedFd::from_raw_fd(fds[1])) },
            false,
        ),
        (
            "SIGXFSZ",
            Stdio::from(std::fs::File::create(&file).unwrap()),
            true,
        ),
    ];
    for (what, stdout, limit) in outputs {
        let mut command = init(CHILD);
        if limit {
            // SAFETY: setrlimit is async-signal-safe. 10 bytes: less than
            // a message.
            unsafe {
                command.pre_exec(|| {
                    let rlim = libc::rlimit {
                        rlim_cur: 10,
                        rlim_max: 10,
                    };
                    libc::setrlimit(libc::RLIMIT_FSIZE, &rlim);
                    Ok(())
                });
            }
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(stdout)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let dog = watchdog(&child, WATCHDOG);
        await_event_wait(child.id());
        drop(child.stdin.take());
        let ran = finish(child);
        drop(dog);
        assert_eq!(ran.status.code(), Some(3), "{what}: {}", ran.stderr());
    }
    let _ = std::fs::remove_file(&file);
    // From outside: passed on.
    for sig in [libc::SIGPIPE, libc::SIGXFSZ] {
        let (child, _) = start_ready(&mut init(&["-s", "--", "sh", "-c", READY]));
        // SAFETY: integers; the child is ours and unreaped.
        assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
        let ran = finish(child);
        assert_eq!(ran.status.code(), Some(128 + sig), "{}", ran.stderr());
    }
}

/// A `SIGPIPE` the launcher sent itself with `kill` before `exec` is, to
/// the kernel, one that init's pid sent (the pid survives `exec`), as is
/// one init's own failed write raises: only the second may be dropped.
/// (It was dropped too, before init remembered its own failed writes.)
#[test]
fn a_sigpipe_the_launcher_sent_itself_is_passed_on() {
    pending_at_start_is_passed_on(libc::SIGPIPE, Send::Kill);
}

/// The child's "exec failed" message, written with the launch mask back,
/// to a standard error with no reader: the `SIGPIPE` it raises must not
/// kill the child and turn 127 into 141 (tini's does).
#[test]
fn a_failed_exec_with_a_broken_stderr_still_gives_127() {
    let mut fds = [0; 2];
    // SAFETY: a pipe this test owns.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // No reader: a write fails with EPIPE and raises SIGPIPE.
    close(fds[0]);
    // SAFETY: the pipe's write end, owned from here by the Stdio.
    let stderr = unsafe { Stdio::from(std::os::fd::OwnedFd::from_raw_fd(fds[1])) };
    let child = init(&["-s", "--", "/nonexistent/program"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let ran = finish(child);
    assert_eq!(ran.shell_status(), 127);
}

/// With too few descriptors for the event wait, init fails before it
/// forks: no child runs on as an orphan.
#[test]
fn no_descriptor_for_the_event_wait_leaves_no_orphan() {
    let mut command = init(&["-s", "--", "sh", "-c", "echo orphan-ran >&2"]);
    // SAFETY: setrlimit is async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            // Every descriptor above 2 closed at `exec` (Linux 5.11's
            // close_range; the test's own may lack close-on-exec).
            libc::syscall(
                libc::SYS_close_range,
                3u32,
                u32::MAX,
                libc::CLOSE_RANGE_CLOEXEC,
            );
            // 0, 1, 2 and one more: not enough for the wait.
            let rlim = libc::rlimit {
                rlim_cur: 4,
                rlim_max: 4,
            };
            libc::setrlimit(libc::RLIMIT_NOFILE, &rlim);
            Ok(())
        });
    }
    // The run's standard error ends when its last writer, an orphan
    // included, has closed it.
    let ran = run(&mut command);
    assert_eq!(ran.shell_status(), 1);
    assert!(
        ran.stderr()
            .ends_with("] Unexpected error in the event wait: 'Too many open files'\n"),
        "{}",
        ran.stderr()
    );
    assert!(!ran.stderr().contains("orphan-ran"), "{}", ran.stderr());
}

/// Standard input closed is no terminal: the child runs (tini fails it
/// with "tcsetpgrp failed: Bad file descriptor").
#[test]
fn a_closed_standard_input_is_no_terminal() {
    let mut command = init(&["-s", "--", "sh", "-c", "exit 4"]);
    // SAFETY: close is async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            libc::close(0);
            Ok(())
        });
    }
    let ran = run(&mut command);
    assert_eq!(ran.shell_status(), 4, "{}", ran.stderr());
}

/// `--version`, `-h` and `-l` with standard output closed exit 0, as
/// tini's.
#[test]
fn printing_to_a_closed_output_exits_0_as_tini() {
    let tini = tini("tini's status with standard output closed").map(Path::to_path_buf);
    for args in [&["--version"][..], &["-h"], &["-l"]] {
        for program in [Some(example()), tini.clone()].into_iter().flatten() {
            if args == ["-l"] && program != example() {
                continue; // tini's licence text is its own
            }
            let mut command = cmd(&program, args);
            // SAFETY: close is async-signal-safe.
            unsafe {
                command.pre_exec(|| {
                    libc::close(1);
                    Ok(())
                });
            }
            let ran = run(&mut command);
            assert_eq!(ran.shell_status(), 0, "{program:?} {args:?}");
        }
    }
}

/// As PID 1 of a pid namespace too: a signal init has no handler for and
/// does not block is dropped by the kernel there, so signal 32 reached no
/// one before it was blocked; now it is passed on.
#[test]
fn reserved_signals_reach_the_child_of_init_as_pid_1() {
    let Some(mut command) = init_as_pid_1() else {
        return;
    };
    command
        // Were the signal lost, the watchdog kills `unshare`, and with it
        // init (`-p SIGKILL`) and so the namespace: no hang.
        .args(["-p", "SIGKILL", "--", "sh", "-c", READY])
        .env_remove("TINI_SUBREAPER")
        .env_remove("TINI_VERBOSITY");
    // SAFETY: `reserved_to_default` makes system calls only.
    unsafe { command.pre_exec(reserved_to_default) };
    let (child, line) = start_ready(&mut command);
    assert_eq!(line, "ready");
    // init: the one child of `unshare` (which forked it into the namespace).
    let children = format!("/proc/{0}/task/{0}/children", child.id());
    let init_pid: i32 = std::fs::read_to_string(children)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // SAFETY: integers; `unshare` waits for init, which is not reaped yet.
    assert_eq!(unsafe { libc::kill(init_pid, 32) }, 0);
    let ran = finish(child);
    // `unshare -f` exits with init's status.
    assert_eq!(ran.status.code(), Some(128 + 32), "{}", ran.stderr());
}
