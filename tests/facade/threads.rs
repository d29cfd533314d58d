//! `Child` in a process with several threads: a wait is prompt from any
//! thread, and takes no signal another thread's wait needs.
//!
//! Each scenario makes the kernel's choice matter: the child's `SIGCHLD` is
//! process-directed and goes to the forking thread if it does not block it,
//! else to any other thread that does not. A wait that relies on seeing
//! that `SIGCHLD` sleeps out its timeout when another thread takes it.
//! With pidfds nothing depends on it. Without (`no_pidfd::`), the scenarios
//! follow the fallback's documented precondition: `SIGCHLD` blocked in
//! `main` before any thread is spawned.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use procsig::{Child, SigSet, Signal, WaitStatus};

use crate::fork_child;
use crate::support::*;

/// Generous: a wait that notices the exit takes milliseconds; one that
/// misses it sleeps out `TIMEOUT`.
const PROMPT: Duration = Duration::from_secs(2);
const TIMEOUT: Duration = Duration::from_secs(10);

/// A child that exits with `code` once the returned write end is closed
/// (by every process that holds it).
fn held_child(code: i32) -> (Child, libc::c_int) {
    let (r, w) = pipe();
    let child = fork_child(move || {
        // Other held children's write ends, inherited: not ours to keep.
        close_all_but(&[r]);
        read_to_end(r);
        code
    });
    close(r);
    (child, w)
}

/// The fallback's precondition, where it is the path under test.
fn block_sigchld_everywhere_if_fallback() -> Option<procsig::MaskGuard> {
    pidfds_refused().then(|| SigSet::from(Signal::CHLD).block().unwrap())
}

/// Moves `child` to a new thread that waits for it with `wait`; returns the
/// thread (joining gives the result and how long the wait took) once that
/// thread is asleep in the wait.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
fn wait_on_worker(
    mut child: Child,
    timeout: Duration,
) -> thread::JoinHandle<(Result<Option<WaitStatus>, procsig::Errno>, Duration)> {
    let (tx, rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        tx.send(gettid()).unwrap();
        let start = Instant::now();
        let result = child.wait_timeout(timeout);
        (result, start.elapsed())
    });
    await_in_syscall(rx.recv().unwrap(), CHILD_WAIT_SYSCALLS);
    worker
}

/// Forked in `main`, waited for on a worker thread, while `main` (which
/// the kernel prefers for the child's SIGCHLD) sits in `join`.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn wait_timeout_on_worker_thread() {
    let _mask = block_sigchld_everywhere_if_fallback();
    let (child, release) = held_child(7);
    let worker = wait_on_worker(child, TIMEOUT);
    close(release);
    let (result, took) = worker.join().unwrap();
    assert_eq!(result, Ok(Some(WaitStatus::Exited(7))));
    assert!(took < PROMPT, "late: the wait took {took:?}");
}

/// As above with no limit at all: a missed exit would hang (the watchdog
/// then fails the scenario).
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn unbounded_wait_on_worker_thread() {
    let _mask = block_sigchld_everywhere_if_fallback();
    let (child, release) = held_child(8);
    let worker = wait_on_worker(child, Duration::MAX);
    close(release);
    let (result, took) = worker.join().unwrap();
    assert_eq!(result, Ok(Some(WaitStatus::Exited(8))));
    assert!(took < PROMPT, "late: the wait took {took:?}");
}

/// Two workers, each waiting for its own child: neither wait may consume
/// the other's wake-up.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn two_threads_two_children() {
    if pidfds_refused() {
        // Documented on `Child::wait_timeout`: without pidfds, concurrent
        // timed waits in one process share one coalescing SIGCHLD, and one
        // wait may take the other's wake-up.
        skip("the SIGCHLD fallback serves one timed wait at a time");
    }
    let (a, release_a) = held_child(1);
    let (b, release_b) = held_child(2);
    let wa = wait_on_worker(a, TIMEOUT);
    let wb = wait_on_worker(b, TIMEOUT);
    close(release_b);
    close(release_a);
    for (worker, code) in [(wa, 1), (wb, 2)] {
        let (result, took) = worker.join().unwrap();
        assert_eq!(result, Ok(Some(WaitStatus::Exited(code))));
        assert!(took < PROMPT, "child {code}: late, the wait took {took:?}");
    }
}

/// The forking thread waits, while an idle second thread (blocked in a
/// channel receive, SIGCHLD unblocked unless the fallback needs it) could
/// take the SIGCHLD.
#[cfg(all(procsig_timed_wait, target_os = "linux"))]
pub fn wait_timeout_with_idle_thread() {
    let _mask = block_sigchld_everywhere_if_fallback();
    let (mut child, release) = held_child(3);
    let me = gettid();
    // A helper process releases the child once this thread is waiting
    // (forked before the second thread exists, so it may allocate).
    let helper = spawn(move || {
        await_in_syscall(me, CHILD_WAIT_SYSCALLS);
        close(release);
        0
    });
    close(release);
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let idle = thread::spawn(move || stop_rx.recv().ok());
    let start = Instant::now();
    assert_eq!(child.wait_timeout(TIMEOUT), Ok(Some(WaitStatus::Exited(3))));
    let took = start.elapsed();
    assert!(took < PROMPT, "late: the wait took {took:?}");
    reap_ok(helper);
    drop(stop_tx);
    idle.join().unwrap();
}

/// A `Child` moved to another thread can signal and reap from there, and
/// the blocking waits work there too.
pub fn signal_and_wait_from_another_thread() {
    let _mask = block_sigchld_everywhere_if_fallback();
    let (child, release) = held_child(0);
    let worker = thread::spawn(move || {
        child.signal(Signal::TERM).unwrap();
        child.wait()
    });
    assert_eq!(
        worker.join().unwrap(),
        Ok(WaitStatus::Signaled {
            signal: Signal::TERM,
            core_dumped: false
        })
    );
    close(release);
}
