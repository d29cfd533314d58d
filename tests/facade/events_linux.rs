//! The event wait's Linux-only scenarios: what the pidfds in its epoll
//! instance must never be confused with, and a change of `SIGCHLD`'s
//! action while a wait sleeps in `epoll_wait` (found through `/proc`).

use std::time::{Duration, Instant};

use procsig::{Child, Errno, Event, Events, Interest, SigSet, Signal, WaitStatus};

use crate::events::{next_within, SHORT};
use crate::fork_child;
use crate::support::*;

/// A child that exits 0 once `release`'s write end is closed everywhere,
/// forked with nothing opened between the fork and its pidfd (so the
/// pidfd takes the lowest free descriptor number).
fn held_by(release: (libc::c_int, libc::c_int)) -> Child {
    let (r, w) = release;
    fork_child(move || {
        close(w);
        read_to_end(r);
        0
    })
}

/// A zero wait that finds nothing but `SIGCHLD`s (reported for handles
/// without a pidfd).
fn nothing_yet(events: &mut Events, children: &mut [Option<Child>]) {
    while let Some(event) = events.wait(children, Some(Duration::ZERO)).unwrap() {
        assert!(
            matches!(event, Event::Signal(i) if i.signal == Signal::CHLD),
            "{event:?}"
        );
    }
}

/// `unwatch` and `watch` of a number that is a child's pidfd (the
/// review's t2): refused, and the child's end is still reported, under
/// its key.
pub fn pidfds_cannot_be_watched_or_unwatched() {
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let mut events = Events::new(Some(&guard)).unwrap();
    let ended = |key| {
        Some(Event::Child {
            key,
            status: Ok(WaitStatus::Exited(0)),
            ended: true,
        })
    };

    // A watched descriptor closed without `unwatch`: EBADF, as documented.
    let (r, w) = pipe();
    events.watch(1, r, Interest::Readable).unwrap();
    close(r);
    assert_eq!(events.unwatch(r), Err(Errno::EBADF));

    // Its number reused by a child's pidfd: a late `unwatch` must not
    // remove the child's registration.
    let release = pipe();
    let (r2, w2) = pipe();
    events.watch(1, r2, Interest::Readable).unwrap();
    close(r2);
    let child = held_by(release);
    close(release.0);
    if child.pidfd().is_some() {
        assert_eq!(child.pidfd(), Some(r2), "the pidfd took the freed number");
    }
    let mut children = [Some(child)];
    nothing_yet(&mut events, &mut children);
    assert_eq!(events.unwatch(r2), Err(Errno::EBADF));
    close(release.1);
    assert_eq!(next_within(&mut events, &mut children, SHORT), ended(0));

    // The child's pidfd itself, registered by a wait.
    let release = pipe();
    let child = held_by(release);
    close(release.0);
    let fd = child.pidfd();
    let mut children = [None, Some(child)];
    nothing_yet(&mut events, &mut children);
    if let Some(fd) = fd {
        assert_eq!(events.unwatch(fd), Err(Errno::EBADF));
    }
    close(release.1);
    assert_eq!(next_within(&mut events, &mut children, SHORT), ended(1));

    // Watched before any wait saw the child: refused, not silently made
    // the child's registration.
    let release = pipe();
    let child = held_by(release);
    close(release.0);
    if let Some(fd) = child.pidfd() {
        assert_eq!(events.watch(99, fd, Interest::Readable), Err(Errno::EINVAL));
    }
    let mut children = [None, None, Some(child)];
    close(release.1);
    assert_eq!(next_within(&mut events, &mut children, SHORT), ended(2));
    close(w);
    close(w2);
}

/// The second half of `events::sigchld_action_changed_after_with_stops`:
/// `SIGCHLD`'s action changed by another thread while this one sleeps in
/// `epoll_wait`: `SA_NOCLDSTOP` → `EINVAL`, ignored → `ECHILD`, within the
/// once-a-second look.
pub fn sigchld_action_changed_during_a_wait(events: &mut Events, children: &mut [Option<Child>]) {
    for (which, expected) in [(0, Errno::EINVAL), (1, Errno::ECHILD)] {
        let me = gettid();
        let changer = std::thread::spawn(move || {
            await_in_syscall(me, &[libc::SYS_epoll_wait, libc::SYS_epoll_pwait]);
            if which == 0 {
                unsafe {
                    let mut act: libc::sigaction = std::mem::zeroed();
                    act.sa_flags = libc::SA_NOCLDSTOP;
                    assert_eq!(
                        libc::sigaction(libc::SIGCHLD, &act, std::ptr::null_mut()),
                        0
                    );
                }
            } else {
                set_disposition(libc::SIGCHLD, libc::SIG_IGN);
            }
        });
        let started = Instant::now();
        let got = events.wait(children, Some(SHORT));
        changer.join().unwrap();
        assert_eq!(got, Err(expected), "change {which}");
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        set_disposition(libc::SIGCHLD, libc::SIG_DFL);
    }
}
