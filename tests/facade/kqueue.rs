//! `Child::wait_timeout` and `wait_any` on macOS and FreeBSD, where a
//! handle has no pidfd and the timed waits sleep on a kqueue's
//! `EVFILT_PROC`/`NOTE_EXIT` filter on the pid
//! (`src/safe/process/child/kqueue.rs`): no `SIGCHLD` is blocked, waited
//! for or consumed, so the waits are prompt whatever the other threads'
//! masks. Compiled for those targets in CI; nothing here can run them
//! (Linux has no kqueue, and the macOS-like build has no timed wait).
//!
//! These scenarios cannot see from outside when the waiting thread is
//! asleep (Linux's `/proc` is what `threads.rs` uses for that), so each
//! one releases its children and waits at once, several rounds over:
//! whether a child ends before the filter is registered (found by the look
//! after registering), or after (woken by the filter), the wait must be
//! prompt either way.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use procsig::{wait_any, Child, SigSet, Signal, WaitStatus};

use crate::fork_child;
use crate::support::*;

/// Generous: a wait that notices the exit takes milliseconds; one that
/// misses it sleeps out `TIMEOUT`.
const PROMPT: Duration = Duration::from_secs(2);
const TIMEOUT: Duration = Duration::from_secs(10);
const ROUNDS: i32 = 20;

/// A child that exits with `code` once the returned write end is closed.
/// It makes only async-signal-safe calls: the scenarios fork with a second
/// thread alive.
fn held_child(code: i32) -> (Child, libc::c_int) {
    let (r, w) = pipe();
    let child = fork_child(move || {
        // Other held children's write ends, inherited: not ours to keep.
        close_all_but(&[r]);
        let mut byte = 0u8;
        // Until end of file (or an error other than EINTR).
        while unsafe { libc::read(r, (&mut byte as *mut u8).cast(), 1) } != 0 {
            if std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
                break;
            }
        }
        code
    });
    close(r);
    (child, w)
}

extern "C" fn on_sigchld(_: libc::c_int) {}

/// A thread that sits in a channel receive with `SIGCHLD` unblocked and a
/// handler installed: the kernel may hand it every child's `SIGCHLD`,
/// which a wait relying on `SIGCHLD` would then never see.
fn sigchld_thief() -> (mpsc::Sender<()>, thread::JoinHandle<()>) {
    let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
    action.sa_sigaction = on_sigchld as *const () as libc::sighandler_t;
    action.sa_flags = libc::SA_RESTART;
    assert_eq!(
        unsafe { libc::sigaction(libc::SIGCHLD, &action, std::ptr::null_mut()) },
        0
    );
    let (tx, rx) = mpsc::channel::<()>();
    let thief = thread::spawn(move || {
        rx.recv().ok();
    });
    (tx, thief)
}

/// With another thread free to take every `SIGCHLD`, and `SIGCHLD`
/// unblocked in the waiting thread too: each round's wait ends promptly
/// with the child's status.
pub fn wait_timeout_prompt_while_another_thread_takes_sigchld() {
    let (stop, thief) = sigchld_thief();
    for code in 0..ROUNDS {
        let (mut child, release) = held_child(code);
        close(release);
        let start = Instant::now();
        assert_eq!(
            child.wait_timeout(TIMEOUT),
            Ok(Some(WaitStatus::Exited(code)))
        );
        let took = start.elapsed();
        assert!(took < PROMPT, "round {code}: late, the wait took {took:?}");
        assert!(!is_member(&mask(), libc::SIGCHLD), "mask untouched");
    }
    drop(stop);
    thief.join().unwrap();
}

/// The wait consumes no `SIGCHLD`: blocked by the caller (with the no-op
/// handler `SigSet::block` installs where a blocked default-ignored signal
/// would be discarded), the child's `SIGCHLD` is still there to take after
/// the wait reaped the child. (The `SIGCHLD` path took it.)
pub fn wait_timeout_leaves_sigchld_to_the_caller() {
    let guard = SigSet::from(Signal::CHLD).block().unwrap();
    let (mut child, release) = held_child(5);
    close(release);
    assert_eq!(child.wait_timeout(TIMEOUT), Ok(Some(WaitStatus::Exited(5))));
    let start = Instant::now();
    assert_eq!(guard.wait_timeout(TIMEOUT), Ok(Some(Signal::CHLD)));
    assert!(start.elapsed() < PROMPT, "the SIGCHLD was gone");
}

/// A zero timeout on a running child: `None` at once, the child untouched
/// (a later wait still reaps it).
pub fn wait_timeout_zero_on_a_running_child() {
    let (mut child, release) = held_child(6);
    assert_eq!(child.wait_timeout(Duration::ZERO), Ok(None));
    close(release);
    assert_eq!(child.wait_timeout(TIMEOUT), Ok(Some(WaitStatus::Exited(6))));
}

/// `wait_any` over three children with a `SIGCHLD` thief: each call
/// returns one ended child promptly, until none is left.
pub fn wait_any_prompt_while_another_thread_takes_sigchld() {
    let (stop, thief) = sigchld_thief();
    for round in 0..ROUNDS / 4 {
        let mut children: [Option<Child>; 3] = Default::default();
        let mut releases = Vec::new();
        for (i, slot) in children.iter_mut().enumerate() {
            let (child, release) = held_child(i as i32);
            *slot = Some(child);
            releases.push(release);
        }
        let mut codes = Vec::new();
        for release in releases {
            close(release);
            let start = Instant::now();
            let ended = wait_any(&mut children, Some(TIMEOUT))
                .unwrap()
                .expect("a child ended");
            let took = start.elapsed();
            assert!(took < PROMPT, "round {round}: late, took {took:?}");
            codes.push(ended.status.unwrap().code());
        }
        codes.sort();
        assert_eq!(codes, [Some(0), Some(1), Some(2)]);
        assert!(children.iter().all(Option::is_none));
    }
    drop(stop);
    thief.join().unwrap();
}
