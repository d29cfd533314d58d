//! The event wait: one wait for blocked signals, children's state changes
//! and descriptors at once ([`Events`]; its types are also at the crate
//! root). Linux waits through epoll, macOS and FreeBSD through a kqueue
//! (one backend file each: [below](#how-it-works-on-linux) and
//! [below](#macos-and-freebsd-kqueue)); on other targets (OpenBSD,
//! NetBSD) this module is absent.
//!
//! A shell reads its terminal while jobs stop, continue and end and while
//! Ctrl-C and Ctrl-Z arrive; an init forwards every signal while it reaps
//! every orphan; a supervisor watches children, a control pipe and
//! `SIGTERM`. [`Events::wait`] serves all three without a signal handler,
//! a helper thread or a polling loop, and returns one [`Event`] at a time.
//!
//! # What is registered, and who owns it
//! - **Signals**: the set of a [`MaskGuard`], given when the wait is made.
//!   The guard proves them blocked in this thread, which is what keeps
//!   them pending for the wait instead of delivered. The wait borrows the
//!   guard, so the signals stay blocked for as long as it lives.
//! - **Children**: the caller keeps its `Child` handles in its own
//!   collection, `&mut [Option<Child>]`, and passes it to every
//!   [`wait`](Events::wait); a child's key is its index. Between waits the
//!   caller may fork more into empty slots, signal them, move or drop
//!   them: the collection, not a registration, is the truth. A child that
//!   ends is reaped through its own handle (so the handle's bookkeeping
//!   stays right), reported once, and its slot emptied. Stops and
//!   continues are reported on request ([`Events::with_stops`]); the
//!   handle then stays in its slot.
//! - **Descriptors**: registered by the caller with
//!   [`watch`](Events::watch) under a key, and removed with
//!   [`unwatch`](Events::unwatch). Level-triggered, as `poll` is: a
//!   descriptor stays ready until the caller reads (or writes) it.
//!
//! Nothing else is touched: the wait never reaps a child that is not in
//! the collection (`std::process::Command`'s children stay waitable),
//! never reads a signal outside the guard's set, changes no mask and no
//! disposition, and installs no handler. A handled signal that cuts the
//! sleep short (`EINTR`) is retried with the time left recomputed.
//!
//! # Threads
//! Signals, exits and descriptors are right from any thread (on macOS,
//! signals from the main thread only: below): make the guard and the
//! wait in the thread that waits. A signal sent to the
//! *process* goes to any thread that does not block it, so one you mean to
//! receive here must be blocked in every thread (block it in `main` before
//! spawning any: threads inherit the mask). Exits come through each
//! child's pidfd (Linux) or an `EVFILT_PROC` filter on it (kqueue), which
//! wakes the wait whatever the other threads block.
//!
//! Stops and continues are different: a pidfd becomes readable when its
//! process ends, not when it stops or continues, so they can only be
//! learned from `SIGCHLD`. Asking for them needs `SIGCHLD` in the guard
//! and **blocked in every thread**; [`Events::with_stops`] refuses where
//! it can see that this cannot hold (`SIGCHLD` not in the guard, ignored,
//! or its action has `SA_NOCLDSTOP`), and so does each of its waits,
//! should the action change later. The same goes for a child whose
//! handle has no pidfd (a kernel before 5.4, seccomp, no free descriptor):
//! its end, too, is learned from `SIGCHLD`, so a wait over such a child
//! needs `SIGCHLD` in the guard.
//!
//! One reader of `SIGCHLD` per process makes stops prompt. A `SIGCHLD` is
//! taken by whoever reads it first: with two event waits over `SIGCHLD`
//! (in two threads), or one and a `sigwait`, the other reader may take
//! the one about this wait's child. So a wait over stops (and one over
//! children without a pidfd) also looks at its children at least once a
//! second, across waits: more than one reader makes stops late, within a
//! second, never lost.
//!
//! # Fork
//! A forked child's copy of a wait shares the parent's epoll instance
//! (Linux), or has no kqueue at all (a kqueue is not inherited), so it
//! refuses to act (`ECHILD`; "Fork" on [`Events`]): only the process that
//! made a wait can use it, and nothing done in a child can take an event
//! from the parent.
//!
//! `SIGCHLD`, when it is in the guard, is reported like any other signal,
//! after the children's events it led to. Standard signals coalesce in a
//! signalfd as they do everywhere: one `SIGCHLD` may stand for several
//! children, one `SIGINT` for several Ctrl-Cs; nothing here counts them.
//! Each child's own state is looked up, and each is reported once.
//!
//! # How it works on Linux
//! - The guard's signals: a signalfd (`SFD_CLOEXEC | SFD_NONBLOCK`) over
//!   the guard's set; each signal event is one record read from it.
//! - Children: each handle's pidfd, registered in an epoll instance
//!   (`EPOLLONESHOT`) by the first wait that sees it; readable when the
//!   child ends, then `waitid(P_PIDFD, …, WNOHANG)` through the handle.
//! - Stops and continues (on request): on a `SIGCHLD` read from the
//!   signalfd, a non-blocking `waitid(P_PIDFD, …, WEXITED | WSTOPPED |
//!   WCONTINUED | WNOHANG)` of each registered child, through its handle.
//! - Without pidfds: the same `SIGCHLD`, then a non-blocking
//!   `waitid(P_PID)` of each handle without a pidfd, through the handle,
//!   whose checks ([`Child`], "Without a pidfd") apply: while the kernel
//!   reaps children itself (`SIGCHLD` ignored) such a child is reported
//!   with `Err(ECHILD)`. Since an ignored `SIGCHLD` sends nothing, the
//!   wait looks at those children at least once a second.
//! - Descriptors: registered in the same epoll instance, level-triggered.
//! - One report per `epoll_wait` (`maxevents` 1): the kernel moves a
//!   level-triggered descriptor it reported to the back of its ready list,
//!   so a descriptor that is never drained cannot starve the others, and
//!   no report is kept between calls that could be stale by the next.
//!
//! # Cost
//! What the checks above add to a wait, measured here (2-core AMD EPYC
//! VM, Linux 6.18, busy with other builds: best of six runs, each the best
//! of five loops of 200 000 `wait(&mut [], Some(Duration::ZERO))` calls
//! with nothing ready, release build, the wait before these checks and
//! after, alternating):
//!
//! | wait | before | after | what was added |
//! |---|---|---|---|
//! | [`Events::new`] | 133 ns | 220 ns | a `getpid` (80 ns) |
//! | [`Events::with_stops`] | 155 ns | 344 ns | a `getpid`, an `rt_sigaction` read (105 ns), a `clock_gettime` (vDSO, 17 ns) |
//!
//! - The `getpid`, on every wait, watch and unwatch, is the check that
//!   the caller made the wait. No cheaper check exists without a hook on
//!   `fork` (glibc has not cached the pid since 2.25, and a raw `clone`
//!   would bypass any hook), and a forked copy must not be trusted
//!   without one, as the pid fallback of `Child` does for its owner.
//! - The `rt_sigaction` read of `SIGCHLD`'s action, in a wait over stops,
//!   at its start and at each once-a-second look: checking only at the
//!   look would save it per wait but leave a changed action unseen for
//!   up to a second. Stops are not lost either way (the look finds them),
//!   so what the read buys is a prompt, clear refusal; a wait over stops
//!   serves a shell or a supervisor, whose events come at human or
//!   process speed, not every 200 ns.
//! - `watch` and `unwatch`: a `pidfd_send_signal(fd, 0)`, about 80 ns, to
//!   refuse a pidfd.
//!
//! A wait that reports something costs more than these: a signal is a
//! `read`, a child's end a `waitid` and a `close`, a sleep two context
//! switches.
//!
//! # Why epoll, not poll: measured
//! A wake costs what the kernel does per registered descriptor. With N
//! children alive (each a pidfd) and one readable pipe, the time for one
//! wait that returns at once, here (2-core AMD EPYC VM, Linux 6.18, best of
//! five runs of 20 000):
//!
//! | children registered | `poll`, table rebuilt each call | `epoll_wait` | all re-registered each call |
//! |---|---|---|---|
//! | 1 | 0.49 µs | 0.29 µs | 0.65 µs |
//! | 100 | 3.1 µs | 0.18 µs | 112 µs |
//! | 1000 | 66 µs | 0.18 µs | 934 µs |
//!
//! `poll` costs 66 ns per descriptor per wake; `epoll_wait` the same at 1
//! and 1000. So registrations must persist between waits, and they do: a
//! handle remembers which wait registered its pidfd, so each wait only
//! registers the children it has not seen (an `epoll_ctl` per child, once)
//! and walks the collection in user space (a few ns per slot) to find
//! them. Registrations disappear with the pidfd when the handle is dropped;
//! `EPOLLONESHOT` makes one that outlives it in another process (a forked
//! copy of the descriptor) report at most once, and the report's key and
//! descriptor are checked against the collection before anything is done.
//!
//! # macOS and FreeBSD: kqueue
//! The same API over one kqueue (`events/kqueue.rs`), with the same
//! ownership and the same promises, except where said here.
//! - The guard's signals: an `EVFILT_SIGNAL` filter each. A filter counts
//!   the *attempts* to deliver its signal made after it was added (blocked
//!   ones too) and does not dequeue it, so each report is followed by a
//!   take: `sigtimedwait` with a zero timeout on FreeBSD, which also reads
//!   the sender, value and code; `sigpending` then `sigwait` on macOS,
//!   which has neither `sigtimedwait` nor `sigwaitinfo` and learns the
//!   number only ([`SigInfo::detailed`](crate::SigInfo::detailed) is
//!   `false`, `sender` and `value` are `None`: unknown). A report whose
//!   signal is no longer pending (another thread took it, or it coalesced
//!   with one taken already) reports nothing. A report whose signal
//!   cannot be taken *yet* is kept: on FreeBSD the zero-timeout
//!   `sigtimedwait` fails while a handled signal numbered lower is
//!   delivered first, and XNU fires the filter a moment before it makes
//!   the signal pending; the wait then looks again every millisecond for
//!   50 ms (and on macOS every second after that). On macOS one thread
//!   only should wait for each signal: another that takes it between the
//!   `sigpending` and the `sigwait` leaves this wait asleep in `sigwait`
//!   until the next such signal, past its timeout. Signals pending before
//!   the filters were added are taken by the first waits.
//! - macOS, where the wait looks with `sigpending`: that shows the
//!   calling thread's pending signals only, and XNU makes a
//!   process-directed signal that every thread blocks pending on the main
//!   thread (`get_signalthread`, `get_signalact`). So a wait over signals
//!   is made on the main thread only: [`Events::new`] refuses elsewhere
//!   (`ENOTSUP`); a wait with no signals runs on any thread. A
//!   thread-directed signal (`pthread_kill`, `raise`) fires no filter on
//!   XNU: every pass of a macOS wait looks at `sigpending` before it
//!   sleeps, and sleeps at most a second, so one sent during a sleep is
//!   reported within a second.
//! - BSD and macOS discard a blocked signal at `SIG_IGN`, whatever its
//!   default, and one whose default is to ignore it (`SIGCHLD`,
//!   `SIGWINCH`, …) while it is at `SIG_DFL`: the filter fires, then the
//!   kernel drops the signal. [`SigSet::block`] installs a no-op handler
//!   over `SIG_DFL` there, so those stay pending for the take; it leaves
//!   `SIG_IGN` alone (an exec'd child inherits `SIG_IGN`, but a handler
//!   as `SIG_DFL`). So the wait refuses (`EINVAL`) a set that holds a
//!   signal at `SIG_IGN`, or one ignored by default at `SIG_DFL` (another
//!   thread's guard or the program may put it back while this wait's
//!   guard lives), rather than never report it: [`Events::new`],
//!   `with_stops` and each `wait` read the action of each signal of the
//!   set, and a FreeBSD wait reads them again when a signal's report finds
//!   nothing to take. `SIGCONT` is the exception on macOS, where XNU keeps
//!   it pending whatever its action; FreeBSD drops it at the take, and
//!   refuses it. `SIGPIPE` is at `SIG_IGN` in every Rust program (the std
//!   runtime sets it before `main`): call
//!   [`reset_disposition`](crate::reset_disposition) before blocking it to
//!   wait for it.
//! - macOS, GCD (libdispatch): its workqueue threads run with a mask XNU
//!   sets (and resets each time one returns to the pool) whatever the
//!   program blocks: `SIGPIPE`, `SIGPROF`, `SIGSYS`, `SIGTRAP` and the
//!   fault signals (`SIGILL`, `SIGFPE`, `SIGBUS`, `SIGSEGV`, `SIGEMT`;
//!   `SIGABRT` on older XNU) unblocked. Once such a thread exists
//!   (anything that uses GCD, directly or through a system framework), a
//!   process-directed one of those may be delivered there (its no-op
//!   handler or its default action runs) instead of staying pending for
//!   this wait: they cannot be waited for reliably then. They are not
//!   refused (a program without GCD waits for them fine), and every other
//!   signal is unaffected.
//! - Children: an `EVFILT_PROC` filter with `NOTE_EXIT` on each child's
//!   pid, attached by the first wait that sees the child, with its key in
//!   `udata`; that wait also looks at the child once (`waitpid`,
//!   `WNOHANG`), for an end that came before the filter. On a report the
//!   child is reaped through its handle (the filter's `data`, the status,
//!   is not used), so the handle's bookkeeping holds. Ends need no
//!   `SIGCHLD`, on any thread. What an end *before* the filter leaves:
//!   FreeBSD attaches the filter to an exiting or zombie process and
//!   fires it at once (`filt_procattach`: `pfind_any`, `P_WEXIT`); XNU
//!   refuses it with `ESRCH` (`proc_find` no longer finds the process),
//!   since, its source says, a new filter only sees what happens after
//!   it. Either way the look after the attach finds the end, or a later
//!   look while the filter is refused and the child is not yet waitable.
//!   Both kernels post `NOTE_EXIT` before the child is a zombie, so a
//!   report's look may find it still running: the wait then attaches a
//!   filter again, and looks, after a back-off (FreeBSD fires a filter
//!   attached to an exiting process at once, so at once would spin; XNU
//!   refuses it): 1 ms, doubling at each such report in a row up to
//!   256 ms, and back to 1 ms once a child's end is reported. Normally the
//!   zombie is a moment away; a child stuck in its exit (the kernel
//!   closes its files first: a dead hard-mounted NFS server, a wedged FUSE
//!   daemon, a lingering socket) costs a few looks a second, and its end
//!   is reported at most 256 ms after it became a zombie. A report that
//!   comes to nothing ends a wait whose time is up. The wait relies on these kernel facts, read from
//!   the sources (and pinned by `tests/conformance/kqueue.rs`), not seen
//!   run. The filter is on a pid, not on a
//!   descriptor as a pidfd is: the handle's checks ([`Child`], "Without a
//!   pidfd") decide what is reaped, and a report about an earlier process
//!   with the pid only costs a look.
//! - Stops and continues (on request): `EVFILT_PROC` has no note for them,
//!   so, as on Linux, they come from `SIGCHLD` (each one makes the wait
//!   look at every child), with the same once-a-second look and the same
//!   checks of `SIGCHLD`'s action.
//! - Without stops, a `SIGCHLD` in the guard is reported when it is taken,
//!   which may be before the end it was about (as on Linux with pidfds).
//! - Descriptors: `EVFILT_READ` and `EVFILT_WRITE`, level-triggered, the
//!   key in `udata`. A regular file or a directory is refused with
//!   `EPERM`, as epoll does (a kqueue would take one, but report it only
//!   while its offset is before its end: a wait for more input at the
//!   end would never return); an `fstat` tells. End of
//!   file on a read filter is [`Ready::hangup`]; on a write filter (the
//!   readers are gone) [`Ready::error`]. A pidfd cannot be confused with
//!   a watched descriptor here: children are filed by pid.
//! - One report per `kevent` (`nevents` 1); a level-triggered filter that
//!   is still ready goes back to the end of the kernel's queue of active
//!   filters, so one never drained does not starve the others.
//! - The timeout is `kevent`'s (a `timespec`: microseconds on macOS,
//!   nanoseconds on FreeBSD), with `EINTR` retried for the time left.
//! - Fork: a kqueue is not inherited, so a forked copy has none; it
//!   refuses as on Linux, and its drop closes nothing.
//!
//! Nothing here could run a kqueue (Linux has none): this backend is
//! compiled and linted for macOS and FreeBSD only, and the event-wait
//! scenarios of `tests/facade/events.rs` that hold on every target are
//! written to run there (`docs/targets.md` says what ran where).
//!
//! [`MaskGuard`]: crate::MaskGuard
//! [`Child`]: crate::Child
//! [`SigSet::block`]: crate::SigSet::block

// One backend per kernel API.
#[cfg(all(procsig_kqueue, not(procsig_linux)))]
mod kqueue;
#[cfg(procsig_linux)]
mod linux;

use core::sync::atomic::{AtomicU32, Ordering};

use crate::safe::process::child::Child;
use crate::safe::process::wait_status::WaitStatus;
use crate::safe::signal::disposition::current_action;
use crate::safe::signal::Signal;
use crate::safe::sigset::siginfo::SigInfo;
use crate::Errno;

#[cfg(all(procsig_kqueue, not(procsig_linux)))]
pub use kqueue::Events;
#[cfg(procsig_linux)]
pub use linux::Events;

/// One thing [`Events::wait`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    docsrs,
    doc(cfg(any(target_os = "linux", target_vendor = "apple", target_os = "freebsd")))
)]
pub enum Event {
    /// A signal of the guard's set arrived, and has been accepted (it is
    /// no longer pending): which, who sent it, with what value.
    Signal(SigInfo),
    /// The child at `key` in the caller's collection changed state.
    Child {
        /// Its index in the collection.
        key: usize,
        /// Its new state: `Exited` or `Signaled` when it ended (also
        /// `Unknown` for a word no kernel produces), `Stopped` or
        /// `Continued` if stops were asked for. `Err(ECHILD)` if someone
        /// else reaped it (its status is lost; see
        /// [`Child::wait`](crate::Child::wait)), or, for a handle without a
        /// pidfd, while `SIGCHLD` is ignored (its pid cannot be trusted).
        status: Result<WaitStatus, Errno>,
        /// It ended (or was found gone) and was reaped through its handle:
        /// the slot is `None` now. `false` for a stop or a continue: the
        /// handle stays in its slot.
        ended: bool,
    },
    /// The descriptor registered under `key` is ready.
    Fd {
        /// The key given to [`Events::watch`].
        key: usize,
        /// What it is ready for.
        ready: Ready,
    },
}

/// What a descriptor is watched for ([`Events::watch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    docsrs,
    doc(cfg(any(target_os = "linux", target_vendor = "apple", target_os = "freebsd")))
)]
pub enum Interest {
    /// Data to read, or end of file.
    Readable,
    /// Room to write.
    Writable,
    /// Either.
    Both,
}

/// What a watched descriptor is ready for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(
    docsrs,
    doc(cfg(any(target_os = "linux", target_vendor = "apple", target_os = "freebsd")))
)]
pub struct Ready {
    /// A read will not block (`EPOLLIN`; kqueue: an `EVFILT_READ`
    /// report, end of file included).
    pub readable: bool,
    /// A write will not block (`EPOLLOUT`; kqueue: an `EVFILT_WRITE`
    /// report without `EV_EOF`).
    pub writable: bool,
    /// The other end hung up (`EPOLLHUP`, `EPOLLRDHUP`; kqueue: `EV_EOF`
    /// on the read filter): a pipe's writers are all gone, a terminal was
    /// hung up. Reported whatever was asked on Linux; on kqueue only with
    /// a read filter (`Readable` or `Both`).
    pub hangup: bool,
    /// An error is pending on it (`EPOLLERR`; kqueue: `EV_EOF` on the
    /// write filter, or `EV_ERROR`), e.g. a pipe's readers are all gone.
    /// Reported whatever was asked on Linux; on kqueue only with a write
    /// filter (`Writable` or `Both`).
    pub error: bool,
}

/// `Ok` while the kernel tells of children's stops with a `SIGCHLD`:
/// `ECHILD` if it is ignored or its action has `SA_NOCLDWAIT` (the kernel
/// then reaps children itself and, ignored, sends no `SIGCHLD`), `EINVAL`
/// if it has `SA_NOCLDSTOP` (a stop sends none). What
/// [`Events::with_stops`] checks, and each of its waits again; the same on
/// every backend.
fn stops_are_told() -> Result<(), Errno> {
    let action = current_action(Signal::CHLD)?;
    if action.sa_sigaction == libc::SIG_IGN || action.sa_flags & libc::SA_NOCLDWAIT != 0 {
        return Err(Errno::ECHILD);
    }
    if action.sa_flags & libc::SA_NOCLDSTOP != 0 {
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// The next wait's id. A handle remembers the id of the wait that
/// registered it (0: none), so an id must never come back: see
/// [`take_id`].
static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// An id that no other wait of this process has had; `ENOMEM` once the
/// 2³² - 2 ids are spent (they are never reused: a wrapped id, 0 or one
/// a live handle remembers, would make a wait skip registering a child,
/// whose end would then never wake it).
fn new_id() -> Result<u32, Errno> {
    take_id(&NEXT_ID)
}

/// Takes the id `next` holds and moves it on, refusing at `u32::MAX`
/// instead of wrapping to 0.
fn take_id(next: &AtomicU32) -> Result<u32, Errno> {
    next.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |id| id.checked_add(1))
        .map_err(|_| Errno::ENOMEM)
}

/// One non-blocking look at the child at `key` of the caller's collection,
/// through its handle (stops and continues too with `stops`); empties the
/// slot if it ended. The same on every backend.
fn look_at(
    children: &mut [Option<Child>],
    key: usize,
    stops: bool,
) -> Result<Option<Event>, Errno> {
    let Some(slot) = children.get_mut(key) else {
        return Ok(None);
    };
    let Some(child) = slot else { return Ok(None) };
    let status = match child.check_state(stops) {
        Ok(None) => return Ok(None),
        Ok(Some(status)) => Ok(status),
        Err(Errno::ECHILD) => Err(Errno::ECHILD),
        Err(e) => return Err(e),
    };
    let ended = child.reaped;
    if ended {
        *slot = None;
    }
    Ok(Some(Event::Child { key, status, ended }))
}

#[cfg(test)]
mod tests {
    use core::sync::atomic::AtomicU32;

    use super::take_id;
    use crate::Errno;

    /// The last ids are handed out, then the counter refuses, for good:
    /// it never wraps to 0 (no wait) or to an id a handle remembers.
    #[test]
    fn wait_ids_never_wrap() {
        let next = AtomicU32::new(u32::MAX - 2);
        assert_eq!(take_id(&next), Ok(u32::MAX - 2));
        assert_eq!(take_id(&next), Ok(u32::MAX - 1));
        assert_eq!(take_id(&next), Err(Errno::ENOMEM));
        assert_eq!(take_id(&next), Err(Errno::ENOMEM));
    }
}
