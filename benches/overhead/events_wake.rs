//! `events-wake`: how soon `procsig::Events::wait` returns after a child's
//! exit, a signal and a readable pipe, with 1 and 1000 children registered,
//! against the same loop written by hand with `libc` (a signalfd, the
//! children's pidfds and the pipe in one epoll instance).
//!
//! `wait-any`: whether `wait_any` should stand on the event wait (an
//! `Events` made for each call) rather than its own `poll`: the cost of a
//! call that returns at once, and the wake latency, at 1, 100 and 1000
//! children.
//!
//! The waker spins 1 ms first, so that the waiter is surely asleep, then
//! stamps `CLOCK_MONOTONIC` and acts (a child writes its stamp into a pipe
//! as its last act and exits; a second thread sends `SIGUSR1` to the
//! process or writes one byte into the watched pipe). The waiter reads the
//! clock as soon as its wait is back with the event, decoded (the signal's
//! record read, the child reaped and its pidfd closed); the latency is the
//! difference. A wait that returns only at its 2 s timeout is late and
//! fails the run.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use procsig::{wait_any, Child, Event, Events, Fork, Interest, MaskGuard, SigSet, Signal};

use super::{compare_some, median, now_ns, pin_to_one_cpu, unpin, Config, Variant};

const TIMEOUT: Duration = Duration::from_secs(2);
const TIMEOUT_MS: i32 = 2000;
/// The most children registered; the pool holds this many idle ones.
const MAX_N: usize = 1000;
/// The watched pipe's key in the facade; its tag in the hand-written loop.
const PIPE_KEY: usize = 1 << 20;
const TAG_SIGNALS: u64 = 1 << 62;
const TAG_PIPE: u64 = 2 << 62;
const TAG_CHILD: u64 = 3 << 62;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Wake {
    Exit,
    Signal,
    Pipe,
}

fn wake_name(w: Wake) -> &'static str {
    match w {
        Wake::Exit => "a child's exit",
        Wake::Signal => "a signal (SIGUSR1 to the process)",
        Wake::Pipe => "a readable pipe",
    }
}

/// What the second thread does when asked: spin 1 ms, stamp, act.
enum Poke {
    Signal,
    Pipe,
}

/// Children that do nothing until killed: registered, never ready.
fn idle_pool(n: usize) -> Vec<Option<Child>> {
    let mut pool: Vec<Option<Child>> = (0..n)
        .map(|_| {
            // SAFETY: the child calls only `pause` until it is killed.
            match unsafe { procsig::fork() }.expect("fork") {
                Fork::Child => {
                    // SAFETY: async-signal-safe calls only. Dies with the
                    // benchmark, should it fail before it kills the pool.
                    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL, 0, 0, 0) };
                    loop {
                        // SAFETY: async-signal-safe; returns only on a
                        // handled signal, and the loop waits again.
                        unsafe { libc::pause() };
                    }
                }
                Fork::Parent(child) => Some(child),
            }
        })
        .collect();
    // The slot after the idle ones, where the child that exits goes.
    pool.push(None);
    pool
}

fn kill_pool(pool: &mut [Option<Child>]) {
    for child in pool.iter_mut().filter_map(Option::take) {
        child.signal(Signal::KILL).expect("kill idle child");
        child.wait().expect("reap idle child");
    }
}

/// Forks a child that spins 1 ms, writes its stamp into `stamp_w` and
/// exits; only async-signal-safe calls in the child (the process has a
/// second thread).
fn stamp_and_exit(stamp_w: libc::c_int) -> ! {
    let end = now_ns() + 1_000_000;
    while now_ns() < end {
        std::hint::spin_loop();
    }
    let t = now_ns().to_ne_bytes();
    // SAFETY: async-signal-safe calls on an inherited pipe.
    unsafe {
        libc::write(stamp_w, t.as_ptr().cast(), t.len());
        libc::_exit(0)
    }
}

fn pipe_cloexec() -> [libc::c_int; 2] {
    let mut fds = [0; 2];
    // SAFETY: a valid array for the two descriptors.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    fds
}

fn read_stamp(fd: libc::c_int) -> u64 {
    let mut buf = [0u8; 8];
    // SAFETY: reads into a valid buffer.
    assert_eq!(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), 8) }, 8);
    u64::from_ne_bytes(buf)
}

fn drain_byte(fd: libc::c_int) {
    let mut byte = 0u8;
    // SAFETY: reads into a valid byte.
    assert_eq!(
        unsafe { libc::read(fd, (&mut byte as *mut u8).cast(), 1) },
        1
    );
}

fn pidfd_open(pid: libc::pid_t) -> libc::c_int {
    // SAFETY: pidfd_open takes a pid and flags; the result is checked.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) } as libc::c_int;
    assert!(fd >= 0, "pidfd_open");
    fd
}

pub fn events_wake(cfg: &Config) {
    let per_round = (30 / cfg.scale.min(10)).max(3);
    // Everything on one CPU, the second thread and the children too (they
    // inherit it): a wake-up across cores on a VM costs 5 to 50 µs by
    // chance, which would drown the comparison (as in ping-pong).
    pin_to_one_cpu();
    let mut pool = idle_pool(MAX_N);
    let usr1 = SigSet::from(Signal::USR1);
    // Blocked before the second thread starts, which inherits the mask:
    // the process-directed SIGUSR1 then stays pending for the signalfd.
    let guard = usr1.block().expect("block SIGUSR1");
    let [pipe_r, pipe_w] = pipe_cloexec();
    let [stamp_r, stamp_w] = pipe_cloexec();
    let stamp = Arc::new(AtomicU64::new(0));
    let (poke, pokes) = mpsc::channel::<Poke>();
    let poker = {
        let stamp = Arc::clone(&stamp);
        std::thread::spawn(move || {
            for what in pokes {
                let end = now_ns() + 1_000_000;
                while now_ns() < end {
                    std::hint::spin_loop();
                }
                stamp.store(now_ns(), Ordering::Release);
                // SAFETY: a signal to this process, which blocks it in
                // every thread; one byte into our own pipe.
                unsafe {
                    match what {
                        Poke::Signal => assert_eq!(libc::kill(libc::getpid(), libc::SIGUSR1), 0),
                        Poke::Pipe => assert_eq!(libc::write(pipe_w, b"x".as_ptr().cast(), 1), 1),
                    }
                }
            }
        })
    };
    let mut late = 0u32;
    let mut samples = 0u32;
    for n in [1usize, 1000] {
        for wake in [Wake::Exit, Wake::Signal, Wake::Pipe] {
            // The collection: `n` slots; for an exit the last is the child
            // that exits, the others idle children.
            let idle = if wake == Wake::Exit { n - 1 } else { n };
            let first = MAX_N - idle;
            let end = if wake == Wake::Exit { MAX_N + 1 } else { MAX_N };
            compare_some(
                &[Variant::Libc, Variant::Facade],
                &format!("events wake: {}, {n} children registered", wake_name(wake)),
                "µs from the waker's stamp to the wait's return, median of each round",
                cfg,
                |v| {
                    let slots = &mut pool[first..end];
                    let mut lat = Vec::new();
                    let mut sample = |got: Option<u64>, from: u64| {
                        samples += 1;
                        match got {
                            Some(t) => lat.push(t.saturating_sub(from) as f64 / 1000.0),
                            None => late += 1,
                        }
                    };
                    match v {
                        Variant::Facade => {
                            let mut events = Events::new(Some(&guard)).expect("Events::new");
                            events
                                .watch(PIPE_KEY, pipe_r, Interest::Readable)
                                .expect("watch");
                            // Registers the idle children's pidfds, once.
                            assert_eq!(events.wait(slots, Some(Duration::ZERO)), Ok(None));
                            for _ in 0..per_round {
                                let (got, from) = facade_once(
                                    wake,
                                    &mut events,
                                    slots,
                                    &poke,
                                    &stamp,
                                    stamp_r,
                                    stamp_w,
                                );
                                sample(got, from);
                                if wake == Wake::Pipe {
                                    drain_byte(pipe_r);
                                }
                            }
                        }
                        _ => {
                            // The idle children's own pidfds (a second set
                            // would double what each fork copies and each
                            // exit closes).
                            let pidfds: Vec<libc::c_int> = slots
                                .iter()
                                .flatten()
                                .map(|c| c.pidfd().expect("a pidfd"))
                                .collect();
                            let mut hand = Hand::new(&guard, pipe_r, &pidfds);
                            for _ in 0..per_round {
                                let (got, from) = hand.once(wake, &poke, &stamp, stamp_r, stamp_w);
                                sample(got, from);
                                if wake == Wake::Pipe {
                                    drain_byte(pipe_r);
                                }
                            }
                            hand.close();
                        }
                    }
                    median(&mut lat)
                },
            );
        }
    }
    drop(poke);
    poker.join().expect("poker thread");
    kill_pool(&mut pool);
    unpin();
    drop(guard);
    // SAFETY: our pipes, closed once.
    unsafe {
        for fd in [pipe_r, pipe_w, stamp_r, stamp_w] {
            libc::close(fd);
        }
    }
    if std::env::var("PROCSIG_BENCH_VARIANT").is_err() {
        println!("  late (woke only at the timeout): {late} of {samples} waits\n");
        assert_eq!(late, 0, "events wake: {late} waits were late");
    }
}

/// One wake through `Events::wait`: (when it returned with the event, or
/// `None` if it timed out; the waker's stamp).
fn facade_once(
    wake: Wake,
    events: &mut Events<'_>,
    slots: &mut [Option<Child>],
    poke: &mpsc::Sender<Poke>,
    stamp: &AtomicU64,
    stamp_r: libc::c_int,
    stamp_w: libc::c_int,
) -> (Option<u64>, u64) {
    let last = slots.len() - 1;
    match wake {
        Wake::Exit => {
            // SAFETY: the child runs only async-signal-safe code.
            match unsafe { procsig::fork() }.expect("fork") {
                Fork::Child => stamp_and_exit(stamp_w),
                Fork::Parent(child) => slots[last] = Some(child),
            }
        }
        Wake::Signal => poke.send(Poke::Signal).expect("poke"),
        Wake::Pipe => poke.send(Poke::Pipe).expect("poke"),
    }
    let got = match events.wait(slots, Some(TIMEOUT)).expect("Events::wait") {
        None => None,
        Some(event) => {
            let t = now_ns();
            match (wake, event) {
                (
                    Wake::Exit,
                    Event::Child {
                        key,
                        ended: true,
                        status,
                    },
                ) => {
                    assert_eq!((key, status), (last, Ok(procsig::WaitStatus::Exited(0))));
                }
                (Wake::Signal, Event::Signal(info)) => assert_eq!(info.signal, Signal::USR1),
                (Wake::Pipe, Event::Fd { key, ready }) => {
                    assert!(key == PIPE_KEY && ready.readable);
                }
                (_, other) => panic!("unexpected event {other:?}"),
            }
            Some(t)
        }
    };
    let from = match wake {
        Wake::Exit => read_stamp(stamp_r),
        _ => stamp.load(Ordering::Acquire),
    };
    (got, from)
}

/// The same loop by hand: one epoll instance holding a signalfd, the pipe
/// and every child's pidfd, one report per `epoll_wait`.
struct Hand {
    epoll: libc::c_int,
    sfd: libc::c_int,
}

impl Hand {
    fn new(guard: &MaskGuard, pipe_r: libc::c_int, idle_pidfds: &[libc::c_int]) -> Hand {
        // SAFETY: plain libc calls on descriptors this struct owns; the set
        // is a valid, blocked sigset_t.
        unsafe {
            let epoll = libc::epoll_create1(libc::EPOLL_CLOEXEC);
            assert!(epoll >= 0);
            let sfd = libc::signalfd(
                -1,
                guard.blocked().as_sigset_t(),
                libc::SFD_CLOEXEC | libc::SFD_NONBLOCK,
            );
            assert!(sfd >= 0);
            let hand = Hand { epoll, sfd };
            hand.add(sfd, TAG_SIGNALS);
            hand.add(pipe_r, TAG_PIPE);
            for &fd in idle_pidfds {
                hand.add(fd, TAG_CHILD | fd as u64);
            }
            hand
        }
    }

    fn add(&self, fd: libc::c_int, data: u64) {
        let mut ev = libc::epoll_event {
            events: libc::EPOLLIN as u32,
            u64: data,
        };
        // SAFETY: a live event; both descriptors are open.
        let r = unsafe { libc::epoll_ctl(self.epoll, libc::EPOLL_CTL_ADD, fd, &mut ev) };
        assert_eq!(r, 0, "epoll_ctl(ADD, {fd}): {}", procsig::Errno::last());
    }

    fn once(
        &mut self,
        wake: Wake,
        poke: &mpsc::Sender<Poke>,
        stamp: &AtomicU64,
        stamp_r: libc::c_int,
        stamp_w: libc::c_int,
    ) -> (Option<u64>, u64) {
        match wake {
            Wake::Exit => {
                // SAFETY: the child runs only async-signal-safe code.
                let pid = unsafe { libc::fork() };
                assert!(pid >= 0);
                if pid == 0 {
                    stamp_and_exit(stamp_w);
                }
                let fd = pidfd_open(pid);
                self.add(fd, TAG_CHILD | fd as u64);
            }
            Wake::Signal => poke.send(Poke::Signal).expect("poke"),
            Wake::Pipe => poke.send(Poke::Pipe).expect("poke"),
        }
        let got = self.wait();
        let from = match wake {
            Wake::Exit => read_stamp(stamp_r),
            _ => stamp.load(Ordering::Acquire),
        };
        (got, from)
    }

    /// Waits for one event and takes it: a signal's record read, a child
    /// reaped and its pidfd closed; the clock when done, `None` if late.
    fn wait(&mut self) -> Option<u64> {
        loop {
            let mut ev = [libc::epoll_event { events: 0, u64: 0 }];
            // SAFETY: a live one-element buffer; our instance.
            let r = unsafe { libc::epoll_wait(self.epoll, ev.as_mut_ptr(), 1, TIMEOUT_MS) };
            if r == 0 {
                return None;
            }
            if r < 0 {
                assert_eq!(procsig::Errno::last(), procsig::Errno::EINTR);
                continue;
            }
            let data = ev[0].u64;
            match data & (3 << 62) {
                TAG_SIGNALS => {
                    // SAFETY: plain data; the kernel fills a whole record.
                    let mut rec: libc::signalfd_siginfo = unsafe { std::mem::zeroed() };
                    let size = std::mem::size_of::<libc::signalfd_siginfo>();
                    // SAFETY: our signalfd, a buffer of one record.
                    let got = unsafe {
                        libc::read(
                            self.sfd,
                            (&mut rec as *mut libc::signalfd_siginfo).cast(),
                            size,
                        )
                    };
                    if got != size as isize {
                        continue;
                    }
                    let t = now_ns();
                    assert_eq!(rec.ssi_signo, libc::SIGUSR1 as u32);
                    return Some(t);
                }
                TAG_PIPE => return Some(now_ns()),
                _ => {
                    let fd = (data & 0xffff_ffff) as libc::c_int;
                    // SAFETY: our child's pidfd, reaped once, then closed.
                    unsafe {
                        let mut info: libc::siginfo_t = std::mem::zeroed();
                        let r = libc::waitid(
                            libc::P_PIDFD,
                            fd as libc::id_t,
                            &mut info,
                            libc::WEXITED | libc::WNOHANG,
                        );
                        assert_eq!(r, 0);
                        libc::close(fd);
                    }
                    return Some(now_ns());
                }
            }
        }
    }

    fn close(self) {
        // SAFETY: descriptors this struct owns, closed once.
        unsafe {
            libc::close(self.sfd);
            libc::close(self.epoll);
        }
    }
}

// ---- wait_any: its own poll, or an event wait per call -------------------

/// What `wait_any` would be on the event wait: an `Events` for the call
/// (no signals: every child here has a pidfd), dropped at its end.
fn wait_any_on_events(children: &mut [Option<Child>], timeout: Option<Duration>) -> Option<usize> {
    let mut events = Events::new(None).expect("Events::new");
    loop {
        match events.wait(children, timeout).expect("Events::wait") {
            Some(Event::Child {
                key, ended: true, ..
            }) => return Some(key),
            Some(_) => {}
            None => return None,
        }
    }
}

/// Two ways, interleaved as `compare_some` does, with their own names:
/// the first is the baseline of the ratio.
fn compare_two(
    title: &str,
    unit: &str,
    cfg: &Config,
    names: [&str; 2],
    mut measure: impl FnMut(usize) -> f64,
) {
    let mut samples = [Vec::new(), Vec::new()];
    let mut ratios = Vec::new();
    measure(0);
    for round in 0..cfg.rounds {
        let mut this = [0.0; 2];
        for k in 0..2 {
            let i = (round + k) % 2;
            this[i] = measure(i);
        }
        samples[0].push(this[0]);
        samples[1].push(this[1]);
        ratios.push(this[1] / this[0]);
    }
    println!("{title} ({unit})");
    for (i, s) in samples.iter_mut().enumerate() {
        let m = median(s);
        println!(
            "  {:<22} median {:>10.1}  spread {:.1}..{:.1}",
            names[i],
            m,
            s[0],
            s[s.len() - 1]
        );
    }
    let m = median(&mut ratios);
    println!(
        "  ratio {}/{} = {m:.2} (per-round ratios {:.2}..{:.2})\n",
        names[1],
        names[0],
        ratios[0],
        ratios[ratios.len() - 1]
    );
}

pub fn wait_any_choice(cfg: &Config) {
    if std::env::var("PROCSIG_BENCH_VARIANT").is_ok() {
        return;
    }
    let per_round = (20 / cfg.scale.min(10)).max(3);
    let mut pool = idle_pool(MAX_N);
    let [stamp_r, stamp_w] = pipe_cloexec();
    let names = ["wait_any (poll)", "Events per call"];
    for n in [1usize, 100, 1000] {
        let first = MAX_N - (n - 1);
        compare_two(
            &format!("wait-any: a call that returns at once, {n} children (the ended one last)"),
            "µs per call, median of each round",
            cfg,
            names,
            |i| {
                let slots = &mut pool[first..];
                let last = slots.len() - 1;
                let mut took = Vec::new();
                for _ in 0..per_round {
                    // SAFETY: the child only exits.
                    let child = match unsafe { procsig::fork() }.expect("fork") {
                        Fork::Child => procsig::exit(0),
                        Fork::Parent(child) => child,
                    };
                    // Ended before the call (reaped by neither yet).
                    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
                    // SAFETY: our child; WNOWAIT leaves it for the wait.
                    let r = unsafe {
                        libc::waitid(
                            libc::P_PID,
                            child.pid().as_raw() as libc::id_t,
                            &mut info,
                            libc::WEXITED | libc::WNOWAIT,
                        )
                    };
                    assert_eq!(r, 0);
                    slots[last] = Some(child);
                    let start = Instant::now();
                    let key = if i == 0 {
                        wait_any(slots, Some(TIMEOUT))
                            .expect("wait_any")
                            .map(|e| e.index)
                    } else {
                        wait_any_on_events(slots, Some(TIMEOUT))
                    };
                    took.push(start.elapsed().as_nanos() as f64 / 1000.0);
                    assert_eq!(key, Some(last));
                }
                median(&mut took)
            },
        );
        compare_two(
            &format!("wait-any: wake latency from a child's exit, {n} children"),
            "µs from the child's stamp to the return, median of each round",
            cfg,
            names,
            |i| {
                let slots = &mut pool[first..];
                let last = slots.len() - 1;
                let mut lat = Vec::new();
                for _ in 0..per_round {
                    // SAFETY: the child runs only async-signal-safe code.
                    match unsafe { procsig::fork() }.expect("fork") {
                        Fork::Child => stamp_and_exit(stamp_w),
                        Fork::Parent(child) => slots[last] = Some(child),
                    }
                    let key = if i == 0 {
                        wait_any(slots, Some(TIMEOUT))
                            .expect("wait_any")
                            .map(|e| e.index)
                    } else {
                        wait_any_on_events(slots, Some(TIMEOUT))
                    };
                    let t = now_ns();
                    assert_eq!(key, Some(last), "late or wrong child");
                    lat.push(t.saturating_sub(read_stamp(stamp_r)) as f64 / 1000.0);
                }
                median(&mut lat)
            },
        );
    }
    kill_pool(&mut pool);
    // SAFETY: our pipe, closed once.
    unsafe {
        libc::close(stamp_r);
        libc::close(stamp_w);
    }
}
