//! The event wait's kqueue-only scenarios (macOS, FreeBSD): ends without
//! `SIGCHLD`, what a signal's `SigInfo` holds on each target, and a
//! forked copy that has no kqueue. Compiled and linted here
//! (Linux has no kqueue); written to run there.

use std::time::Duration;

use procsig::{kill, Errno, Event, Events, Pid, SigSet, Signal, WaitStatus};

use crate::events::{held, LIMIT, SHORT};
use crate::fork_child;
use crate::support::*;

/// A wait with no guard at all reports a child's end: its `EVFILT_PROC`
/// filter wakes it, with `SIGCHLD` unblocked (and so discarded, BSD's
/// default) in every thread.
pub fn ends_need_no_sigchld() {
    assert!(!is_member(&mask(), libc::SIGCHLD));
    let mut events = Events::new(None).unwrap();
    let (child, release) = held(6);
    let mut children = [Some(child)];
    assert_eq!(events.wait(&mut children, Some(Duration::ZERO)), Ok(None));
    close(release);
    assert_eq!(
        events.wait(&mut children, Some(SHORT)),
        Ok(Some(Event::Child {
            key: 0,
            status: Ok(WaitStatus::Exited(6)),
            ended: true
        }))
    );
}

/// FreeBSD reads the kernel's `siginfo_t` (`SI_USER` is 0x10001 there);
/// macOS's `sigwait` tells the number only, and the `SigInfo` says so.
/// Either way the signal is taken: no longer pending.
pub fn signal_details_as_the_target_tells() {
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    kill(Pid::this(), Signal::USR1).unwrap();
    let Some(Event::Signal(info)) = events.wait(&mut [], Some(SHORT)).unwrap() else {
        panic!("no signal")
    };
    assert_eq!(info.signal, Signal::USR1);
    if cfg!(procsig_sigtimedwait) {
        assert!(info.detailed);
        assert_eq!(
            (info.sender, info.code, info.value),
            (Some(Pid::this()), 0x10001, None)
        );
    } else {
        assert!(!info.detailed);
        assert_eq!((info.sender, info.code, info.value), (None, 0, None));
    }
    assert!(!is_member(&pending(), libc::SIGUSR1));
}

/// A kqueue is not inherited by `fork`: in the child its number is free,
/// and may be anything the child opens. The copy refuses to act, and its
/// drop closes nothing: every number the child fills stays open.
pub fn forked_copy_drop_closes_nothing() {
    let mut events = Events::new(None).unwrap();
    let copy = fork_child(move || {
        let (r, _w) = pipe();
        // Fill every free number below 256 (the kqueue's among them).
        let filled: Vec<libc::c_int> = (3..256)
            .filter(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1)
            .filter(|&fd| unsafe { libc::dup2(r, fd) } == fd)
            .collect();
        let refused = events.wait(&mut [], Some(Duration::ZERO)) == Err(procsig::Errno::ECHILD);
        drop(events);
        let open = filled
            .iter()
            .all(|&fd| unsafe { libc::fcntl(fd, libc::F_GETFD) } != -1);
        if refused && open && !filled.is_empty() {
            0
        } else {
            eprintln!("refused {refused}, all still open {open}, filled {filled:?}");
            1
        }
    });
    assert_eq!(copy.wait(), Ok(WaitStatus::Exited(0)));
}

/// The next signal the wait reports within [`LIMIT`], skipping nothing:
/// any other event fails the scenario.
fn next_signal(events: &mut Events<'_>) -> Signal {
    match events.wait(&mut [], Some(LIMIT)) {
        Ok(Some(Event::Signal(info))) => info.signal,
        other => panic!("expected a signal, got {other:?}"),
    }
}

/// Issue 21, finding 1 (macOS). Off the main thread `sigpending` cannot
/// see a process-directed signal that every thread blocks (XNU makes it
/// pending on the main thread: `tests/conformance/kqueue.rs`), so the
/// waits that look with it refuse there, `ENOTSUP`: the event wait over
/// signals and the timed signal waits. A wait with no signals runs on any
/// thread; on the main thread the signal is reported. (FreeBSD waits on
/// any thread: `events::every_kind_on_a_worker_thread`.)
#[cfg(not(procsig_sigtimedwait))]
pub fn signals_refused_off_the_main_thread() {
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    let worker = std::thread::spawn(|| {
        // The mask is inherited: USR1 is blocked here too.
        let guard = SigSet::from(Signal::USR1).block().unwrap();
        (
            Events::new(Some(&guard)).err(),
            Events::new(None).is_ok(),
            guard.wait_timeout(Duration::ZERO).err(),
            SigSet::from(Signal::USR1)
                .wait_timeout(Duration::ZERO)
                .err(),
        )
    });
    assert_eq!(
        worker.join().unwrap(),
        (
            Some(Errno::ENOTSUP),
            true,
            Some(Errno::ENOTSUP),
            Some(Errno::ENOTSUP)
        )
    );
    let mut events = Events::new(Some(&guard)).unwrap();
    kill(Pid::this(), Signal::USR1).unwrap();
    assert_eq!(next_signal(&mut events), Signal::USR1);
}

/// Issue 21, finding 3. A thread-directed signal is reported: `raise`
/// after a first wait, and `pthread_kill` from another thread while this
/// one waits (or before it does: either way). XNU fires no
/// `EVFILT_SIGNAL` filter for either, so the macOS wait looks at what is
/// pending before each sleep and sleeps at most a second; before, both
/// slept out the timeout. FreeBSD's filter fires for both.
pub fn thread_directed_signals_are_reported() {
    let guard = SigSet::from([Signal::USR1, Signal::USR2]).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    assert_eq!(events.wait(&mut [], Some(Duration::ZERO)), Ok(None));
    procsig::raise(Signal::USR1).unwrap();
    assert_eq!(next_signal(&mut events), Signal::USR1);
    // A `pthread_t` is a pointer on both targets: sent as an address.
    let me = unsafe { libc::pthread_self() } as usize;
    let sender = std::thread::spawn(move || unsafe {
        libc::pthread_kill(me as libc::pthread_t, libc::SIGUSR2)
    });
    assert_eq!(next_signal(&mut events), Signal::USR2);
    assert_eq!(sender.join().unwrap(), 0);
}

/// Issue 21, finding 6. BSD and macOS discard a blocked signal whose
/// default is to be ignored while it is at `SIG_DFL`: [`SigSet::block`]
/// installs a no-op handler, but another thread's guard or the program
/// may put `SIG_DFL` back while this wait's guard lives. The wait then
/// refuses (`EINVAL`) instead of never reporting it: a plain signal of
/// the set, and `SIGCHLD` in a wait over stops. Before, the waits
/// returned `None` and the signals were lost.
pub fn default_ignored_at_sig_dfl_refused() {
    extern "C" fn mine(_: libc::c_int) {}
    let guard = SigSet::from([Signal::CHLD, Signal::WINCH]).block().unwrap();
    let mut events = Events::with_stops(&guard).unwrap();
    assert_eq!(events.wait(&mut [], Some(Duration::ZERO)), Ok(None));
    procsig::reset_disposition(Signal::WINCH).unwrap();
    assert_eq!(
        events.wait(&mut [], Some(Duration::ZERO)),
        Err(Errno::EINVAL)
    );
    assert_eq!(Events::new(Some(&guard)).err(), Some(Errno::EINVAL));
    // A handler of the program's keeps WINCH; now SIGCHLD goes.
    set_disposition(libc::SIGWINCH, mine as *const () as libc::sighandler_t);
    assert_eq!(events.wait(&mut [], Some(Duration::ZERO)), Ok(None));
    procsig::reset_disposition(Signal::CHLD).unwrap();
    assert_eq!(
        events.wait(&mut [], Some(Duration::ZERO)),
        Err(Errno::EINVAL)
    );
    assert_eq!(Events::with_stops(&guard).err(), Some(Errno::EINVAL));
}

/// Issue 21, second review, finding 1. The std runtime puts `SIGPIPE` at
/// `SIG_IGN` before `main`, and blocking it leaves it there: BSD and macOS
/// fire the filter, then discard each send, so the wait would never
/// report one. `Events::new` and `with_stops` refuse (`EINVAL`), as each
/// wait does if a signal of the set is ignored later; after
/// `reset_disposition` the guard's no-op handler keeps it, and it is
/// reported.
pub fn ignored_signal_refused() {
    // As std's runtime leaves it (the scenario runner resets dispositions).
    procsig::ignore(Signal::PIPE).unwrap();
    let guard = SigSet::from([Signal::PIPE, Signal::CHLD]).block().unwrap();
    assert_eq!(Events::new(Some(&guard)).err(), Some(Errno::EINVAL));
    assert_eq!(Events::with_stops(&guard).err(), Some(Errno::EINVAL));
    drop(guard);
    procsig::reset_disposition(Signal::PIPE).unwrap();
    let guard = SigSet::from([Signal::PIPE, Signal::CHLD]).block().unwrap();
    let mut events = Events::with_stops(&guard).unwrap();
    kill(Pid::this(), Signal::PIPE).unwrap();
    assert_eq!(next_signal(&mut events), Signal::PIPE);
    procsig::ignore(Signal::PIPE).unwrap();
    assert_eq!(
        events.wait(&mut [], Some(Duration::ZERO)),
        Err(Errno::EINVAL)
    );
}

/// Issue 21, second review, finding 2. A wait with no time limit and no
/// stops sleeps on FreeBSD until a report comes (no slices): another
/// thread that puts `SIG_DFL` back on a default-ignored signal of the set,
/// then sends it, fires the filter before the kernel discards the signal.
/// The report's take finds nothing; the dispositions are read again then,
/// and the wait fails (`EINVAL`) instead of sleeping on for good. (macOS
/// notices within its one-second slices.)
pub fn sig_dfl_put_back_during_an_endless_wait_refused() {
    let guard = SigSet::from(Signal::WINCH).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let flipper = std::thread::spawn(|| {
        procsig::reset_disposition(Signal::WINCH).unwrap();
        kill(Pid::this(), Signal::WINCH).unwrap();
    });
    assert_eq!(events.wait(&mut [], None), Err(Errno::EINVAL));
    flipper.join().unwrap();
}

/// Issue 21, finding 4 (FreeBSD). The zero-timeout `sigtimedwait` that
/// takes a reported signal fails (`EAGAIN`) when the kernel would first
/// deliver a handled signal this thread does not block, numbered below
/// (here `SIGHUP`, 1, below `SIGUSR1`): the report must not be dropped
/// then. A helper process sends a stream of `SIGHUP` with one `SIGUSR1`
/// in the middle; the `SIGUSR1` is reported. The window is narrow: a run
/// that passes proves little, one that fails proves the loss.
pub fn reported_amid_lower_handled_signals() {
    extern "C" fn counted(_: libc::c_int) {}
    set_disposition(libc::SIGHUP, counted as *const () as libc::sighandler_t);
    let guard = SigSet::from(Signal::USR1).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let me = unsafe { libc::getpid() };
    let sender = spawn(move || {
        for i in 0..20_000 {
            unsafe { libc::kill(me, libc::SIGHUP) };
            if i == 10_000 {
                unsafe { libc::kill(me, libc::SIGUSR1) };
            }
        }
        0
    });
    assert_eq!(next_signal(&mut events), Signal::USR1);
    reap_ok(sender);
}

/// Issue 21, finding 5 (FreeBSD). While a child is exiting but not yet a
/// zombie (its exit lingers in `close` for seconds), its filter fires at
/// once each time it is attached: a zero-timeout wait returns `None`
/// promptly instead of spinning until the zombie is there, and a wait
/// with time reports the end when it comes.
#[cfg(target_os = "freebsd")]
pub fn exiting_child_neither_spins_nor_keeps_a_zero_wait() {
    let (listener, addr) = silent_listener();
    let child = crate::fork_child(move || {
        fill_and_linger(&addr, 3);
        4
    });
    await_exiting(child.pid().as_raw());
    let mut events = Events::new(None).unwrap();
    let mut children = [Some(child)];
    for _ in 0..3 {
        assert_eq!(
            events.wait(&mut children, Some(Duration::ZERO)),
            Ok(None),
            "still exiting: nothing yet, and the time is up"
        );
    }
    let before = usage();
    assert_eq!(
        events.wait(&mut children, Some(LIMIT)),
        Ok(Some(Event::Child {
            key: 0,
            status: Ok(WaitStatus::Exited(4)),
            ended: true
        }))
    );
    let after = usage();
    // The child lingers about 3 s in its exit. Polled every millisecond,
    // that is some 3,000 sleeps (each a voluntary context switch) and
    // ~20,000 system calls; with the back-off (1 ms doubling to 256 ms),
    // about 20 sleeps.
    let switches = after.ru_nvcsw - before.ru_nvcsw;
    assert!(switches < 200, "{switches} sleeps while the child exited");
    let cpu = cpu_time(&after) - cpu_time(&before);
    assert!(
        cpu < Duration::from_millis(50),
        "{cpu:?} of CPU while the child exited"
    );
    close(listener);
}

/// This process's resource usage (`getrusage(RUSAGE_SELF)`).
#[cfg(target_os = "freebsd")]
fn usage() -> libc::rusage {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) }, 0);
    usage
}

/// User plus system time of `usage`.
#[cfg(target_os = "freebsd")]
fn cpu_time(usage: &libc::rusage) -> Duration {
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}
