//! `MaskGuard`s of one thread dropped in any order, made in a signal
//! handler, carried across `fork` and spread over many threads (issue 16,
//! item 1); and waits on sets that hold signals no wait can return, such as
//! `SigSet::full()` (item 9).
//!
//! The promise under test: a signal stays blocked while any live guard of
//! the thread holds it, and once none does, it is blocked exactly if it was
//! blocked (by other code) before the first of them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use procsig::{fork, kill, Errno, Fork, MaskGuard, Pid, SigSet, Signal};

use crate::support::*;

fn current() -> SigSet {
    SigSet::current().unwrap()
}

/// Issue 16's reproduction, in a child of its own, so that a death by
/// SIGUSR1 shows as this scenario's failure ("killed by signal 10").
pub fn older_guard_keeps_what_a_younger_holds() {
    let child = spawn(|| {
        let a = SigSet::from(Signal::USR1).block().unwrap();
        let b = SigSet::from([Signal::USR1, Signal::USR2]).block().unwrap();
        drop(a);
        kill(Pid::this(), Signal::USR1).unwrap();
        assert_eq!(b.wait(), Ok(Signal::USR1));
        drop(b);
        assert_eq!(current(), SigSet::empty(), "b left something blocked");
        0
    });
    reap_ok(child);
}

/// The six orders of three indices.
const ORDERS: [[usize; 3]; 6] = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
];

/// Three overlapping guards, made in each order and dropped in each order
/// (36 runs): after every drop the mask is exactly what was blocked before
/// plus what the live guards hold. WINCH was blocked by other code before
/// any guard, and a guard's set holds it: it stays blocked throughout.
pub fn every_drop_order_of_three_guards() {
    block(&[libc::SIGWINCH]);
    let before = current();
    let sets = [
        SigSet::from([Signal::USR1, Signal::USR2]),
        SigSet::from([Signal::USR2, Signal::HUP, Signal::WINCH]),
        SigSet::from([Signal::USR1, Signal::HUP, Signal::TERM]),
    ];
    for made in ORDERS {
        for dropped in ORDERS {
            let mut guards: [Option<MaskGuard>; 3] = [None, None, None];
            for &i in &made {
                guards[i] = Some(sets[i].block().unwrap());
            }
            for (step, &i) in dropped.iter().enumerate() {
                drop(guards[i].take());
                let expected = dropped[step + 1..]
                    .iter()
                    .fold(before, |acc, &live| acc.union(&sets[live]));
                assert_eq!(
                    current(),
                    expected,
                    "made in order {made:?}, dropped in order {dropped:?}: wrong mask after \
                     dropping guard {i}"
                );
            }
            assert_eq!(current(), before);
        }
    }
}

static HANDLER_RUNS: AtomicUsize = AtomicUsize::new(0);
static HANDLER_FAULTS: AtomicUsize = AtomicUsize::new(0);

/// A handler that makes two guards and drops them out of order, checking
/// (async-signal-safely: no panic, no allocation) that the first drop left
/// their shared signal blocked and that it leaves the mask as it found it.
extern "C" fn guards_in_handler(_: libc::c_int) {
    let fault = || HANDLER_FAULTS.fetch_add(1, Ordering::SeqCst);
    let Ok(entry) = SigSet::current() else {
        fault();
        return;
    };
    let first = SigSet::from([Signal::USR1, Signal::HUP]).block();
    let second = SigSet::from([Signal::HUP, Signal::TERM]).block();
    match (first, second) {
        (Ok(first), Ok(second)) => {
            drop(first);
            if !SigSet::current().is_ok_and(|m| m.contains(Signal::HUP)) {
                fault();
            }
            drop(second);
        }
        _ => {
            fault();
        }
    }
    if SigSet::current() != Ok(entry) {
        fault();
    }
    HANDLER_RUNS.fetch_add(1, Ordering::SeqCst);
}

fn install_guards_in_handler(sig: libc::c_int) {
    set_disposition(sig, guards_in_handler as *const () as libc::sighandler_t);
}

/// A handler that makes and drops guards runs while the thread holds
/// guards that share its signals; the outer guards then drop out of order.
pub fn guards_in_a_signal_handler() {
    install_guards_in_handler(libc::SIGPROF);
    let a = SigSet::from(Signal::USR1).block().unwrap();
    let b = SigSet::from([Signal::USR1, Signal::WINCH]).block().unwrap();
    // Delivered before `kill` returns: the process has one thread, which
    // does not block PROF.
    kill(Pid::this(), Signal::PROF).unwrap();
    assert_eq!(HANDLER_RUNS.load(Ordering::SeqCst), 1);
    assert_eq!(HANDLER_FAULTS.load(Ordering::SeqCst), 0);
    assert_eq!(current(), SigSet::from([Signal::USR1, Signal::WINCH]));
    drop(a);
    assert_eq!(current(), SigSet::from([Signal::USR1, Signal::WINCH]));
    drop(b);
    assert_eq!(current(), SigSet::empty());
}

/// The same handler, sent as fast as a helper process can while this
/// thread makes and drops overlapping guards out of order in a loop, and by
/// a profiling timer (which interrupts at arbitrary instructions, not only
/// on the way out of a system call): the handler lands at arbitrary points
/// of `block` and of the drop (most often right after their `sigprocmask`,
/// where the bookkeeping is half done). Neither the handler's checks nor
/// the loop's may ever fail.
pub fn guards_interrupted_by_a_handler_flood() {
    install_guards_in_handler(libc::SIGPROF);
    let tick = libc::timeval {
        tv_sec: 0,
        tv_usec: 100,
    };
    let timer = libc::itimerval {
        it_interval: tick,
        it_value: tick,
    };
    assert_eq!(
        unsafe { libc::setitimer(libc::ITIMER_PROF, &timer, std::ptr::null_mut()) },
        0
    );
    let me = Pid::this().as_raw();
    let helper = spawn(move || loop {
        if unsafe { libc::kill(me, libc::SIGPROF) } != 0 {
            return 0;
        }
        unsafe { libc::sched_yield() };
    });
    let one = SigSet::from([Signal::USR1, Signal::HUP]);
    let two = SigSet::from([Signal::HUP, Signal::TERM, Signal::USR2]);
    let mut rounds = 0u64;
    // 20 000 rounds and 1 000 interruptions; on a loaded machine the flood
    // can starve the loop, so after 10 s what was done must do: at least
    // 1 000 rounds and 100 handler runs (checked below).
    let start = std::time::Instant::now();
    while (rounds < 20_000 || HANDLER_RUNS.load(Ordering::SeqCst) < 1_000)
        && start.elapsed() < std::time::Duration::from_secs(10)
    {
        let a = one.block().unwrap();
        let b = two.block().unwrap();
        drop(a);
        let held = current();
        assert!(held.contains(Signal::HUP) && !held.contains(Signal::USR1));
        let c = one.block().unwrap();
        drop(b);
        assert_eq!(current(), one);
        drop(c);
        assert_eq!(current(), SigSet::empty());
        rounds += 1;
    }
    let off: libc::itimerval = unsafe { std::mem::zeroed() };
    unsafe { libc::setitimer(libc::ITIMER_PROF, &off, std::ptr::null_mut()) };
    unsafe { libc::kill(helper, libc::SIGKILL) };
    reap(helper);
    assert_eq!(HANDLER_FAULTS.load(Ordering::SeqCst), 0);
    assert!(
        rounds >= 1_000 && HANDLER_RUNS.load(Ordering::SeqCst) >= 100,
        "only {rounds} rounds and {} handler runs in 10 s",
        HANDLER_RUNS.load(Ordering::SeqCst)
    );
    println!(
        "{rounds} rounds, {} handler runs",
        HANDLER_RUNS.load(Ordering::SeqCst)
    );
}

/// Guards live across `fork`: the child (same thread identity, a copy of
/// the holds) drops them out of order, and so, independently, does the
/// parent.
pub fn fork_with_live_guards() {
    let mut a = Some(SigSet::from(Signal::USR1).block().unwrap());
    let mut b = Some(SigSet::from([Signal::USR1, Signal::USR2]).block().unwrap());
    // SAFETY: single-threaded scenario.
    match unsafe { fork() }.unwrap() {
        Fork::Child => {
            let body = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                drop(a.take());
                kill(Pid::this(), Signal::USR1).unwrap();
                assert_eq!(b.as_ref().unwrap().wait(), Ok(Signal::USR1));
                drop(b.take());
                assert_eq!(current(), SigSet::empty());
                // The child's own guards work as anywhere.
                let c = SigSet::from(Signal::HUP).block().unwrap();
                let d = SigSet::from([Signal::HUP, Signal::INT]).block().unwrap();
                drop(c);
                assert_eq!(current(), SigSet::from([Signal::HUP, Signal::INT]));
                drop(d);
                assert_eq!(current(), SigSet::empty());
            }));
            procsig::exit(i32::from(body.is_err()));
        }
        Fork::Parent(child) => {
            assert_eq!(child.wait(), Ok(procsig::WaitStatus::Exited(0)));
            drop(b.take());
            assert_eq!(current(), SigSet::from(Signal::USR1));
            drop(a.take());
            assert_eq!(current(), SigSet::empty());
        }
    }
}

/// Each thread's holds are its own; the table of threads holding guards
/// has 64 entries (documented on `SigSet::block`), a 65th thread is refused
/// with EAGAIN, and entries are given back when a thread's last guard
/// drops.
pub fn threads_hold_their_own_and_the_table_is_bounded() {
    let main_guard = SigSet::from(Signal::USR1).block().unwrap();
    // A thread inherits USR1 blocked: its guard finds it blocked by "other
    // code" and must leave it blocked; USR2 it blocked itself.
    std::thread::spawn(|| {
        let before = current();
        assert!(before.contains(Signal::USR1));
        let g = SigSet::from([Signal::USR1, Signal::USR2]).block().unwrap();
        drop(g);
        assert_eq!(current(), before);
    })
    .join()
    .unwrap();

    // This thread holds one entry; 63 more threads fill the table.
    let (report, results) = mpsc::channel();
    let mut releases = Vec::new();
    let mut threads = Vec::new();
    for _ in 0..64 {
        let (release, released) = mpsc::channel::<()>();
        let report = report.clone();
        releases.push(release);
        threads.push(std::thread::spawn(move || {
            let guard = SigSet::from(Signal::USR2).block();
            report
                .send(guard.as_ref().map(drop).map_err(|&e| e))
                .unwrap();
            let _ = released.recv();
            drop(guard);
        }));
        // One at a time, so that the 64th thread is the one refused.
        let r = results
            .recv_timeout(Duration::from_secs(20))
            .expect("a thread did not report");
        let n = threads.len();
        if n < 64 {
            assert_eq!(r, Ok(()), "thread {n} of 63 was refused");
        } else {
            assert_eq!(r, Err(Errno::EAGAIN), "a 65th holder was let in");
        }
    }
    drop(releases);
    for t in threads {
        t.join().unwrap();
    }
    drop(main_guard);
    // Every entry was given back: more threads than the table holds, one
    // after another, each get one.
    for i in 0..100 {
        std::thread::spawn(move || {
            let g = SigSet::from(Signal::USR2).block();
            assert!(g.is_ok(), "thread {i}: {:?}", g.err());
        })
        .join()
        .unwrap();
    }
}

/// Item 9: every wait on `SigSet::full()` (which holds KILL and STOP, that
/// no mask can hold) works once the set is blocked, through the set and
/// through its guard, timed and not, with and without the sender's info.
#[cfg(all(procsig_timed_wait, procsig_linux))]
pub fn waits_on_the_full_set() {
    let full = SigSet::full();
    assert!(full.contains(Signal::KILL) && full.contains(Signal::STOP));
    let guard = full.block().unwrap();
    let usr1 = || kill(Pid::this(), Signal::USR1).unwrap();
    let long = Duration::from_secs(20);
    usr1();
    assert_eq!(full.wait(), Ok(Signal::USR1), "SigSet::wait");
    usr1();
    assert_eq!(guard.wait(), Ok(Signal::USR1), "MaskGuard::wait");
    usr1();
    assert_eq!(full.wait_timeout(long), Ok(Some(Signal::USR1)));
    usr1();
    assert_eq!(guard.wait_timeout(long), Ok(Some(Signal::USR1)));
    assert_eq!(full.wait_timeout(Duration::ZERO), Ok(None));
    assert_eq!(guard.wait_timeout(Duration::ZERO), Ok(None));
    usr1();
    assert_eq!(full.wait_info().map(|i| i.signal), Ok(Signal::USR1));
    usr1();
    assert_eq!(guard.wait_info().map(|i| i.signal), Ok(Signal::USR1));
    usr1();
    assert_eq!(
        guard.wait_info_timeout(long).map(|i| i.map(|i| i.signal)),
        Ok(Some(Signal::USR1))
    );
    // A set of only what cannot be waited for is still refused.
    assert_eq!(
        SigSet::from([Signal::KILL, Signal::STOP]).wait(),
        Err(Errno::EINVAL)
    );
}

/// A bit that is no signal of this target (32: glibc's and musl's own) in
/// a waited set is ignored too: blocked and pending here by the kernel's
/// own call, a wait on a set that holds it must neither take it (it is the
/// C library's) nor fail because of it.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn waits_ignore_bits_that_are_no_signal() {
    let bit32 = 1u64 << 31;
    let r = unsafe {
        libc::syscall(
            libc::SYS_rt_sigprocmask,
            libc::SIG_BLOCK,
            &bit32 as *const u64,
            std::ptr::null_mut::<u64>(),
            8,
        )
    };
    assert_eq!(r, 0);
    assert_eq!(unsafe { libc::kill(libc::getpid(), 32) }, 0);
    let mut raw = *SigSet::from(Signal::USR1).as_sigset_t();
    // glibc's sigaddset refuses 32, so the set's first word is written
    // directly (bit 31 of a valid set; every bit pattern is valid).
    unsafe { *(&mut raw as *mut libc::sigset_t).cast::<u64>() |= bit32 };
    let set = SigSet::from_sigset_t(raw);
    let guard = set.block().unwrap();
    assert_eq!(
        guard.wait_timeout(Duration::ZERO),
        Ok(None),
        "took signal 32"
    );
    assert_eq!(set.wait_timeout(Duration::ZERO), Ok(None), "took signal 32");
    kill(Pid::this(), Signal::USR1).unwrap();
    assert_eq!(set.wait(), Ok(Signal::USR1));
    kill(Pid::this(), Signal::USR1).unwrap();
    assert_eq!(guard.wait(), Ok(Signal::USR1));
}
