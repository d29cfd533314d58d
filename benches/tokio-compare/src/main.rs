//! procsig's event wait against what a Rust user would pick instead:
//! tokio's `process::Child::wait`, `signal::unix` and `net::unix::pipe`
//! on a current-thread runtime, on the same three wakes as the crate's
//! `events-wake` benchmark (a child's exit, a signal, a readable pipe, with
//! 1 and 1000 children registered).
//!
//! Run from the crate's root (its own package, so that tokio never becomes
//! a dependency of procsig itself):
//!
//! ```text
//! CARGO_TARGET_DIR=target/tokio-compare cargo run --release --locked \
//!     --manifest-path benches/tokio-compare/Cargo.toml [-- FILTER] [-- --quick]
//! ```
//!
//! Both ways run in one process, interleaved in rotating order for several
//! rounds (as `cargo bench` does); each prints its median and spread and
//! the median of the per-round ratios tokio/procsig. The waker spins 1 ms
//! (so that the waiter is asleep), stamps `CLOCK_MONOTONIC` and acts: a
//! child (this program, run again as `stamp FD`) writes the stamp into a
//! pipe as its last act and exits; a second thread sends `SIGUSR1` to the
//! process or writes a byte into the watched pipe. The waiter reads the
//! clock when its wait is back with the event. Everything runs on one CPU:
//! a wake-up across cores on a VM costs 5 to 50 µs by chance.
//!
//! Children on both sides are the same program started the same way
//! (fork, then exec of this program), so their exits cost the same.
//! Registered children are idle ones (this program as `idle`) that are
//! killed at the end: procsig's in its `Child` collection, tokio's each
//! awaited by a spawned task (what a tokio program does with many).

use std::ffi::CString;
use std::os::fd::{FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use procsig::{Child, Event, Events, Fork, Interest, SigSet, Signal};
use tokio::net::unix::pipe;
use tokio::signal::unix::{signal, SignalKind};

const TIMEOUT: Duration = Duration::from_secs(2);
const MAX_N: usize = 1000;
const PIPE_KEY: usize = 1 << 20;

fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid timespec to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

fn spin_1ms() {
    let end = now_ns() + 1_000_000;
    while now_ns() < end {
        std::hint::spin_loop();
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

fn pin_to_cpu0() {
    // SAFETY: a zeroed cpu_set_t is the empty set; CPU 0 is in bounds.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(0, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

/// `SIG_BLOCK` or `SIG_UNBLOCK` of `signals` in the calling thread.
fn thread_mask(how: libc::c_int, signals: &[libc::c_int]) {
    // SAFETY: a valid set, filled before use.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for &s in signals {
            libc::sigaddset(&mut set, s);
        }
        assert_eq!(libc::pthread_sigmask(how, &set, std::ptr::null_mut()), 0);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("stamp") => stamp_and_exit(args[2].parse().expect("a descriptor")),
        Some("idle") => idle(),
        _ => {}
    }
    let quick = args.iter().any(|a| a == "--quick");
    let filter = args.iter().skip(1).find(|a| !a.starts_with('-')).cloned();
    let rounds = if quick { 3 } else { 15 };
    let per_round = if quick { 5 } else { 30 };
    Bench::new(rounds, per_round).run(filter.as_deref());
}

/// `stamp FD`: spin 1 ms, write the stamp into FD, exit.
fn stamp_and_exit(fd: libc::c_int) -> ! {
    spin_1ms();
    let t = now_ns().to_ne_bytes();
    // SAFETY: writes our stamp into the inherited pipe, then exits.
    unsafe {
        libc::write(fd, t.as_ptr().cast(), t.len());
        libc::_exit(0)
    }
}

/// `idle`: wait until killed; die with the benchmark.
fn idle() -> ! {
    // SAFETY: plain calls; pause returns only after a handled signal.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0);
        loop {
            libc::pause();
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wake {
    Exit,
    Signal,
    Pipe,
}

enum Poke {
    /// Send SIGUSR1 to the process, with it unblocked in the poking thread
    /// (`true`, for tokio, whose handler runs in any thread) or blocked.
    Signal(bool),
    Pipe,
}

struct Bench {
    rounds: usize,
    per_round: usize,
    rt: tokio::runtime::Runtime,
    exe: CString,
    pipe_r: libc::c_int,
    stamp_r: libc::c_int,
    stamp_w: libc::c_int,
    stamp: Arc<AtomicU64>,
    poke: mpsc::Sender<Poke>,
    /// procsig's idle children; the last slot is where a child that exits
    /// goes.
    pool: Vec<Option<Child>>,
    /// tokio's idle children: their pids (killed at the end) and tasks.
    tokio_idle: Vec<(u32, tokio::task::JoinHandle<()>)>,
    sig: tokio::signal::unix::Signal,
    rx: pipe::Receiver,
}

impl Bench {
    fn new(rounds: usize, per_round: usize) -> Bench {
        pin_to_cpu0();
        procsig::reset_disposition(Signal::CHLD).expect("reset SIGCHLD");
        let exe = std::env::current_exe().expect("current_exe");
        let exe = CString::new(exe.into_os_string().into_encoded_bytes()).expect("exe path");
        let mut fds = [0; 2];
        // SAFETY: valid arrays for the descriptors.
        unsafe {
            assert_eq!(libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC), 0);
        }
        let [pipe_r, pipe_w] = fds;
        // Not close-on-exec: the `stamp` children write into it.
        // SAFETY: as above.
        unsafe { assert_eq!(libc::pipe(fds.as_mut_ptr()), 0) };
        let [stamp_r, stamp_w] = fds;
        let stamp = Arc::new(AtomicU64::new(0));
        let (poke, pokes) = mpsc::channel::<Poke>();
        {
            let stamp = Arc::clone(&stamp);
            std::thread::spawn(move || {
                // procsig's guard blocks SIGUSR1 and SIGCHLD in the main
                // thread; this one blocks them too, except SIGUSR1 while
                // it pokes for tokio.
                thread_mask(libc::SIG_BLOCK, &[libc::SIGUSR1, libc::SIGCHLD]);
                for what in pokes {
                    if let Poke::Signal(unblocked) = what {
                        let how = if unblocked {
                            libc::SIG_UNBLOCK
                        } else {
                            libc::SIG_BLOCK
                        };
                        thread_mask(how, &[libc::SIGUSR1]);
                    }
                    spin_1ms();
                    stamp.store(now_ns(), Ordering::Release);
                    // SAFETY: a signal to this process; a byte into our pipe.
                    unsafe {
                        match what {
                            Poke::Signal(_) => {
                                assert_eq!(libc::kill(libc::getpid(), libc::SIGUSR1), 0)
                            }
                            Poke::Pipe => {
                                assert_eq!(libc::write(pipe_w, b"x".as_ptr().cast(), 1), 1)
                            }
                        }
                    }
                }
            });
        }
        let mut pool: Vec<Option<Child>> = (0..MAX_N)
            .map(|_| Some(spawn_procsig(&exe, None)))
            .collect();
        pool.push(None);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .expect("runtime");
        let (sig, rx) = rt.block_on(async {
            let sig = signal(SignalKind::user_defined1()).expect("tokio signal");
            // SAFETY: a new descriptor of our pipe's read end, owned here.
            let dup = unsafe { libc::fcntl(pipe_r, libc::F_DUPFD_CLOEXEC, 0) };
            assert!(dup >= 0);
            // SAFETY: as above.
            let rx = pipe::Receiver::from_owned_fd(unsafe { OwnedFd::from_raw_fd(dup) })
                .expect("tokio pipe");
            (sig, rx)
        });
        Bench {
            rounds,
            per_round,
            rt,
            exe,
            pipe_r,
            stamp_r,
            stamp_w,
            stamp,
            poke,
            pool,
            tokio_idle: Vec::new(),
            sig,
            rx,
        }
    }

    fn run(mut self, filter: Option<&str>) {
        println!(
            "procsig Events::wait against tokio (current-thread runtime): {} rounds, interleaved\n",
            self.rounds
        );
        let mut late = 0;
        for n in [1usize, 1000] {
            for wake in [Wake::Exit, Wake::Signal, Wake::Pipe] {
                let name = match wake {
                    Wake::Exit => "a child's exit",
                    Wake::Signal => "a signal (SIGUSR1 to the process)",
                    Wake::Pipe => "a readable pipe",
                };
                let title = format!("tokio-compare: {name}, {n} children registered");
                if filter.is_some_and(|f| !title.contains(f)) {
                    continue;
                }
                let idle = if wake == Wake::Exit { n - 1 } else { n };
                self.tokio_idle_up_to(idle);
                let mut samples = [Vec::new(), Vec::new()];
                let mut ratios = Vec::new();
                self.measure(0, wake, idle, &mut late); // warm-up
                for round in 0..self.rounds {
                    let mut this = [0.0; 2];
                    for k in 0..2 {
                        let i = (round + k) % 2;
                        this[i] = self.measure(i, wake, idle, &mut late);
                    }
                    samples[0].push(this[0]);
                    samples[1].push(this[1]);
                    ratios.push(this[1] / this[0]);
                }
                println!("{title} (µs from the waker's stamp to the wait's return, median of each round)");
                for (i, label) in ["procsig Events", "tokio"].iter().enumerate() {
                    let s = &mut samples[i];
                    let m = median(s);
                    println!(
                        "  {label:<15} median {m:>10.1}  spread {:.1}..{:.1}",
                        s[0],
                        s[s.len() - 1]
                    );
                }
                let m = median(&mut ratios);
                println!(
                    "  ratio tokio/procsig = {m:.2} (per-round ratios {:.2}..{:.2})\n",
                    ratios[0],
                    ratios[ratios.len() - 1]
                );
            }
        }
        println!("late (woke only at the timeout): {late}");
        self.teardown();
        assert_eq!(late, 0, "some waits were late");
    }

    /// Spawns tokio idle children (each awaited by a task) up to `n`.
    fn tokio_idle_up_to(&mut self, n: usize) {
        let exe = self.exe.to_str().expect("exe").to_owned();
        while self.tokio_idle.len() < n {
            let _enter = self.rt.enter();
            let mut child = tokio::process::Command::new(&exe)
                .arg("idle")
                .spawn()
                .expect("spawn idle");
            let pid = child.id().expect("pid");
            let task = self.rt.spawn(async move {
                let _ = child.wait().await;
            });
            self.tokio_idle.push((pid, task));
        }
    }

    /// One round of one way (0 procsig, 1 tokio): the median latency.
    fn measure(&mut self, way: usize, wake: Wake, idle: usize, late: &mut u32) -> f64 {
        let mut lat = Vec::new();
        if way == 0 {
            self.procsig_round(wake, idle, &mut lat, late);
        } else {
            self.tokio_round(wake, &mut lat, late);
        }
        median(&mut lat)
    }

    fn procsig_round(&mut self, wake: Wake, idle: usize, lat: &mut Vec<f64>, late: &mut u32) {
        let guard = SigSet::from(Signal::USR1).block().expect("block");
        // Not in the wait's set: only kept from tokio's SIGCHLD handler,
        // which would cut every wait short (EINTR) in this mixed process.
        let _chld = SigSet::from(Signal::CHLD).block().expect("block");
        let mut events = Events::new(Some(&guard)).expect("Events::new");
        events
            .watch(PIPE_KEY, self.pipe_r, Interest::Readable)
            .expect("watch");
        let end = if wake == Wake::Exit { MAX_N + 1 } else { MAX_N };
        let slots = &mut self.pool[MAX_N - idle..end];
        let last = slots.len() - 1;
        assert_eq!(events.wait(slots, Some(Duration::ZERO)), Ok(None));
        for _ in 0..self.per_round {
            match wake {
                Wake::Exit => slots[last] = Some(spawn_procsig(&self.exe, Some(self.stamp_w))),
                Wake::Signal => self.poke.send(Poke::Signal(false)).expect("poke"),
                Wake::Pipe => self.poke.send(Poke::Pipe).expect("poke"),
            }
            let got = events.wait(slots, Some(TIMEOUT)).expect("Events::wait");
            let t = now_ns();
            match (wake, got) {
                (_, None) => *late += 1,
                (
                    Wake::Exit,
                    Some(Event::Child {
                        key, ended: true, ..
                    }),
                ) => assert_eq!(key, last),
                (Wake::Signal, Some(Event::Signal(info))) => assert_eq!(info.signal, Signal::USR1),
                (Wake::Pipe, Some(Event::Fd { key: PIPE_KEY, .. })) => {}
                (_, Some(other)) => panic!("unexpected {other:?}"),
            }
            let from = match wake {
                Wake::Exit => read_stamp(self.stamp_r),
                _ => self.stamp.load(Ordering::Acquire),
            };
            lat.push(t.saturating_sub(from) as f64 / 1000.0);
            if wake == Wake::Pipe {
                let mut byte = 0u8;
                // SAFETY: reads one byte into a valid buffer.
                assert_eq!(
                    unsafe { libc::read(self.pipe_r, (&mut byte as *mut u8).cast(), 1) },
                    1
                );
            }
        }
    }

    fn tokio_round(&mut self, wake: Wake, lat: &mut Vec<f64>, late: &mut u32) {
        let exe = self.exe.to_str().expect("exe").to_owned();
        let stamp_w = self.stamp_w.to_string();
        let (sig, rx, poke, stamp) = (&mut self.sig, &self.rx, &self.poke, &self.stamp);
        let stamp_r = self.stamp_r;
        let per_round = self.per_round;
        self.rt.block_on(async {
            for _ in 0..per_round {
                let mut child = None;
                match wake {
                    Wake::Exit => {
                        child = Some(
                            tokio::process::Command::new(&exe)
                                .args(["stamp", &stamp_w])
                                .spawn()
                                .expect("spawn"),
                        )
                    }
                    Wake::Signal => poke.send(Poke::Signal(true)).expect("poke"),
                    Wake::Pipe => poke.send(Poke::Pipe).expect("poke"),
                }
                let exited = async {
                    match child.as_mut() {
                        Some(c) => c.wait().await.map(|_| ()),
                        None => std::future::pending().await,
                    }
                };
                let woke = tokio::time::timeout(TIMEOUT, async {
                    tokio::select! {
                        r = exited => { r.expect("wait"); Wake::Exit }
                        s = sig.recv() => { s.expect("signal stream"); Wake::Signal }
                        r = rx.readable() => { r.expect("readable"); Wake::Pipe }
                    }
                })
                .await;
                let t = now_ns();
                match woke {
                    Err(_) => *late += 1,
                    Ok(w) => assert!(w == wake, "woke for the wrong event"),
                }
                let from = match wake {
                    Wake::Exit => read_stamp(stamp_r),
                    _ => stamp.load(Ordering::Acquire),
                };
                lat.push(t.saturating_sub(from) as f64 / 1000.0);
                if wake == Wake::Pipe {
                    // Drained until WouldBlock, which clears tokio's
                    // readiness (else the next wait returns at once).
                    let mut buf = [0u8; 8];
                    assert_eq!(rx.try_read(&mut buf).expect("read"), 1);
                    assert!(rx.try_read(&mut buf).is_err());
                }
            }
        });
    }

    fn teardown(mut self) {
        for child in self.pool.iter_mut().filter_map(Option::take) {
            child.signal(Signal::KILL).expect("kill");
            child.wait().expect("reap");
        }
        for (pid, _) in &self.tokio_idle {
            // SAFETY: our own child, unreaped until its task sees it end.
            unsafe { libc::kill(*pid as libc::pid_t, libc::SIGKILL) };
        }
        let tasks: Vec<_> = self.tokio_idle.drain(..).map(|(_, t)| t).collect();
        self.rt.block_on(async {
            for t in tasks {
                t.await.expect("idle task");
            }
        });
    }
}

/// procsig's way to start a child that runs a program: `fork`, then
/// `execv` of this program as `stamp FD` (or `idle`).
fn spawn_procsig(exe: &CString, stamp_w: Option<libc::c_int>) -> Child {
    let mode = CString::new(if stamp_w.is_some() { "stamp" } else { "idle" }).expect("arg");
    let fd = CString::new(stamp_w.unwrap_or(-1).to_string()).expect("arg");
    let argv = [exe.as_ptr(), mode.as_ptr(), fd.as_ptr(), std::ptr::null()];
    // SAFETY: the child calls only execv and _exit (async-signal-safe).
    match unsafe { procsig::fork() }.expect("fork") {
        Fork::Child => unsafe {
            // The exec'd program starts with an empty mask, as tokio's
            // children do (procsig's guards are this thread's).
            let mut empty: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut empty);
            libc::sigprocmask(libc::SIG_SETMASK, &empty, std::ptr::null_mut());
            libc::execv(exe.as_ptr(), argv.as_ptr());
            libc::_exit(127)
        },
        Fork::Parent(child) => child,
    }
}

fn read_stamp(fd: libc::c_int) -> u64 {
    let mut buf = [0u8; 8];
    // SAFETY: reads into a valid buffer.
    assert_eq!(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), 8) }, 8);
    u64::from_ne_bytes(buf)
}
