//! `examples/timeout`, run as a user runs it: every option and exit status
//! of coreutils' `timeout(1)`, signals sent to it while it waits, hostile
//! launches, children it did not create, nesting, and its own death.
//!
//! Each run has a watchdog: a thread that polls the process's pidfd and
//! kills it after 30 s, so a hang fails the test instead of CI. Nothing
//! here sleeps to synchronise: a command that must be ready before a signal
//! says so on a pipe, and a process that must be gone is waited for through
//! its pidfd.
//!
//! Built where `timeout` can run commands: Linux with its timed signal wait
//! (not the macOS-like build, where tests/examples.rs checks that it says
//! it cannot).
#![cfg(all(target_os = "linux", procsig_sigtimedwait))]

#[path = "support/pidfd.rs"]
mod pidfd;

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::os::fd::FromRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use pidfd::{ends_within, pidfd_open, watchdog};

/// How long any one run may take before the watchdog kills it.
const WATCHDOG: Duration = Duration::from_secs(30);
/// A bound for something that should take milliseconds: it catches a hang
/// or a missed wake-up, not slowness.
const PROMPT: Duration = Duration::from_secs(5);

fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples")
        .join("timeout")
}

/// `timeout ARGS...`, with `argv[0]` = "timeout" (it names itself so in
/// its messages) in the C locale.
fn timeout(args: &[&str]) -> Command {
    let mut cmd = Command::new(example());
    cmd.arg0("timeout").args(args).env("LC_ALL", "C");
    cmd
}

struct Ran {
    status: ExitStatus,
    stdout: String,
    stderr: String,
    /// Standard error as written, for byte-for-byte comparisons (`stderr`
    /// has U+FFFD for bytes that are not UTF-8).
    stderr_bytes: Vec<u8>,
    took: Duration,
}

impl Ran {
    /// The status as a shell's `$?` shows it: 128 + n for signal n.
    fn shell_status(&self) -> i32 {
        self.status
            .code()
            .or_else(|| self.status.signal().map(|s| 128 + s))
            .unwrap()
    }
}

/// Runs to the end, with the watchdog.
fn run(cmd: &mut Command) -> Ran {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, start)
}

fn finish(mut child: Child, start: Instant) -> Ran {
    let dog = watchdog(&child, WATCHDOG);
    // Held open until the end: a command blocked in `read` stays blocked.
    let stdin = child.stdin.take();
    let out = child.wait_with_output().unwrap();
    let took = start.elapsed();
    drop(stdin);
    dog.join().unwrap();
    assert!(took < WATCHDOG, "killed by the watchdog after {took:?}");
    Ran {
        status: out.status,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        stderr_bytes: out.stderr,
        took,
    }
}

/// Starts a command that prints a line once it is ready, and waits for that
/// line; returns the child (stdout still open) and the line.
fn start_ready(cmd: &mut Command) -> (Child, String, Instant) {
    let start = Instant::now();
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
    assert!(!line.is_empty(), "the command never said it was ready");
    drop(dog); // detached: it ends when the child does
    (child, line.trim().to_string(), start)
}

const TRY: &str = "Try 'timeout --help' for more information.\n";

#[test]
fn exit_status_is_the_commands_own() {
    assert_eq!(run(&mut timeout(&["5", "true"])).shell_status(), 0);
    assert_eq!(run(&mut timeout(&["5", "false"])).shell_status(), 1);
    assert_eq!(
        run(&mut timeout(&["5", "sh", "-c", "exit 42"])).shell_status(),
        42
    );
}

#[test]
fn a_late_command_gets_term_and_the_status_is_124() {
    let ran = run(&mut timeout(&["0.2", "sleep", "10"]));
    assert_eq!(
        ran.status.code(),
        Some(124),
        "{:?} {}",
        ran.status,
        ran.stderr
    );
    assert!(
        ran.took >= Duration::from_millis(200) && ran.took < PROMPT,
        "{:?}",
        ran.took
    );
    assert_eq!(ran.stderr, "");
}

#[test]
fn preserve_status_reports_the_commands_status_after_a_timeout() {
    let ran = run(&mut timeout(&["--preserve-status", "0.1", "sleep", "10"]));
    assert_eq!(ran.status.code(), Some(128 + libc::SIGTERM));
    let trapped = "trap 'exit 3' TERM; echo ready; read x";
    let ran =
        run(timeout(&["--preserve-status", "0.1", "sh", "-c", trapped]).stdin(Stdio::piped()));
    assert_eq!(ran.status.code(), Some(3));
    // Without it, a command that exits by itself after the signal is 124.
    let ran = run(timeout(&["0.1", "sh", "-c", trapped]).stdin(Stdio::piped()));
    assert_eq!(ran.status.code(), Some(124));
}

#[test]
fn signal_option_takes_names_numbers_and_shell_statuses() {
    let report = "trap 'exit 70' INT; trap 'exit 71' USR1; trap 'exit 72' HUP; echo ready; read x";
    for (spec, code) in [
        ("INT", 70),
        ("sigint", 70),
        ("2", 70),
        ("130", 70), // a shell's $? for SIGINT: 128 + 2
        ("USR1", 71),
        ("SIGusr1", 71),
        ("1", 72),
        ("SIGHUP", 72),
        ("hup", 72),
    ] {
        let ran = run(
            timeout(&["--preserve-status", "-s", spec, "0.1", "sh", "-c", report])
                .stdin(Stdio::piped()),
        );
        assert_eq!(ran.status.code(), Some(code), "-s {spec}: {}", ran.stderr);
    }
    let ran = run(&mut timeout(&[
        "--preserve-status",
        "--signal=RTMIN+1",
        "0.1",
        "sleep",
        "10",
    ]));
    let rtmin = libc::SIGRTMIN();
    assert_eq!(ran.status.code(), Some(128 + rtmin + 1));
}

#[test]
fn kill_is_137_with_and_without_foreground() {
    // Sent to the group, KILL ends `timeout` too: the shell sees 137.
    let ran = run(&mut timeout(&["-s", "KILL", "0.1", "sleep", "10"]));
    assert_eq!(ran.status.signal(), Some(libc::SIGKILL), "{:?}", ran.status);
    assert_eq!(ran.shell_status(), 137);
    // With --foreground only the command gets it; `timeout` says 137.
    let ran = run(&mut timeout(&[
        "--foreground",
        "-s",
        "KILL",
        "0.1",
        "sleep",
        "10",
    ]));
    assert_eq!(ran.status.code(), Some(137));
}

#[test]
fn kill_after_follows_an_ignored_signal() {
    let deaf = "trap '' TERM; echo ready; read x";
    let ran = run(timeout(&["-v", "-k", "0.2", "0.1", "sh", "-c", deaf]).stdin(Stdio::piped()));
    assert_eq!(ran.shell_status(), 137);
    assert_eq!(
        ran.stderr,
        "timeout: sending signal TERM to command 'sh'\n\
         timeout: sending signal KILL to command 'sh'\n"
    );
    assert!(ran.took >= Duration::from_millis(300), "{:?}", ran.took);
    let ran = run(
        timeout(&["--foreground", "--kill-after=0.1", "0.1", "sh", "-c", deaf])
            .stdin(Stdio::piped()),
    );
    assert_eq!(ran.status.code(), Some(137));
}

#[test]
fn stop_does_not_stop_timeout_itself() {
    // coreutils sends STOP to its own group and hangs; here the command is
    // stopped and continued, and runs to its end.
    let ran = run(&mut timeout(&["-s", "STOP", "0.1", "sleep", "0.5"]));
    assert_eq!(ran.status.code(), Some(124));
    assert!(
        ran.took >= Duration::from_millis(500) && ran.took < PROMPT,
        "{:?}",
        ran.took
    );
}

#[test]
fn verbose_names_the_signal_as_coreutils_does() {
    for (spec, name) in [
        ("TERM", "TERM"),
        ("9", "KILL"),
        ("0", "EXIT"),
        ("RTMAX-1", "RTMAX-1"),
        ("RTMIN+2", "RTMIN+2"),
    ] {
        let ran = run(&mut timeout(&["-v", "-s", spec, "0.05", "sleep", "0.5"]));
        assert_eq!(
            ran.stderr,
            format!("timeout: sending signal {name} to command 'sleep'\n"),
            "-s {spec}"
        );
    }
}

#[test]
fn durations_take_suffixes_fractions_and_huge_values() {
    for d in [
        "1s", "1m", "1h", "1d", ".5", "5.", "1e3", "0x10", "inf", "1e400", "1e300d", "+2", " 3",
    ] {
        let ran = run(&mut timeout(&[d, "true"]));
        assert_eq!(ran.status.code(), Some(0), "{d}: {}", ran.stderr);
    }
    // 0 disables the limit.
    let ran = run(&mut timeout(&["0", "sleep", "0.3"]));
    assert_eq!(ran.status.code(), Some(0));
    assert!(ran.took >= Duration::from_millis(300));
    // A fraction of a millisecond is honoured.
    let ran = run(&mut timeout(&["0.0005", "sleep", "10"]));
    assert_eq!(ran.status.code(), Some(124));
    assert!(ran.took < PROMPT);
    let ran = run(&mut timeout(&["0.001m", "sleep", "10"]));
    assert_eq!(ran.status.code(), Some(124));
}

#[test]
fn bad_usage_is_125_with_coreutils_messages() {
    for (args, message) in [
        (&[][..], String::new()),
        (&["5"][..], String::new()),
        (
            &["x", "true"][..],
            "timeout: invalid time interval 'x'\n".into(),
        ),
        (
            &["-1", "true"][..],
            "timeout: invalid option -- '1'\n".into(),
        ),
        (
            &["--", "-1", "true"][..],
            "timeout: invalid time interval '-1'\n".into(),
        ),
        (
            &["nan", "true"][..],
            "timeout: invalid time interval 'nan'\n".into(),
        ),
        (
            &["1x", "true"][..],
            "timeout: invalid time interval '1x'\n".into(),
        ),
        (
            &["1ss", "true"][..],
            "timeout: invalid time interval '1ss'\n".into(),
        ),
        (
            &["-k", "x", "1", "true"][..],
            "timeout: invalid time interval 'x'\n".into(),
        ),
        (
            &["-s", "FOO", "1", "true"][..],
            "timeout: 'FOO': invalid signal\n".into(),
        ),
        (
            &["-s", "65", "1", "true"][..],
            "timeout: '65': invalid signal\n".into(),
        ),
        (
            &["-s", "+9", "1", "true"][..],
            "timeout: '+9': invalid signal\n".into(),
        ),
        (
            &["-s"][..],
            "timeout: option requires an argument -- 's'\n".into(),
        ),
        (
            &["--signal"][..],
            "timeout: option '--signal' requires an argument\n".into(),
        ),
        (
            &["--foo", "1", "true"][..],
            "timeout: unrecognized option '--foo'\n".into(),
        ),
        (
            &["-x", "1", "true"][..],
            "timeout: invalid option -- 'x'\n".into(),
        ),
        (
            &["--ver", "1", "true"][..],
            "timeout: option '--ver' is ambiguous; possibilities: '--verbose' '--version'\n".into(),
        ),
        (
            &["--foreground=1", "1", "true"][..],
            "timeout: option '--foreground' doesn't allow an argument\n".into(),
        ),
    ] {
        let ran = run(&mut timeout(args));
        assert_eq!(ran.status.code(), Some(125), "{args:?}");
        assert_eq!(ran.stderr, format!("{message}{TRY}"), "{args:?}");
    }
}

#[test]
fn options_are_read_as_getopt_long_reads_them() {
    // Abbreviations, `=`, clusters, `--`, and the command's own options
    // left alone (the first operand ends the options).
    for args in [
        &["--pres", "--fore", "--sig=TERM", "--kill=1", "5", "true"][..],
        &["-vs9", "-k1", "5", "true"][..],
        &["--", "5", "true"][..],
        &["5", "sh", "-c", "exit 0", "-s", "x"][..],
    ] {
        let ran = run(&mut timeout(args));
        assert_eq!(ran.status.code(), Some(0), "{args:?}: {}", ran.stderr);
    }
    let ran = run(&mut timeout(&["--help"]));
    assert_eq!(ran.status.code(), Some(0));
    assert!(ran
        .stdout
        .starts_with("Usage: timeout [OPTION] DURATION COMMAND [ARG]..."));
    let ran = run(&mut timeout(&["--version"]));
    assert_eq!(ran.status.code(), Some(0));
    assert!(ran.stdout.starts_with("timeout "));
}

#[test]
fn a_command_that_cannot_run_is_126_or_127() {
    let ran = run(&mut timeout(&["5", "no-such-command-procsig"]));
    assert_eq!(ran.status.code(), Some(127));
    assert_eq!(
        ran.stderr,
        "timeout: failed to run command 'no-such-command-procsig': No such file or directory\n"
    );
    let ran = run(&mut timeout(&["5", "/"]));
    assert_eq!(ran.status.code(), Some(126));
    assert_eq!(
        ran.stderr,
        "timeout: failed to run command '/': Permission denied\n"
    );
    let dir = std::env::temp_dir().join(format!("procsig-timeout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plain = dir.join("not-executable");
    std::fs::write(&plain, "#!/bin/sh\nexit 0\n").unwrap();
    let ran = run(&mut timeout(&["5", plain.to_str().unwrap()]));
    assert_eq!(ran.status.code(), Some(126));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn signals_sent_to_timeout_are_passed_on() {
    let traps = "trap 'exit 71' HUP; trap 'exit 72' INT; trap 'exit 73' QUIT; \
                 trap 'exit 74' TERM; echo ready; read x";
    for (sig, code) in [
        (libc::SIGHUP, 71),
        (libc::SIGINT, 72),
        (libc::SIGQUIT, 73),
        (libc::SIGTERM, 74),
    ] {
        let (child, line, start) = start_ready(&mut timeout(&["10", "sh", "-c", traps]));
        assert_eq!(line, "ready");
        // SAFETY: integers; the child is not reaped yet.
        unsafe { libc::kill(child.id() as libc::pid_t, sig) };
        let ran = finish(child, start);
        // Not a timeout: the command's own status.
        assert_eq!(
            ran.status.code(),
            Some(code),
            "signal {sig}: {}",
            ran.stderr
        );
        assert!(ran.took < PROMPT);
    }
    // SIGALRM from outside means "time is up", as in coreutils.
    let (child, _, start) = start_ready(&mut timeout(&["10", "sh", "-c", traps]));
    // SAFETY: as above.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGALRM) };
    assert_eq!(finish(child, start).status.code(), Some(124));
}

#[test]
fn a_command_killed_by_a_signal_kills_timeout_the_same_way() {
    let ran = run(&mut timeout(&["10", "sh", "-c", "kill -USR1 $$"]));
    assert_eq!(ran.status.signal(), Some(libc::SIGUSR1), "{:?}", ran.status);
    // No core of `timeout` for a command that dumped one.
    let ran = run(&mut timeout(&[
        "10",
        "sh",
        "-c",
        "ulimit -c 0; kill -SEGV $$",
    ]));
    assert_eq!(ran.status.signal(), Some(libc::SIGSEGV));
    assert!(!ran.status.core_dumped());
}

/// The pids a command printed on its first line.
fn pids(line: &str) -> Vec<u32> {
    line.split_whitespace()
        .map(|p| p.parse().unwrap())
        .collect()
}

#[test]
fn the_commands_children_are_gone_after_a_timeout() {
    // The command starts two children of its own and waits for them.
    let script = "sleep 100 & a=$!; sleep 100 & b=$!; echo $$ $a $b; wait";
    let (child, line, start) = start_ready(&mut timeout(&["0.3", "sh", "-c", script]));
    let fds: Vec<_> = pids(&line)
        .into_iter()
        .map(|pid| pidfd_open(pid as i32).expect("pidfd_open"))
        .collect();
    let ran = finish(child, start);
    assert_eq!(
        ran.status.code(),
        Some(124),
        "{:?} {}",
        ran.status,
        ran.stderr
    );
    for fd in fds {
        assert!(
            ends_within(fd, PROMPT),
            "a process of the command outlived timeout"
        );
    }
}

#[test]
fn with_foreground_only_the_command_is_signalled() {
    let script = "sleep 100 >/dev/null 2>&1 & echo $!; wait";
    let (child, line, start) =
        start_ready(&mut timeout(&["--foreground", "0.2", "sh", "-c", script]));
    let grandchild = pids(&line)[0];
    let fd = pidfd_open(grandchild as i32).expect("pidfd_open");
    assert_eq!(finish(child, start).status.code(), Some(124));
    // Documented: "children of COMMAND will not be timed out".
    assert!(!ends_within(fd, Duration::ZERO));
    // SAFETY: our pidfd of a live process.
    unsafe { libc::syscall(libc::SYS_pidfd_send_signal, fd, libc::SIGKILL, 0, 0) };
    assert!(ends_within(fd, PROMPT));
}

#[test]
fn killing_timeout_leaves_no_command_running() {
    let (mut child, line, _) = start_ready(&mut timeout(&["100", "sh", "-c", "echo $$; read x"]));
    let fd = pidfd_open(pids(&line)[0] as i32).expect("pidfd_open");
    // Held open: the command's `read` must not end it.
    let stdin = child.stdin.take();
    child.kill().unwrap(); // SIGKILL to `timeout` alone
    child.wait().unwrap();
    assert!(ends_within(fd, PROMPT), "the command outlived timeout");
    drop(stdin);
}

#[test]
fn nested_timeouts_pass_the_signal_down() {
    let mut cmd = timeout(&[
        "0.2",
        example().to_str().unwrap(),
        "10",
        "sh",
        "-c",
        "echo $$; read x",
    ]);
    let (child, line, start) = start_ready(&mut cmd);
    let fd = pidfd_open(pids(&line)[0] as i32).expect("pidfd_open");
    let ran = finish(child, start);
    assert_eq!(ran.status.code(), Some(124), "{}", ran.stderr);
    assert!(ends_within(fd, PROMPT));
}

#[test]
fn children_it_did_not_create_do_not_confuse_it() {
    // A shell forks, then becomes `timeout`: the shell's child is
    // timeout's too, and ends first (a SIGCHLD that is not the command's).
    let t = example();
    let script = format!(
        "true & exec {} 5 sh -c 'echo ready; read x; exit 9'",
        t.display()
    );
    let (mut child, _, start) =
        start_ready(Command::new("sh").args(["-c", &script]).env("LC_ALL", "C"));
    drop(child.stdin.take()); // `read` sees end of file; the command exits 9
    assert_eq!(finish(child, start).status.code(), Some(9));
    // And one that outlives the command, without delaying timeout.
    let script = format!("sleep 3 >/dev/null 2>&1 & exec {} 5 true", t.display());
    let ran = run(Command::new("sh").args(["-c", &script]));
    assert_eq!(ran.status.code(), Some(0));
    assert!(ran.took < Duration::from_secs(3), "{:?}", ran.took);
}

/// `timeout` started with its signal state arranged by `setup` (in the
/// forked child, before exec).
fn launched(args: &[&str], setup: fn()) -> Ran {
    let mut cmd = timeout(args);
    // SAFETY: `setup` calls only async-signal-safe functions.
    unsafe {
        cmd.pre_exec(move || {
            setup();
            Ok(())
        });
    }
    run(&mut cmd)
}

fn ignore_all() {
    for sig in 1..=64 {
        // SAFETY: plain sigaction calls; KILL and STOP refuse.
        unsafe { libc::signal(sig, libc::SIG_IGN) };
    }
}

fn block_all() {
    // SAFETY: a local set.
    unsafe {
        let mut all: libc::sigset_t = std::mem::zeroed();
        libc::sigfillset(&mut all);
        libc::sigprocmask(libc::SIG_SETMASK, &all, std::ptr::null_mut());
    }
}

fn stale_alarm_and_chld() {
    // SAFETY: a local set; signals to ourselves, blocked.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGALRM);
        libc::sigaddset(&mut set, libc::SIGCHLD);
        libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        libc::kill(libc::getpid(), libc::SIGALRM);
        libc::kill(libc::getpid(), libc::SIGCHLD);
    }
}

fn alarm_soon() {
    // SAFETY: no pointer. `exec` keeps the alarm.
    unsafe { libc::alarm(1) };
}

fn term_pending() {
    // SAFETY: as in `stale_alarm_and_chld`.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGTERM);
        libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
        libc::kill(libc::getpid(), libc::SIGTERM);
    }
}

#[test]
fn hostile_launches_change_nothing() {
    let launches: [(&str, fn()); 4] = [
        ("SIGCHLD ignored", || unsafe {
            libc::signal(libc::SIGCHLD, libc::SIG_IGN);
        }),
        ("every signal ignored", ignore_all),
        ("every signal blocked", block_all),
        ("SIGALRM and SIGCHLD pending", stale_alarm_and_chld),
    ];
    for (what, setup) in launches {
        let ran = launched(&["5", "sh", "-c", "exit 7"], setup);
        assert_eq!(ran.status.code(), Some(7), "{what}: {}", ran.stderr);
        assert!(ran.took < PROMPT, "{what}");
        // The command gets TERM, and dies of it, whatever `timeout` inherited.
        let ran = launched(&["--preserve-status", "0.1", "sleep", "10"], setup);
        assert_eq!(
            ran.status.code(),
            Some(128 + libc::SIGTERM),
            "{what}: {}",
            ran.stderr
        );
        assert!(ran.took < PROMPT, "{what}");
    }
}

#[test]
fn an_inherited_alarm_is_not_taken_for_the_deadline() {
    let ran = launched(&["5", "sleep", "1.5"], alarm_soon);
    assert_eq!(ran.status.code(), Some(0), "{}", ran.stderr);
}

#[test]
fn a_pending_term_is_passed_on_at_once() {
    let ran = launched(&["10", "sleep", "10"], term_pending);
    assert_eq!(ran.status.signal(), Some(libc::SIGTERM), "{:?}", ran.status);
    assert!(ran.took < PROMPT);
}

/// The system's own `timeout`, if it is GNU coreutils'.
fn coreutils_timeout() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/timeout");
    let out = Command::new(&path).arg("--version").output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .contains("GNU coreutils")
        .then_some(path)
}

/// The same command lines through coreutils and through the example: the
/// same exit status and the same standard error, byte for byte.
#[test]
fn agrees_with_coreutils_timeout() {
    let Some(gnu) = coreutils_timeout() else {
        // Not `eprintln!`, which libtest captures and drops when the test
        // passes: the reader of `cargo test` must see it.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"\nSKIPPED: no GNU coreutils timeout at /usr/bin/timeout to compare with \
              (install with: apt-get install coreutils)\n",
        );
        return;
    };
    let cases: &[&[&str]] = &[
        &[],
        &["x", "true"],
        &["-5", "true"],
        &["--", "-1", "true"],
        &["inf", "true"],
        &["0x10", "true"],
        &["1e400", "true"],
        &[".5s", "true"],
        &["1e", "true"],
        &["1e+", "true"],
        &["0x", "true"],
        &["0xg", "true"],
        &["nan(abc)", "true"],
        &["infinityx", "true"],
        &["-0", "true"],
        &["-s", "0", "1", "true"],
        &["-s", "137", "1", "true"],
        &["-s", "300", "1", "true"],
        &["-s", "255", "1", "true"],
        &["-s", "32", "1", "true"],
        &["-s", "34", "1", "true"],
        &["-s", "RTMIN+30", "1", "true"],
        &["-s", "RTMIN+31", "1", "true"],
        &["-s", "SIG9", "1", "true"],
        &["-s", "sig0", "1", "true"],
        &["-s", "010", "1", "true"],
        &["-s", "0x9", "1", "true"],
        &["-s", "CLD", "1", "true"],
        &["-s", "IOT", "1", "true"],
        &["-s", "POLL", "1", "true"],
        &["-s", "EXIT", "1", "true"],
        &["-s", "UNUSED", "1", "true"],
        &["-s", " 9", "1", "true"],
        &["1", "/nonexistent"],
        &["1", "it's\tnot"],
        &["--help=x", "1", "true"],
        &["-vk"],
        &["-v", "0.05", "sleep", "1"],
        &["-v", "-s", "50", "0.05", "sleep", "1"],
        &["--preserve-status", "-s", "INT", "0.05", "sleep", "1"],
    ];
    for args in cases {
        let mut theirs = Command::new(&gnu);
        theirs.arg0("timeout").args(*args).env("LC_ALL", "C");
        let theirs = run(&mut theirs);
        let ours = run(&mut timeout(args));
        assert_eq!(
            ours.shell_status(),
            theirs.shell_status(),
            "{args:?}: {}",
            ours.stderr
        );
        assert_eq!(
            ours.stderr_bytes.escape_ascii().to_string(),
            theirs.stderr_bytes.escape_ascii().to_string(),
            "{args:?}"
        );
    }
}

/// Bytes 0x80-0xff alone and around valid UTF-8, characters the C library
/// calls unprintable, C escapes, quotation marks, backslashes, spaces, `$`,
/// the empty string.
const AWKWARD: [&[u8]; 34] = [
    b"\xffcmd",
    b"\x80",
    b"a\xc3",    // an incomplete character at the end
    b"\xc3\xa9", // é
    b"\xc3\xa9\xff",
    b"\xe2\x80a",                 // a sequence cut short by ASCII
    b"\xed\xa0\x80",              // a surrogate
    b"\xc0\xaf",                  // overlong
    b"\xf4\x90\x80\x80",          // above U+10FFFF
    b"\xf0\x9f\x98\x80",          // an emoji
    b"\xc2\x80\xc2\x9f",          // C1 controls
    b"\xc2\xa0",                  // no-break space
    b"\xe2\x80\xa8",              // line separator
    b"\xcd\xb8",                  // unassigned
    b"\xee\x80\x80",              // private use
    b"\xef\xbb\xbf\xe2\x80\x8b",  // format characters
    b"e\xcc\x81",                 // a combining accent
    b"\xef\xbf\xbd",              // U+FFFD itself
    b"\xef\xbf\xbe",              // a noncharacter
    b"\xe2\x80\x98x\xe2\x80\x99", // the UTF-8 quotation marks
    b"\xe2\xe2\x80\x99",          // a stray byte, then the closing mark
    b"it's",
    b"'",
    b"\"q\" `q`",
    b"a\\b\\",
    b"a b",
    b"$x ${y}",
    b"",
    b"\x07\x08\x0c\n\r\t\x0b",
    b"\x01\x1b\x7f",
    b"??=",
    b"-",
    b"=x",
    b"%s%n",
];

/// `program` run as `arg0 ARGS...` with the locale given by one variable
/// (`LC_ALL`, or `LANG` alone).
fn run_in_locale(program: &Path, arg0: &[u8], args: &[&[u8]], locale: (&str, &str)) -> Ran {
    let mut cmd = Command::new(program);
    cmd.arg0(OsStr::from_bytes(arg0))
        .args(args.iter().map(|&a| OsStr::from_bytes(a)));
    for var in ["LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(var);
    }
    cmd.env(locale.0, locale.1);
    run(&mut cmd)
}

/// `None` if coreutils and the example agree on `arg0 ARGS...` in
/// `locale` (exit status, and standard error byte for byte); otherwise
/// what each did.
fn disagreement(gnu: &Path, arg0: &[u8], args: &[&[u8]], locale: (&str, &str)) -> Option<String> {
    let said = |program: &Path| {
        let ran = run_in_locale(program, arg0, args, locale);
        format!("{} {}", ran.shell_status(), ran.stderr_bytes.escape_ascii())
    };
    let (theirs, ours) = (said(gnu), said(&example()));
    let args: Vec<String> = args.iter().map(|a| a.escape_ascii().to_string()).collect();
    (ours != theirs).then(|| {
        format!(
            "{}={} {} {args:?}\n  coreutils: {theirs}\n  example:   {ours}",
            locale.0,
            locale.1,
            arg0.escape_ascii()
        )
    })
}

/// What a diagnostic shows of what was typed, byte for byte as coreutils
/// shows it: an operand (`DURATION`, `-s`, `-k`, a command that cannot
/// run or that `-v` names) quoted by coreutils' `quote` in the C locale,
/// in a UTF-8 one, and in one that is not installed (the C locale to
/// both); getopt's messages and the program's own name exactly as typed.
#[test]
fn diagnostics_show_what_was_typed_as_coreutils_does() {
    let Some(gnu) = coreutils_timeout() else {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"\nSKIPPED: no GNU coreutils timeout at /usr/bin/timeout to compare with \
              (install with: apt-get install coreutils)\n",
        );
        return;
    };
    let locales = [
        ("LC_ALL", "C"),
        ("LC_ALL", "C.UTF-8"),
        ("LANG", "C.UTF-8"),
        ("LC_ALL", "xx_XX.UTF-8"),
    ];
    let mut differ = Vec::new();
    let mut compared = 0;
    let mut compare = |arg0: &[u8], args: &[&[u8]], locale| {
        compared += 1;
        differ.extend(disagreement(&gnu, arg0, args, locale));
    };
    for (n, locale) in locales.into_iter().enumerate() {
        for text in AWKWARD {
            compare(b"timeout", &[text, b"true"], locale);
            compare(b"timeout", &[b"-s", text, b"1", b"true"], locale);
            compare(b"timeout", &[b"-k", text, b"1", b"true"], locale);
            compare(
                b"timeout",
                &[b"1", &[b"/nonexistent/", text].concat()],
                locale,
            );
            // getopt's messages do not depend on the locale; the program's
            // name is in them and in the "Try" line.
            if n < 2 {
                let arg0 = [b"time", text, b"out"].concat();
                for option in [&b"--"[..], b"-", b"--ver="] {
                    compare(&arg0, &[&[option, text].concat(), b"1", b"true"], locale);
                }
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("procsig-quote-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sleep = dir.join(OsStr::from_bytes(b"sl\xffe\xe2\x80\x99p"));
    std::os::unix::fs::symlink("/bin/sleep", &sleep).unwrap();
    for locale in &locales[..2] {
        let sleep = sleep.as_os_str().as_bytes();
        compare(b"timeout", &[b"-v", b"0.01", sleep, b"10"], *locale);
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        differ.is_empty(),
        "{} of {compared} command lines differ from coreutils; the first ones:\n{}",
        differ.len(),
        differ[..differ.len().min(12)].join("\n")
    );
}

#[test]
fn reads_nothing_it_should_not() {
    // The command's stdin is timeout's: it passes through untouched.
    let mut child = timeout(&["5", "cat"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let dog = watchdog(&child, WATCHDOG);
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"through\n").unwrap();
    }
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out, "through\n");
    assert!(child.wait().unwrap().success());
    dog.join().unwrap();
}

/// What a launcher gives `timeout` as one of its standard descriptors.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Given {
    /// A pipe the test reads (standard output and error); inherited
    /// standard input.
    Normal,
    /// Closed (`<&-`, `>&-`).
    Closed,
    /// `/dev/full`: every write fails with `ENOSPC`.
    Full,
    /// A pipe whose read end is already closed: every write is `EPIPE`
    /// (and `SIGPIPE`, unless ignored).
    Broken,
    /// Standard output opened read-only (`1</dev/null`): writes fail
    /// with `EBADF` on an open descriptor.
    ReadOnly,
}

/// A launch: standard input, output and error as `Given`, and whether
/// `SIGPIPE` is ignored (`trap '' PIPE` in a shell).
#[derive(Clone, Copy, Debug)]
struct Stdio3 {
    stdin: Given,
    stdout: Given,
    stderr: Given,
    sigpipe_ignored: bool,
}

const PLAIN: Stdio3 = Stdio3 {
    stdin: Given::Normal,
    stdout: Given::Normal,
    stderr: Given::Normal,
    sigpipe_ignored: false,
};

fn given(what: Given, fd: libc::c_int) -> Stdio {
    match what {
        Given::Normal if fd == 0 => Stdio::inherit(),
        Given::Normal => Stdio::piped(),
        // Closed in the child, in `launch`'s pre_exec.
        Given::Closed => Stdio::inherit(),
        Given::Full => std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
            .into(),
        Given::ReadOnly => std::fs::File::open("/dev/null").unwrap().into(),
        Given::Broken => {
            let mut fds = [0; 2];
            // SAFETY: a two-element array for the two ends.
            assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
            // SAFETY: both ends are ours; the read end is closed at once.
            unsafe {
                libc::close(fds[0]);
                Stdio::from(std::os::fd::OwnedFd::from_raw_fd(fds[1]))
            }
        }
    }
}

/// Runs `cmd` as `how` arranges its descriptors and `SIGPIPE`, to the end,
/// with the watchdog. Standard error is captured only when `Normal`.
fn launch(mut cmd: Command, how: Stdio3) -> Ran {
    cmd.stdin(given(how.stdin, 0))
        .stdout(given(how.stdout, 1))
        .stderr(given(how.stderr, 2));
    let closed: Vec<libc::c_int> = [how.stdin, how.stdout, how.stderr]
        .iter()
        .enumerate()
        .filter(|(_, g)| **g == Given::Closed)
        .map(|(fd, _)| fd as libc::c_int)
        .collect();
    let ignore_pipe = how.sigpipe_ignored;
    // SAFETY: close and signal, async-signal-safe, on integers; `closed`
    // was allocated before the fork and is only read.
    unsafe {
        cmd.pre_exec(move || {
            for &fd in &closed {
                libc::close(fd);
            }
            // `Command` resets SIGPIPE to the default; a launcher may not.
            if ignore_pipe {
                libc::signal(libc::SIGPIPE, libc::SIG_IGN);
            }
            Ok(())
        });
    }
    let start = Instant::now();
    let child = cmd.spawn().unwrap();
    drop(cmd); // our copies of the descriptors it was given
    finish(child, start)
}

/// `timeout ARGS` launched as `how`, compared with coreutils' when it is
/// installed (status, and standard error when captured); returns ours.
fn launch_and_compare(args: &[&str], how: Stdio3) -> Ran {
    let ours = launch(timeout(args), how);
    if let Some(gnu) = coreutils_timeout() {
        let mut theirs = Command::new(gnu);
        theirs.arg0("timeout").args(args).env("LC_ALL", "C");
        let theirs = launch(theirs, how);
        assert_eq!(
            ours.shell_status(),
            theirs.shell_status(),
            "{args:?} {how:?}: ours said {:?}, coreutils {:?}",
            ours.stderr,
            theirs.stderr
        );
        assert_eq!(ours.stderr, theirs.stderr, "{args:?} {how:?}");
    }
    ours
}

/// Item 6: the command gets `SIGPIPE` as `timeout` got it. The Rust
/// runtime ignores it before `main`, and `exec` keeps an ignored signal.
#[test]
fn the_command_gets_sigpipe_as_timeout_got_it() {
    for ignored in [false, true] {
        // `timeout 5 yes | head -1`: read one line, then close the pipe.
        let run_it = |mut cmd: Command| {
            let start = Instant::now();
            // SAFETY: as in `launch`.
            unsafe {
                cmd.pre_exec(move || {
                    if ignored {
                        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
                    }
                    Ok(())
                });
            }
            let mut child = cmd
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap())
                .read_line(&mut line)
                .unwrap();
            assert_eq!(line, "y\n");
            finish(child, start)
        };
        let ours = run_it(timeout(&["5", "yes"]));
        if ignored {
            // `yes` sees EPIPE, says so, and exits 1.
            assert_eq!(ours.status.code(), Some(1), "{}", ours.stderr);
            assert_eq!(ours.stderr, "yes: standard output: Broken pipe\n");
        } else {
            // `yes` dies of SIGPIPE, and `timeout` with it: 141 to a shell.
            assert_eq!(ours.status.signal(), Some(libc::SIGPIPE), "{}", ours.stderr);
            assert_eq!(ours.stderr, "");
        }
        if let Some(gnu) = coreutils_timeout() {
            let mut theirs = Command::new(gnu);
            theirs.arg0("timeout").args(["5", "yes"]).env("LC_ALL", "C");
            let theirs = run_it(theirs);
            assert_eq!(
                ours.shell_status(),
                theirs.shell_status(),
                "ignored: {ignored}"
            );
            assert_eq!(ours.stderr, theirs.stderr, "ignored: {ignored}");
        }
    }
}

/// Item 7: closed standard descriptors reach the command closed, and
/// `timeout`'s own output to a closed descriptor is a write error. The
/// Rust runtime reopens 0–2 on /dev/null before `main`.
#[test]
fn closed_standard_descriptors_stay_closed() {
    let closed_in = Stdio3 {
        stdin: Given::Closed,
        ..PLAIN
    };
    let closed_out = Stdio3 {
        stdout: Given::Closed,
        ..PLAIN
    };
    // `timeout 5 cat <&-`
    let ran = launch_and_compare(&["5", "cat"], closed_in);
    assert_eq!(ran.status.code(), Some(1), "{}", ran.stderr);
    assert!(
        ran.stderr.starts_with("cat: -: Bad file descriptor\n"),
        "{}",
        ran.stderr
    );
    // `timeout 5 echo hi >&-` (the program, not a shell's builtin)
    let ran = launch_and_compare(&["5", "echo", "hi"], closed_out);
    assert_eq!(ran.status.code(), Some(1), "{}", ran.stderr);
    assert_eq!(ran.stderr, "echo: write error: Bad file descriptor\n");
    // The command sees exactly which are closed.
    let probe = "for fd in 0 1 2; do if [ -e /proc/$$/fd/$fd ]; then echo open >&3; \
                 else echo closed >&3; fi; done";
    for (how, expected) in [
        (closed_in, "closed\nopen\nopen\n"),
        (closed_out, "open\nclosed\nopen\n"),
        (
            Stdio3 {
                stdin: Given::Closed,
                stdout: Given::Closed,
                ..PLAIN
            },
            "closed\nclosed\nopen\n",
        ),
    ] {
        let mut cmd = timeout(&["5", "sh", "-c", probe]);
        let mut fds = [0; 2];
        // Close-on-exec, so that no process another test starts holds it;
        // `dup2` makes the command's fd 3 a copy without the flag.
        // SAFETY: a two-element array for the two ends.
        assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
        let write_end = fds[1];
        // SAFETY: dup2 in the child, before `launch`'s pre_exec closes.
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(write_end, 3) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let ran = launch(cmd, how);
        // SAFETY: ours; the read end then sees end of file.
        unsafe { libc::close(write_end) };
        // SAFETY: the read end is ours and handed over once.
        let mut reader = unsafe { std::fs::File::from_raw_fd(fds[0]) };
        let mut seen = String::new();
        reader.read_to_string(&mut seen).unwrap();
        assert_eq!(ran.status.code(), Some(0), "{how:?}: {}", ran.stderr);
        assert_eq!(seen, expected, "{how:?}");
    }
    // `timeout --help >&-`, `--version >&-`: coreutils says 125.
    for args in [&["--help"][..], &["--version"]] {
        let ran = launch_and_compare(args, closed_out);
        assert_eq!(ran.status.code(), Some(125), "{args:?}");
        assert_eq!(ran.stderr, "timeout: write error: Bad file descriptor\n");
    }
    // Nothing written, nothing wrong.
    let all_closed = Stdio3 {
        stdin: Given::Closed,
        stdout: Given::Closed,
        stderr: Given::Closed,
        sigpipe_ignored: false,
    };
    assert_eq!(
        launch_and_compare(&["5", "true"], all_closed).status.code(),
        Some(0)
    );
}

/// Item 8: `timeout`'s own write errors are 125, as coreutils' are; never a
/// panic (101).
#[test]
fn write_errors_are_125() {
    let out = |stdout, sigpipe_ignored| Stdio3 {
        stdout,
        sigpipe_ignored,
        ..PLAIN
    };
    for args in [&["--help"][..], &["--version"]] {
        let ran = launch_and_compare(args, out(Given::Full, false));
        assert_eq!(ran.status.code(), Some(125), "{args:?}: {}", ran.stderr);
        assert_eq!(
            ran.stderr,
            "timeout: write error: No space left on device\n"
        );
        let ran = launch_and_compare(args, out(Given::ReadOnly, false));
        assert_eq!(ran.status.code(), Some(125), "{args:?}: {}", ran.stderr);
        assert_eq!(ran.stderr, "timeout: write error: Bad file descriptor\n");
        // `timeout --help | true`: SIGPIPE, as any C program.
        let ran = launch_and_compare(args, out(Given::Broken, false));
        assert_eq!(
            ran.status.signal(),
            Some(libc::SIGPIPE),
            "{args:?}: {}",
            ran.stderr
        );
        let ran = launch_and_compare(args, out(Given::Broken, true));
        assert_eq!(ran.status.code(), Some(125), "{args:?}: {}", ran.stderr);
        assert_eq!(ran.stderr, "timeout: write error: Broken pipe\n");
    }
    // A diagnostic that cannot be written makes the exit status 125, as
    // coreutils' `close_stderr` does; a death by signal stays one.
    for stderr in [Given::Full, Given::Closed, Given::Broken] {
        let how = Stdio3 {
            stderr,
            sigpipe_ignored: stderr == Given::Broken,
            ..PLAIN
        };
        for (args, status) in [
            (&["-v", "0.05", "sleep", "1"][..], 125),
            (
                &["-v", "--foreground", "-s", "KILL", "0.05", "sleep", "1"],
                125,
            ),
            (
                &["-v", "-s", "KILL", "0.05", "sleep", "1"],
                128 + libc::SIGKILL,
            ),
            (&["5", "/"], 125),
            (&["5", "no-such-command-procsig"], 125),
            (&["x", "true"], 125),
            (&["5", "sh", "-c", "echo hi >&2; exit 3"], 3),
            (&["5", "sh", "-c", "kill -USR1 $$"], 128 + libc::SIGUSR1),
            (&["5", "true"], 0),
        ] {
            let ran = launch_and_compare(args, how);
            assert_eq!(ran.shell_status(), status, "{args:?} {how:?}");
        }
    }
}

/// A duration too small for a `double` (it underflows to 0) is still not
/// 0, "no limit": it is the smallest positive one, and the command times
/// out at once. (Current coreutils does so; 9.1 ran the command to its end,
/// so this is asserted, not compared.)
#[test]
fn an_underflowing_duration_times_out_at_once() {
    for d in [
        "1e-5000",
        "1e-5000m",
        "0x1p-5000",
        "0.0000001e-400d",
        "-1e-5000",
    ] {
        let ran = run(&mut timeout(&["--", d, "sleep", "10"]));
        assert_eq!(ran.status.code(), Some(124), "{d}: {}", ran.stderr);
        assert!(ran.took < PROMPT, "{d}: {:?}", ran.took);
    }
    // Zero written small is still zero: no limit.
    for d in ["0e-5000", "0.0e-400", "0x0p-5000", "-0", "-0e-5000"] {
        let ran = run(&mut timeout(&["--", d, "sleep", "0.1"]));
        assert_eq!(ran.status.code(), Some(0), "{d}: {}", ran.stderr);
    }
}
