//! `init-cli`: `examples/init` against Debian's `/usr/bin/tini` 0.19, run
//! as processes in the same run, alternating. Two figures, as ratios of
//! medians (example / tini):
//! - forwarding latency: from `kill(init, SIGUSR1)` to the child's
//!   handler running (it writes a byte to a pipe the benchmark reads);
//! - reaping 10 000 orphans: the main child leaves 10 000 exited children
//!   (zombies, re-parented to init, `-s`, when it exits) and exits; the
//!   time from its exit to init's own (init reaps them all, then exits).
//!
//! The child in both is this benchmark binary itself, in a helper mode
//! chosen by an environment variable ([`helper`]). The benchmark builds
//! the example with optimisations itself (`cargo bench` builds no
//! examples), so it never measures a stale binary.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{median, report_pair, Config};

/// The helper mode's variable: `forward` or `orphans:N`.
const HELPER: &str = "PROCSIG_BENCH_INIT_HELPER";

pub fn init_cli(cfg: &Config) {
    let tini = Path::new("/usr/bin/tini");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(cargo)
        .args(["build", "--quiet", "--release", "--example", "init"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .is_ok_and(|s| s.success());
    let ours = example();
    if !tini.exists() || !built || !ours.exists() {
        println!(
            "init-cli: skipped (needs /usr/bin/tini and {})\n",
            ours.display()
        );
        return;
    }
    let signals = 200 / cfg.scale.max(1) as usize + 10;
    report_pair(
        "init-cli: a signal to init, to the child's handler",
        "µs, median of each run's signals",
        cfg.rounds,
        ("/usr/bin/tini", &mut || forwarding(tini, signals)),
        ("examples/init", &mut || forwarding(&ours, signals)),
    );
    let orphans = 10_000 / cfg.scale.max(1);
    report_pair(
        &format!("init-cli: reaping {orphans} orphans, from the main child's exit to init's"),
        "ms",
        cfg.rounds,
        ("/usr/bin/tini", &mut || reaping(tini, orphans)),
        ("examples/init", &mut || reaping(&ours, orphans)),
    );
}

/// Next to this bench binary: target/release/examples/init.
fn example() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    dir.join("examples").join("init")
}

fn spawn(init: &Path, mode: &str) -> Child {
    Command::new(init)
        .args(["-s", "--"])
        .arg(std::env::current_exe().expect("current_exe"))
        .env(HELPER, mode)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn init")
}

/// The median latency of `n` signals, one at a time, in µs.
fn forwarding(init: &Path, n: usize) -> f64 {
    let mut child = spawn(init, "forward");
    let mut out = child.stdout.take().expect("stdout");
    let mut byte = [0u8];
    out.read_exact(&mut byte).expect("ready"); // the handler is installed
    let pid = child.id() as libc::pid_t;
    let mut took = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        // SAFETY: integers; init is our unreaped child.
        unsafe { libc::kill(pid, libc::SIGUSR1) };
        out.read_exact(&mut byte).expect("the handler's byte");
        took.push(start.elapsed().as_secs_f64() * 1e6);
    }
    // SAFETY: as above; TERM is passed on and ends the child, then init.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    child.wait().expect("wait");
    median(&mut took)
}

/// From the main child's exit (its last line: CLOCK_MONOTONIC in ns) to
/// init's exit, in ms.
fn reaping(init: &Path, orphans: u32) -> f64 {
    let mut child = spawn(init, &format!("orphans:{orphans}"));
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the child's time");
    let status = child.wait().expect("wait");
    let end = now_ns();
    assert!(status.success(), "{} {status:?}", init.display());
    let exited: u64 = line.trim().parse().expect("a time");
    Duration::from_nanos(end.saturating_sub(exited)).as_secs_f64() * 1e3
}

fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a live timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// The child's side, when the benchmark binary is run as init's child:
/// returns whether it was.
pub fn helper() -> bool {
    let Ok(mode) = std::env::var(HELPER) else {
        return false;
    };
    if mode == "forward" {
        forward_helper()
    } else if let Some(n) = mode.strip_prefix("orphans:") {
        orphans_helper(n.parse().expect("a count"))
    }
    true
}

extern "C" fn on_usr1(_: libc::c_int) {
    // SAFETY: write is async-signal-safe; a one-byte static buffer.
    unsafe { libc::write(1, b"x".as_ptr().cast(), 1) };
}

/// A `USR1` handler that writes a byte; "ready" is one byte too. Ends on
/// `TERM` (its default action).
fn forward_helper() {
    // SAFETY: installs a handler that only calls write(2).
    unsafe {
        libc::signal(libc::SIGUSR1, on_usr1 as *const () as libc::sighandler_t);
        let mut empty: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut empty);
        libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
        libc::write(1, b"r".as_ptr().cast(), 1);
        loop {
            libc::pause();
        }
    }
}

/// Forks `n` children that exit at once, makes sure each has exited
/// (`WNOWAIT`: not reaped), prints the time and exits: its zombies go to
/// init.
fn orphans_helper(n: u32) {
    let mut pids = Vec::with_capacity(n as usize);
    for _ in 0..n {
        // SAFETY: the child calls only _exit.
        match unsafe { libc::fork() } {
            0 => unsafe { libc::_exit(0) },
            -1 => panic!("fork failed after {} children", pids.len()),
            pid => pids.push(pid),
        }
    }
    for &pid in &pids {
        // SAFETY: a live siginfo_t; our own child.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
    }
    let line = format!("{}\n", now_ns());
    // SAFETY: a live buffer; then _exit, leaving the zombies.
    unsafe {
        libc::write(1, line.as_ptr().cast(), line.len());
        libc::_exit(0);
    }
}
