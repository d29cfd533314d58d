//! `init-cli`: `examples/init` against Debian's `/usr/bin/tini` 0.19, run
//! as processes in the same run. Two figures, as ratios (example / tini):
//! - forwarding latency: from `kill(init, SIGUSR1)` to the child's
//!   handler running (it writes a byte to a pipe the benchmark reads);
//! - reaping 10 000 orphans: the main child leaves 10 000 exited children
//!   (zombies, re-parented to init, `-s`, when it exits) and exits; the
//!   time from its exit to init's own (init reaps them all, then exits).
//!
//! Pairing, so that a noisy neighbour on a shared machine slows both
//! alike: each round runs both inits, and its figure is the ratio within
//! the round; the report gives the median of the rounds' ratios and their
//! spread. For the latency both inits live side by side for the whole
//! round and the signals alternate between them (tini, example, example,
//! tini, …), each sent once both inits and their children are asleep
//! (`/proc/PID/stat`), each init's figure being the median of its signals; for the
//! orphans the two runs of a round alternate which goes first.
//!
//! Each figure is taken twice: with the scheduler free to place the
//! processes on any CPU, and with the benchmark, both inits and their
//! children pinned to one CPU (the affinity is inherited). Free, a wake
//! may cross CPUs, whose cost (an interrupt, an idle CPU waking) varies
//! from run to run by more than the inits differ; on one CPU every step
//! is a context switch on the same CPU, so the figure is what each init's
//! own work costs.
//!
//! The child in both is this benchmark binary itself, in a helper mode
//! chosen by an environment variable ([`helper`]). The benchmark builds
//! the example with optimisations itself (`cargo bench` builds no
//! examples), so it never measures a stale binary.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use super::{median, pin_to_one_cpu, unpin, Config};

/// The helper mode's variable: `forward` or `orphans:N`.
const HELPER: &str = "PROCSIG_BENCH_INIT_HELPER";

pub fn init_cli(cfg: &Config) {
    // Other builds to compare, by hand: `PROCSIG_BENCH_TINI` and
    // `PROCSIG_BENCH_INIT` name the two inits instead (nothing is built).
    let tini = std::env::var_os("PROCSIG_BENCH_TINI")
        .map_or_else(|| "/usr/bin/tini".into(), PathBuf::from);
    let tini = tini.as_path();
    let (ours, built) = match std::env::var_os("PROCSIG_BENCH_INIT") {
        Some(path) => (PathBuf::from(path), true),
        None => {
            let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
            let built = Command::new(cargo)
                .args(["build", "--quiet", "--release", "--example", "init"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .is_ok_and(|s| s.success());
            (example(), built)
        }
    };
    // `PROCSIG_BENCH_INIT_ONLY=forward` or `=orphans`: one figure only.
    let only = std::env::var("PROCSIG_BENCH_INIT_ONLY").unwrap_or_default();
    if !tini.exists() || !built || !ours.exists() {
        println!(
            "init-cli: skipped (needs /usr/bin/tini and {})\n",
            ours.display()
        );
        return;
    }
    let names = [
        if std::env::var_os("PROCSIG_BENCH_TINI").is_some() {
            "PROCSIG_BENCH_TINI"
        } else {
            "/usr/bin/tini"
        },
        if std::env::var_os("PROCSIG_BENCH_INIT").is_some() {
            "PROCSIG_BENCH_INIT"
        } else {
            "examples/init"
        },
    ];
    let signals = 1000 / cfg.scale.max(1) as usize + 10;
    let orphans = 10_000 / cfg.scale.max(1);
    for pinned in [false, true] {
        let place = if pinned { "one CPU" } else { "any CPU" };
        if pinned {
            pin_to_one_cpu();
        }
        if only != "orphans" {
            let mut rounds = Vec::with_capacity(cfg.rounds);
            forwarding(tini, &ours, signals); // warm-up, not counted
            for _ in 0..cfg.rounds {
                rounds.push(forwarding(tini, &ours, signals));
            }
            report(
                &format!("init-cli: a signal to init, to the child's handler, {place}"),
                &format!("µs, median of {signals} signals each"),
                names,
                &mut rounds,
            );
        }
        if only != "forward" {
            let (mut wall, mut cpu) = (Vec::new(), Vec::new());
            for round in 0..cfg.rounds {
                let (theirs, ours) = if round % 2 == 0 {
                    let theirs = reaping(tini, orphans);
                    (theirs, reaping(&ours, orphans))
                } else {
                    let ours = reaping(&ours, orphans);
                    (reaping(tini, orphans), ours)
                };
                wall.push((theirs.0, ours.0));
                cpu.push((theirs.1, ours.1));
            }
            report(
                &format!("init-cli: reaping {orphans} orphans, from the main child's exit to init's, {place}"),
                "ms",
                names,
                &mut wall,
            );
            report(
                &format!("init-cli: reaping {orphans} orphans, init's CPU time meanwhile, {place}"),
                "ms",
                names,
                &mut cpu,
            );
        }
    }
    unpin();
}

/// Prints each side's median and spread over the rounds, the median and
/// spread of the rounds' ratios (example / tini), the figure, and the
/// ratio of the two sides' bests.
fn report(title: &str, unit: &str, names: [&str; 2], rounds: &mut [(f64, f64)]) {
    let mut theirs: Vec<f64> = rounds.iter().map(|r| r.0).collect();
    let mut ours: Vec<f64> = rounds.iter().map(|r| r.1).collect();
    let mut ratios: Vec<f64> = rounds.iter().map(|r| r.1 / r.0).collect();
    let (mt, mo, mr) = (median(&mut theirs), median(&mut ours), median(&mut ratios));
    println!("{title} ({unit}), {} rounds", rounds.len());
    let last = rounds.len() - 1;
    println!(
        "  {:<18} median {mt:>9.3}  spread {:.3}..{:.3}",
        names[0], theirs[0], theirs[last]
    );
    println!(
        "  {:<18} median {mo:>9.3}  spread {:.3}..{:.3}",
        names[1], ours[0], ours[last]
    );
    println!(
        "  ratio {} / {} = {mr:.3} (median of the rounds' ratios; spread {:.3}..{:.3})",
        names[1], names[0], ratios[0], ratios[last]
    );
    // Interference on a shared machine only ever adds time: the best of
    // each side is the other estimate of its own cost.
    println!("  ratio of the bests = {:.3}\n", ours[0] / theirs[0]);
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
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn init")
}

/// One round: tini and the example side by side, `n` signals to each,
/// alternating; the median latency of each, in µs.
fn forwarding(tini: &Path, ours: &Path, n: usize) -> (f64, f64) {
    let mut inits = [Forwarder::new(tini), Forwarder::new(ours)];
    let mut took = [Vec::with_capacity(n), Vec::with_capacity(n)];
    for i in 0..n {
        // tini, example, example, tini, …: neither always goes first.
        let order = if i % 2 == 0 { [0, 1] } else { [1, 0] };
        for k in order {
            // Both inits and their children asleep first: nothing left
            // of one signal's work runs in the next one's time.
            inits[0].settle();
            inits[1].settle();
            took[k].push(inits[k].one());
        }
    }
    for init in &mut inits {
        init.end();
    }
    let [theirs, ours] = &mut took;
    (median(theirs), median(ours))
}

/// An init whose child passes each `USR1` back as a byte.
struct Forwarder {
    init: Child,
    out: ChildStdout,
    /// `/proc/PID/stat` of init and of its child.
    stats: [String; 2],
}

impl Forwarder {
    fn new(init: &Path) -> Forwarder {
        let mut init = spawn(init, "forward");
        let mut out = init.stdout.take().expect("stdout");
        let mut byte = [0u8];
        out.read_exact(&mut byte).expect("ready"); // the handler is installed
        let pid = init.id();
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .expect("init's children");
        let child: u32 = children
            .split_whitespace()
            .next()
            .expect("a child")
            .parse()
            .expect("a pid");
        let stats = [pid, child].map(|p| format!("/proc/{p}/stat"));
        Forwarder { init, out, stats }
    }

    /// Returns once init and its child are both asleep (state `S`): init
    /// back in its wait, the child back in `pause`.
    fn settle(&self) {
        for stat in &self.stats {
            loop {
                let text = std::fs::read_to_string(stat).expect("stat");
                // The state follows the name, which ends with the last ')'.
                let state = text.rsplit_once(')').map(|(_, rest)| rest.trim_start());
                if state.is_some_and(|s| s.starts_with('S')) {
                    break;
                }
                std::thread::yield_now();
            }
        }
    }

    /// One signal's latency, in µs.
    fn one(&mut self) -> f64 {
        let pid = self.init.id() as libc::pid_t;
        let mut byte = [0u8];
        let start = Instant::now();
        // SAFETY: integers; init is our unreaped child.
        unsafe { libc::kill(pid, libc::SIGUSR1) };
        self.out.read_exact(&mut byte).expect("the handler's byte");
        start.elapsed().as_secs_f64() * 1e6
    }

    fn end(&mut self) {
        // SAFETY: as above; TERM is passed on and ends the child, then init.
        unsafe { libc::kill(self.init.id() as libc::pid_t, libc::SIGTERM) };
        self.init.wait().expect("wait");
    }
}

/// One run: from the main child's exit (its last line: CLOCK_MONOTONIC in
/// ns) to init's exit, and init's own CPU time over the same stretch
/// (`/proc/PID/schedstat`, read while init sleeps before the main child
/// is told to exit, and again once init is a zombie), both in ms.
fn reaping(init: &Path, orphans: u32) -> (f64, f64) {
    let mut child = spawn(init, &format!("orphans:{orphans}"));
    let pid = child.id();
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("ready"); // the orphans have exited
    let before = cpu_ns(pid);
    // Tells the main child to exit (init passes its stdin on).
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"x")
        .expect("go");
    line.clear();
    out.read_line(&mut line).expect("the child's time");
    // SAFETY: a live siginfo_t; init is our child. WNOWAIT: it stays a
    // zombie, whose schedstat is still there.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let waited =
        unsafe { libc::waitid(libc::P_PID, pid, &mut info, libc::WEXITED | libc::WNOWAIT) };
    let end = now_ns();
    assert_eq!(waited, 0, "waitid");
    let cpu = cpu_ns(pid).saturating_sub(before);
    let status = child.wait().expect("wait");
    assert!(status.success(), "{} {status:?}", init.display());
    let exited: u64 = line.trim().parse().expect("a time");
    let wall = Duration::from_nanos(end.saturating_sub(exited));
    (wall.as_secs_f64() * 1e3, cpu as f64 / 1e6)
}

/// The time `pid` has run on a CPU, in ns: `/proc/PID/schedstat`'s first
/// field.
fn cpu_ns(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).expect("schedstat");
    let first = text.split_whitespace().next().expect("a field");
    first.parse().expect("ns")
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
    // SAFETY: a live one-byte buffer: "ready", then the go byte.
    let mut go = [0u8];
    unsafe {
        libc::write(1, b"ready\n".as_ptr().cast(), 6);
        libc::read(0, go.as_mut_ptr().cast(), 1);
    }
    let line = format!("{}\n", now_ns());
    // SAFETY: a live buffer; then _exit, leaving the zombies.
    unsafe {
        libc::write(1, line.as_ptr().cast(), line.len());
        libc::_exit(0);
    }
}
