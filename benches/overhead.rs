//! `cargo bench` — what procsig costs over calling libc by hand.
//!
//! Each benchmark runs the same work three ways — direct `libc` calls,
//! procsig's raw layer, procsig's safe facade — interleaved in one process
//! (libc, raw, facade, libc, raw, facade, …) for several rounds, so that a
//! noisy neighbour slows all three alike. It prints the median and the
//! spread (min..max) of each, and `ratio procsig/libc` of the medians. A
//! ratio is the honest figure on a shared machine; absolute times are only
//! context.
//!
//! Arguments: a substring selects benchmarks (`cargo bench -- ping`);
//! `--quick` runs fewer rounds and iterations.

use std::hint::black_box;
use std::time::{Duration, Instant};

use procsig::{raw, Child, Fork, Pid, SigSet, Signal, WaitStatus};

#[path = "overhead/events_wake.rs"]
mod events_wake;
#[path = "overhead/init_cli.rs"]
mod init_cli;
#[path = "overhead/runner.rs"]
mod runner;
#[path = "overhead/timeout_cli.rs"]
mod timeout_cli;

struct Config {
    rounds: usize,
    scale: u32,
}

pub fn main() {
    // Run by `init-cli` as an init's child.
    if init_cli::helper() {
        return;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let filter = args.iter().find(|a| !a.starts_with('-')).cloned();
    let cfg = Config {
        rounds: if quick { 3 } else { 15 },
        scale: if quick { 10 } else { 1 },
    };
    let selected = |name: &str| filter.as_deref().map_or(true, |f| name.contains(f));
    procsig::reset_disposition(Signal::CHLD).expect("reset SIGCHLD");
    println!(
        "procsig benchmarks: {} rounds, variants interleaved\n",
        cfg.rounds
    );
    if selected("ping-pong") {
        ping_pong(&cfg);
    }
    if selected("fork-exit-wait") {
        fork_exit_wait(&cfg);
    }
    if selected("mask-toggle") {
        mask_toggle(&cfg);
    }
    if selected("timed-wait-overshoot") {
        timed_wait_overshoot(&cfg);
    }
    if selected("ordered at scale") || filter.as_deref() == Some("ordered") {
        ordered_at_scale(&cfg);
    }
    // `-- ordered` (as benches/callgrind.sh passes it) means the one above.
    if selected("ordered-runner") && filter.as_deref() != Some("ordered") {
        runner::ordered_runner(&cfg);
    }
    if selected("wake-latency") {
        wake_latency(&cfg);
    }
    if selected("events-wake") {
        events_wake::events_wake(&cfg);
    }
    if selected("wait-any") {
        events_wake::wait_any_choice(&cfg);
    }
    if selected("timeout-cli") {
        timeout_cli::timeout_cli(&cfg);
    }
    if selected("init-cli") {
        init_cli::init_cli(&cfg);
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Variant {
    Libc,
    Raw,
    Facade,
}

const VARIANTS: [Variant; 3] = [Variant::Libc, Variant::Raw, Variant::Facade];

fn name(v: Variant) -> &'static str {
    match v {
        Variant::Libc => "libc",
        Variant::Raw => "procsig raw",
        Variant::Facade => "procsig facade",
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Runs `theirs` and `ours` alternately for `rounds` rounds (after one
/// warm-up each, not counted) and prints both medians, their spreads and the
/// ratio ours/theirs: how the command-line benchmarks compare an example
/// with the program it imitates, in the same run.
pub(crate) fn report_pair(
    title: &str,
    unit: &str,
    rounds: usize,
    (their_name, theirs): (&str, &mut dyn FnMut() -> f64),
    (our_name, ours): (&str, &mut dyn FnMut() -> f64),
) {
    theirs();
    ours();
    let (mut a, mut b, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (x, y) = if round % 2 == 0 {
            let x = theirs();
            (x, ours())
        } else {
            let y = ours();
            (theirs(), y)
        };
        a.push(x);
        b.push(y);
        r.push(y / x);
    }
    println!("{title} ({unit})");
    let (ma, mb, mr) = (median(&mut a), median(&mut b), median(&mut r));
    println!(
        "  {their_name:<18} median {ma:>9.3}  spread {:.3}..{:.3}",
        a[0],
        a[a.len() - 1]
    );
    println!(
        "  {our_name:<18} median {mb:>9.3}  spread {:.3}..{:.3}",
        b[0],
        b[b.len() - 1]
    );
    println!(
        "  ratio ours/theirs = {:.2} (of medians; per-round ratios median {mr:.2}, {:.2}..{:.2})\n",
        mb / ma,
        r[0],
        r[r.len() - 1]
    );
}

/// Runs `measure(variant)` for each variant, `rounds` times, and prints
/// each variant's median and spread, and the ratios procsig/libc.
///
/// The three variants run back to back in every round, in a rotating order
/// (so none always goes first), and a ratio is taken within each round: a
/// burst of load on the machine slows all three of a round alike and
/// cancels out. The printed ratio is the median of the per-round ratios.
///
/// With `PROCSIG_BENCH_VARIANT=libc|raw|facade` in the environment, runs
/// only that variant, once, silently: for counting instructions under
/// `valgrind --tool=callgrind` (see `benches/callgrind.sh`).
fn compare(title: &str, unit: &str, cfg: &Config, measure: impl FnMut(Variant) -> f64) {
    compare_some(&VARIANTS, title, unit, cfg, measure);
}

/// [`compare`] over the given variants only (the first is the baseline).
fn compare_some(
    variants: &[Variant],
    title: &str,
    unit: &str,
    cfg: &Config,
    mut measure: impl FnMut(Variant) -> f64,
) {
    if let Ok(only) = std::env::var("PROCSIG_BENCH_VARIANT") {
        let v = VARIANTS
            .into_iter()
            .find(|&v| short_name(v) == only)
            .expect("PROCSIG_BENCH_VARIANT is libc, raw or facade");
        if variants.contains(&v) {
            measure(v);
        }
        return;
    }
    let n = variants.len();
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); n];
    measure(variants[0]); // warm-up, not counted
    for round in 0..cfg.rounds {
        let mut this_round = vec![0.0; n];
        for k in 0..n {
            let i = (round + k) % n;
            this_round[i] = measure(variants[i]);
        }
        for i in 0..n {
            samples[i].push(this_round[i]);
            ratios[i].push(this_round[i] / this_round[0]);
        }
    }
    println!("{title} ({unit})");
    for (i, &v) in variants.iter().enumerate() {
        let s = &mut samples[i];
        let m = median(s);
        println!(
            "  {:<15} median {:>10.1}  spread {:.1}..{:.1}",
            name(v),
            m,
            s[0],
            s[s.len() - 1]
        );
    }
    for (i, &v) in variants.iter().enumerate().skip(1) {
        let r = &mut ratios[i];
        let m = median(r);
        println!(
            "  ratio procsig/libc = {m:.2} ({}; per-round ratios {:.2}..{:.2})",
            short_name(v),
            r[0],
            r[r.len() - 1]
        );
    }
    println!();
}

fn short_name(v: Variant) -> &'static str {
    match v {
        Variant::Libc => "libc",
        Variant::Raw => "raw",
        Variant::Facade => "facade",
    }
}

fn per_iteration(elapsed: Duration, n: u32, unit_ns: f64) -> f64 {
    elapsed.as_nanos() as f64 / f64::from(n) / unit_ns
}

/// Fork with a libc-free body that ends in `_exit`.
fn fork_child(body: impl FnOnce() -> i32) -> Child {
    // SAFETY: the benchmark is single-threaded; the child ends with `exit`.
    match unsafe { procsig::fork() }.expect("fork") {
        Fork::Child => procsig::exit(body()),
        Fork::Parent(child) => child,
    }
}

// ---- ping-pong ---------------------------------------------------------

fn ping_pong(cfg: &Config) {
    let n = 20_000 / cfg.scale;
    // Parent and child on one CPU: each send wakes the other on the same
    // core, the figure is the cost of the calls and a context switch, and
    // it does not wander with cross-core wake-up latency (which on a VM
    // can be tens of microseconds and would drown the comparison).
    pin_to_one_cpu();
    let usr1 = SigSet::from(Signal::USR1);
    // Blocked before any fork, in parent and (inherited) child.
    let guard = usr1.block().expect("block");
    compare(
        "ping-pong: kill + sigwait round trip",
        "ns per round trip",
        cfg,
        |v| {
            let parent = Pid::this();
            let child = fork_child(|| {
                for _ in 0..=n {
                    wait_usr1(v, &guard);
                    send_usr1(v, parent);
                }
                0
            });
            // One exchange first, so the child is surely up and waiting.
            send_usr1(v, child.pid());
            wait_usr1(v, &guard);
            let start = Instant::now();
            for _ in 0..n {
                send_usr1(v, child.pid());
                wait_usr1(v, &guard);
            }
            let elapsed = start.elapsed();
            assert_eq!(child.wait(), Ok(WaitStatus::Exited(0)));
            per_iteration(elapsed, n, 1.0)
        },
    );
    drop(guard);
    unpin();
}

fn send_usr1(v: Variant, to: Pid) {
    match v {
        Variant::Libc => {
            // SAFETY: plain kill to a live child or parent.
            let r = unsafe { libc::kill(to.as_raw(), libc::SIGUSR1) };
            assert_eq!(r, 0);
        }
        // SAFETY: as above.
        Variant::Raw => unsafe { raw::kill(to.as_raw(), libc::SIGUSR1) }.expect("kill"),
        Variant::Facade => procsig::kill(to, Signal::USR1).expect("kill"),
    }
}

fn wait_usr1(v: Variant, guard: &procsig::MaskGuard) {
    match v {
        Variant::Libc => {
            let mut sig = 0;
            // SAFETY: the set is a valid, blocked sigset_t.
            let r = unsafe { libc::sigwait(guard.blocked().as_sigset_t(), &mut sig) };
            assert_eq!((r, sig), (0, libc::SIGUSR1));
        }
        Variant::Raw => {
            // SAFETY: as above.
            let sig = unsafe { raw::sigwait(guard.blocked().as_sigset_t()) };
            assert_eq!(sig, Ok(libc::SIGUSR1));
        }
        Variant::Facade => assert_eq!(guard.wait(), Ok(Signal::USR1)),
    }
}

fn pin_to_one_cpu() {
    set_affinity(0..1);
}

fn unpin() {
    set_affinity(0..libc::CPU_SETSIZE as usize);
}

fn set_affinity(cpus: std::ops::Range<usize>) {
    // SAFETY: a zeroed cpu_set_t is the empty set; CPU_SET stays in bounds
    // for cpus below CPU_SETSIZE.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for cpu in cpus {
            libc::CPU_SET(cpu, &mut set);
        }
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

// ---- fork-exit-wait ----------------------------------------------------

fn fork_exit_wait(cfg: &Config) {
    let n = 400 / cfg.scale;
    compare(
        "fork-exit-wait: fork, child _exit(0), parent waitpid",
        "µs per cycle",
        cfg,
        |v| {
            let start = Instant::now();
            for _ in 0..n {
                match v {
                    Variant::Libc => unsafe {
                        // SAFETY: single-threaded; the child only calls _exit.
                        let pid = libc::fork();
                        if pid == 0 {
                            libc::_exit(0);
                        }
                        let mut status = 0;
                        assert_eq!(libc::waitpid(pid, &mut status, 0), pid);
                    },
                    Variant::Raw => unsafe {
                        // SAFETY: as above.
                        let pid = raw::fork().expect("fork");
                        if pid == 0 {
                            raw::_exit(0);
                        }
                        let mut status = 0;
                        assert_eq!(raw::waitpid(pid, Some(&mut status), 0), Ok(pid));
                    },
                    Variant::Facade => {
                        // SAFETY: as above.
                        match unsafe { procsig::fork() }.expect("fork") {
                            Fork::Child => procsig::exit(0),
                            Fork::Parent(child) => {
                                assert_eq!(child.wait(), Ok(WaitStatus::Exited(0)));
                            }
                        }
                    }
                }
            }
            per_iteration(start.elapsed(), n, 1000.0)
        },
    );
}

// ---- mask toggle -------------------------------------------------------

/// The guard's work in every variant: block with the old mask saved, then
/// unblock exactly what was newly blocked (`SIG_UNBLOCK` of the set minus
/// the old mask), which lets guards be dropped in any order.
fn mask_toggle(cfg: &Config) {
    let n = 200_000 / cfg.scale;
    let set = SigSet::from(Signal::USR2);
    compare(
        "mask toggle: block one signal, then unblock what was newly blocked",
        "ns per pair",
        cfg,
        |v| {
            let start = Instant::now();
            for _ in 0..n {
                match v {
                    Variant::Libc => unsafe {
                        // SAFETY: valid sets; blocking and unblocking USR2
                        // runs no handler.
                        let mut old: libc::sigset_t = std::mem::zeroed();
                        let s = black_box(&set).as_sigset_t();
                        assert_eq!(libc::sigprocmask(libc::SIG_BLOCK, s, &mut old), 0);
                        let mut newly = *s;
                        if libc::sigismember(&old, libc::SIGUSR2) == 1 {
                            libc::sigdelset(&mut newly, libc::SIGUSR2);
                        }
                        assert_eq!(
                            libc::sigprocmask(libc::SIG_UNBLOCK, &newly, std::ptr::null_mut()),
                            0
                        );
                    },
                    Variant::Raw => unsafe {
                        // SAFETY: as above.
                        let mut old = SigSet::empty();
                        let s = black_box(&set).as_sigset_t();
                        raw::sigprocmask(libc::SIG_BLOCK, Some(s), Some(old.as_mut_sigset_t()))
                            .expect("block");
                        let mut newly = *s;
                        if libc::sigismember(old.as_sigset_t(), libc::SIGUSR2) == 1 {
                            libc::sigdelset(&mut newly, libc::SIGUSR2);
                        }
                        raw::sigprocmask(libc::SIG_UNBLOCK, Some(&newly), None).expect("unblock");
                    },
                    Variant::Facade => drop(black_box(&set).block().expect("block")),
                }
            }
            per_iteration(start.elapsed(), n, 1.0)
        },
    );
}

// ---- timed wait overshoot ---------------------------------------------

/// Ratios are of the whole wait (timeout plus overshoot): the overshoot is
/// the kernel's timer slack and wake-up latency, identical for all three,
/// and its round-to-round noise would swamp a ratio of overshoots alone.
fn timed_wait_overshoot(cfg: &Config) {
    let set = SigSet::from(Signal::USR1);
    let _guard = set.block().expect("block");
    for (ms, reps) in [(1u64, 40u32), (10, 15), (50, 5)] {
        let reps = (reps / cfg.scale.min(5)).max(2);
        let timeout = Duration::from_millis(ms);
        let mut late: [Vec<f64>; 3] = Default::default();
        compare(
            &format!("timed wait: wait_timeout({ms} ms), nothing arrives"),
            "µs waited, median of each round",
            cfg,
            |v| {
                let mut waited = Vec::new();
                for _ in 0..reps {
                    let start = Instant::now();
                    timed_wait(v, &set, timeout);
                    let took = start.elapsed();
                    waited.push(took.as_nanos() as f64 / 1000.0);
                    let idx = VARIANTS.iter().position(|&x| x == v).unwrap_or(0);
                    late[idx].push(took.saturating_sub(timeout).as_nanos() as f64 / 1000.0);
                }
                median(&mut waited)
            },
        );
        if std::env::var("PROCSIG_BENCH_VARIANT").is_err() {
            print!("  overshoot (how late it wakes):");
            for (i, &v) in VARIANTS.iter().enumerate() {
                let max = late[i].iter().cloned().fold(0.0, f64::max);
                print!(
                    "  {} median {:.0} µs max {:.0} µs;",
                    short_name(v),
                    median(&mut late[i]),
                    max
                );
            }
            println!("\n");
        }
    }
}

fn timed_wait(v: Variant, set: &SigSet, timeout: Duration) {
    let ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: timeout.as_nanos() as _,
    };
    match v {
        Variant::Libc => {
            // SAFETY: valid, blocked set and timespec.
            let r = unsafe { libc::sigtimedwait(set.as_sigset_t(), std::ptr::null_mut(), &ts) };
            assert_eq!(r, -1);
        }
        Variant::Raw => {
            // SAFETY: as above.
            let r = unsafe { raw::sigtimedwait(set.as_sigset_t(), None, Some(&ts)) };
            assert_eq!(r, Err(procsig::Errno::EAGAIN));
        }
        Variant::Facade => assert_eq!(set.wait_timeout(timeout), Ok(None)),
    }
}

// ---- ordered at scale --------------------------------------------------

/// Process creation and teardown dominate and vary by ±20% from one run to
/// the next on a shared machine, so this takes twice the rounds.
fn ordered_at_scale(cfg: &Config) {
    let cfg = &Config {
        rounds: cfg.rounds * 2,
        scale: cfg.scale,
    };
    for k in [10u32, 100, 1000] {
        let k = if cfg.scale > 1 { k.min(100) } else { k };
        compare(
            &format!("ordered at scale: K = {k} children, no work"),
            "µs per child",
            cfg,
            |v| {
                let start = Instant::now();
                match v {
                    Variant::Libc => ordered_libc(k),
                    Variant::Raw => ordered_raw(k),
                    Variant::Facade => ordered_facade(k),
                }
                per_iteration(start.elapsed(), k, 1000.0)
            },
        );
    }
}

/// The `ordered` pattern: each child stops itself when done; the parent
/// sees every stop in order, then continues and reaps each in order.
fn ordered_libc(k: u32) {
    let mut pids = Vec::with_capacity(k as usize);
    for _ in 0..k {
        // SAFETY: single-threaded; the child calls only kill, getpid, _exit.
        unsafe {
            let pid = libc::fork();
            assert!(pid >= 0);
            if pid == 0 {
                libc::kill(libc::getpid(), libc::SIGSTOP);
                libc::_exit(0);
            }
            pids.push(pid);
        }
    }
    let mut status = 0;
    for &pid in &pids {
        // SAFETY: our own children.
        assert_eq!(
            unsafe { libc::waitpid(pid, &mut status, libc::WUNTRACED) },
            pid
        );
        assert!(libc::WIFSTOPPED(status));
    }
    for &pid in &pids {
        // SAFETY: as above.
        unsafe {
            assert_eq!(libc::kill(pid, libc::SIGCONT), 0);
            assert_eq!(libc::waitpid(pid, &mut status, 0), pid);
        }
        assert!(libc::WIFEXITED(status));
    }
}

fn ordered_raw(k: u32) {
    let mut pids = Vec::with_capacity(k as usize);
    for _ in 0..k {
        // SAFETY: as in `ordered_libc`.
        unsafe {
            let pid = raw::fork().expect("fork");
            if pid == 0 {
                raw::kill(raw::getpid(), libc::SIGSTOP).ok();
                raw::_exit(0);
            }
            pids.push(pid);
        }
    }
    let mut status = 0;
    for &pid in &pids {
        // SAFETY: our own children.
        assert_eq!(
            unsafe { raw::waitpid(pid, Some(&mut status), libc::WUNTRACED) },
            Ok(pid)
        );
        assert!(libc::WIFSTOPPED(status));
    }
    for &pid in &pids {
        // SAFETY: as above.
        unsafe {
            raw::kill(pid, libc::SIGCONT).expect("kill");
            assert_eq!(raw::waitpid(pid, Some(&mut status), 0), Ok(pid));
        }
        assert!(libc::WIFEXITED(status));
    }
}

fn ordered_facade(k: u32) {
    let mut children: Vec<Child> = (0..k)
        .map(|_| {
            fork_child(|| {
                procsig::kill(Pid::this(), Signal::STOP).ok();
                0
            })
        })
        .collect();
    for c in &mut children {
        assert_eq!(c.wait_stopped(), Ok(WaitStatus::Stopped(Signal::STOP)));
    }
    for c in children {
        c.signal(Signal::CONT).expect("kill");
        assert_eq!(c.wait(), Ok(WaitStatus::Exited(0)));
    }
}

// ---- wake latency --------------------------------------------------------

/// How long after a child's last instruction its parent's wait returns.
///
/// The child spins for 1 ms (so that the parent is surely asleep in its
/// wait), writes `CLOCK_MONOTONIC` into a pipe as its last act, and exits.
/// The waiter reads the clock as soon as its wait returns; the latency is
/// the difference. libc: a blocking `waitpid(pid, 0)`, the floor. raw: the
/// pidfd protocol by hand through `procsig::raw` (`pidfd_open`, `poll`,
/// `waitid(P_PIDFD)`). facade: `Child::wait_timeout(TIMEOUT)`. A wait that
/// notices the exit only when its timeout expires is *late*; they are
/// counted, and the run fails if there is any.
///
/// Three setups: the forking thread waits, alone; the forking thread
/// waits while an idle second thread (SIGCHLD unblocked) exists; the child
/// is waited for on a worker thread while the forking thread sits in
/// `join`.
fn wake_latency(cfg: &Config) {
    const TIMEOUT: Duration = Duration::from_secs(2);
    let per_round = (30 / cfg.scale.min(10)).max(3);
    for setup in [
        "single thread",
        "idle extra thread",
        "wait on a worker thread",
    ] {
        let mut late = 0u32;
        let mut samples = 0u32;
        let (stop_idle, idle) = if setup == "idle extra thread" {
            let (tx, rx) = std::sync::mpsc::channel::<()>();
            (Some(tx), Some(std::thread::spawn(move || rx.recv().ok())))
        } else {
            (None, None)
        };
        compare(
            &format!("wake latency, {setup}: child's last instruction to the wait's return"),
            "µs, median of each round",
            cfg,
            |v| {
                let mut lat = Vec::new();
                for _ in 0..per_round {
                    let l = one_wake(v, setup == "wait on a worker thread", TIMEOUT);
                    samples += 1;
                    if l >= TIMEOUT / 2 {
                        late += 1;
                    }
                    lat.push(l.as_nanos() as f64 / 1000.0);
                }
                median(&mut lat)
            },
        );
        drop(stop_idle);
        if let Some(idle) = idle {
            idle.join().expect("idle thread");
        }
        if std::env::var("PROCSIG_BENCH_VARIANT").is_err() {
            println!("  late (woke only at the timeout): {late} of {samples} waits\n");
            assert_eq!(late, 0, "{setup}: {late} waits were late");
        }
    }
}

fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid timespec to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// One fork and wait; returns the latency.
fn one_wake(v: Variant, on_worker: bool, timeout: Duration) -> Duration {
    let mut fds = [0; 2];
    // SAFETY: a valid array for the two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (r, w) = (fds[0], fds[1]);
    // Only the facade variant needs a `Child`; the others fork by hand so
    // that nothing of procsig runs in their measurement.
    let stamp_and_exit = move || -> ! {
        let end = now_ns() + 1_000_000;
        while now_ns() < end {
            std::hint::spin_loop();
        }
        let t = now_ns().to_ne_bytes();
        // SAFETY: async-signal-safe calls only (the process may have threads).
        unsafe {
            libc::write(w, t.as_ptr().cast(), t.len());
            libc::_exit(0)
        }
    };
    let waited_at = match v {
        Variant::Facade => {
            let mut child = match unsafe { procsig::fork() }.expect("fork") {
                Fork::Child => stamp_and_exit(),
                Fork::Parent(child) => child,
            };
            let mut wait = move || {
                let status = child.wait_timeout(timeout).expect("wait_timeout");
                let t = now_ns();
                assert!(status.is_some(), "the child did not end within the timeout");
                t
            };
            if on_worker {
                std::thread::spawn(wait).join().expect("worker")
            } else {
                wait()
            }
        }
        Variant::Libc | Variant::Raw => {
            // SAFETY: the child runs only async-signal-safe code.
            let pid = unsafe { libc::fork() };
            assert!(pid >= 0);
            if pid == 0 {
                stamp_and_exit();
            }
            let wait = move || {
                if v == Variant::Libc {
                    let mut status = 0;
                    // SAFETY: our own child.
                    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
                    now_ns()
                } else {
                    raw_pidfd_wait(pid, timeout)
                }
            };
            if on_worker {
                std::thread::spawn(wait).join().expect("worker")
            } else {
                wait()
            }
        }
    };
    let mut buf = [0u8; 8];
    // SAFETY: reads the child's stamp into a valid buffer.
    unsafe {
        assert_eq!(libc::read(r, buf.as_mut_ptr().cast(), 8), 8);
        libc::close(r);
        libc::close(w);
    }
    Duration::from_nanos(waited_at.saturating_sub(u64::from_ne_bytes(buf)))
}

/// The pidfd protocol through the raw layer: open, poll, reap; returns
/// when it reaped (the close comes after).
fn raw_pidfd_wait(pid: libc::pid_t, timeout: Duration) -> u64 {
    // SAFETY: `pid` is our unreaped child; the descriptor is closed below.
    unsafe {
        let fd = raw::pidfd_open(pid, 0).expect("pidfd_open");
        let mut fds = [libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        }];
        assert_eq!(raw::poll(&mut fds, timeout.as_millis() as i32), Ok(1));
        let mut info: libc::siginfo_t = std::mem::zeroed();
        raw::waitid(libc::P_PIDFD, fd as libc::id_t, &mut info, libc::WEXITED).expect("waitid");
        let reaped = now_ns();
        raw::close(fd).expect("close");
        reaped
    }
}
