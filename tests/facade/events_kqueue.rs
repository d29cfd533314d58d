//! The event wait's kqueue-only scenarios (macOS, FreeBSD): ends without
//! `SIGCHLD`, what a signal's `SigInfo` holds on each target, and a
//! forked copy that has no kqueue. Compiled and linted here
//! (Linux has no kqueue); written to run there.

use std::time::Duration;

use procsig::{kill, Event, Events, Pid, SigSet, Signal, WaitStatus};

use crate::events::{held, SHORT};
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
