//! [`wait_any`]: the first of many children to end.

use core::time::Duration;

#[cfg(not(procsig_kqueue))]
use crate::safe::process::child::timed::sleep_for_sigchld;
use crate::safe::process::child::Child;
pub use crate::safe::process::wait_any_max::WAIT_ANY_MAX;
use crate::safe::process::wait_status::WaitStatus;
use crate::safe::signal::disposition::children_auto_reaped;
#[cfg(not(procsig_kqueue))]
use crate::safe::signal::Signal;
#[cfg(not(procsig_kqueue))]
use crate::safe::sigset::SigSet;
use crate::safe::time::Deadline;
use crate::Errno;

/// A child that [`wait_any`] found ended and reaped.
///
/// `#[non_exhaustive]`: more of what the kernel reported may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(docsrs, doc(cfg(not(target_os = "openbsd"))))]
pub struct Ended {
    /// Its index in the collection. That slot is `None` now: the handle is
    /// spent.
    pub index: usize,
    /// How it ended; `Err(ECHILD)` if someone else reaped it (the kernel,
    /// because `SIGCHLD` is ignored, or other code's `waitpid(-1)`), so its
    /// status is lost. Also, at once, for a handle without a pidfd while
    /// `SIGCHLD` is ignored, whose pid cannot be trusted then (see
    /// [`Child`], "Without a pidfd").
    pub status: Result<WaitStatus, Errno>,
}

/// Waits at most `timeout` (`None`: for as long as it takes) for the first
/// of `children` to end, reaps it, takes it out of its slot and says which
/// and how; `None` if the time ran out.
///
/// Only the `Some` slots are watched, in index order (of several that have
/// ended, the lowest index is reported), and only through their own
/// handles: no other child of the process is ever reaped, so children of
/// other code (`std::process::Command`'s, say) are left alone. Stops and
/// continues are not reported. Nothing is allocated.
///
/// **With pidfds** (every child's handle has one, see [`Child`]): a `poll`
/// on all of them for the time left (a pidfd is readable once its process
/// has ended, so one that ended before the call is found at once), then
/// `waitid(P_PIDFD, …, WNOHANG)` on the ones that are readable. No signal
/// is consumed and no mask touched; right from any thread.
///
/// It keeps its own `poll` rather than making an event wait
/// (`procsig::Events`, Linux) per call: that costs an `epoll_create1`,
/// an `epoll_ctl` per child and a `close` each time: 1.1, 3.4 and 4.2
/// times as much per call with 1, 100 and 1000 children, and 1.3 to 1.4
/// times the wake latency from 100 children on, measured
/// (docs/performance.md, "wait_any"). A loop over many children that
/// outlives one call is what `Events` is for: it registers each child
/// once, and its wake does not grow with their number as `poll`'s does.
///
/// **Otherwise, on macOS and FreeBSD**: as [`Child::wait_timeout`]
/// without a pidfd there, it checks every child with `WNOHANG`; if all are
/// running, it registers an `EVFILT_PROC` filter with `NOTE_EXIT` on each
/// one's pid in one new kqueue (one `kevent` call each), checks again, and
/// sleeps in `kevent` for the time left, checking every child after each
/// wake (once an exit was reported, after 1 ms, then 2, 4, … up to
/// 256 ms apart until that child is a zombie: a child stuck in its exit
/// is seen ended at most 256 ms after it became one; at least once a
/// second in any case). No
/// signal is consumed and no mask changed: prompt from any thread. A zero
/// timeout checks once and makes no kqueue.
///
/// **Otherwise, elsewhere**: as [`Child::wait_timeout`] without a pidfd,
/// it blocks `SIGCHLD` in the calling thread while it waits for one with
/// `sigtimedwait`, and checks every child with `WNOHANG` after each. It is
/// prompt only if `SIGCHLD` is blocked in every other thread, and consumes
/// the `SIGCHLD`s it sees. It also looks at the children at least once a
/// second: another thread may ignore `SIGCHLD` meanwhile, after which no
/// `SIGCHLD` comes, and the first child without a pidfd is then reported
/// with `Err(ECHILD)` within about a second.
///
/// Every way, `EINTR` is retried with the time left recomputed.
///
/// Async-signal-safe: no.
///
/// System calls: `poll`; without pidfds: `getpid`, `rt_sigaction`,
/// `rt_sigprocmask`, `rt_sigtimedwait`, `waitid`. (The time runs out.)
///
/// System calls (a child has ended): `close`, `poll`, `waitid`; without pidfds:
/// `getpid`, `rt_sigaction`, `rt_sigprocmask`, `waitid`. The `close` is the
/// returned child's pidfd: its handle is dropped.
///
/// System calls (no timeout): `close`, `poll`, `waitid`; without pidfds:
/// `getpid`, `rt_sigaction`, `rt_sigprocmask`, `rt_sigtimedwait`, `waitid`.
/// It sleeps until a child ends, then returns it (the `close`, as above).
///
/// System calls (interrupted): `close`, `poll`, `waitid`; without pidfds:
/// `getpid`, `rt_sigaction`, `rt_sigprocmask`, `rt_sigtimedwait`, `waitid`.
/// A handled signal cuts the sleep short; it sleeps again for the time
/// left, with no other call, until a child ends (the `close`, as above).
///
/// System calls (zero timeout): `poll`; without pidfds: `getpid`,
/// `rt_sigaction`, `rt_sigprocmask`, `waitid`. It checks the children once
/// and never sleeps.
///
/// # Errors
/// - `ECHILD`: no slot holds a child. (Without pidfds, while `SIGCHLD` is
///   ignored, no `SIGCHLD` would ever wake the wait: it never sleeps then,
///   and reports the first child without a pidfd as [`Ended`] with
///   `Err(ECHILD)`, since its pid cannot be trusted.)
/// - `EINVAL`: more than [`WAIT_ANY_MAX`] children.
/// - `EMFILE`, `ENFILE`, `ENOMEM` (macOS and FreeBSD, once a first check
///   found every child running): no kqueue could be made, or the kernel
///   could not store a filter. No child is touched.
///
/// ```
/// use std::time::Duration;
/// use procsig::{exit, fork, wait_any, Child, Fork};
///
/// let mut children: [Option<Child>; 3] = Default::default();
/// for (i, slot) in children.iter_mut().enumerate() {
///     // SAFETY: the children call only async-signal-safe functions.
///     match unsafe { fork() }? {
///         Fork::Child => exit(i as i32),
///         Fork::Parent(child) => *slot = Some(child),
///     }
/// }
/// let mut codes = Vec::new();
/// while let Some(ended) = wait_any(&mut children, Some(Duration::from_secs(60)))? {
///     codes.push(ended.status?.code());
///     if children.iter().all(Option::is_none) {
///         break;
///     }
/// }
/// codes.sort();
/// assert_eq!(codes, [Some(0), Some(1), Some(2)]);
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "waitpid")]
#[doc(alias = "poll")]
#[cfg_attr(docsrs, doc(cfg(not(target_os = "openbsd"))))]
pub fn wait_any(
    children: &mut [Option<Child>],
    timeout: Option<Duration>,
) -> Result<Option<Ended>, Errno> {
    let deadline = timeout.map(Deadline::after).transpose()?;
    let live = children.iter().flatten().count();
    if live == 0 {
        return Err(Errno::ECHILD);
    }
    if live > WAIT_ANY_MAX {
        return Err(Errno::EINVAL);
    }
    #[cfg(procsig_pidfd)]
    if children.iter().flatten().all(|c| c.pidfd().is_some()) {
        return pidfd::wait_any(children, deadline);
    }
    if children_auto_reaped()? {
        // A handle without a pidfd (one is here, or the poll path would
        // have been taken) refuses with ECHILD now: one is always found.
        return match first_ended(children, |_| true)? {
            Some(ended) => Ok(Some(ended)),
            None => Err(Errno::ECHILD),
        };
    }
    #[cfg(procsig_kqueue)]
    return kqueue::wait_any(children, deadline);
    // Blocked before the first check: an exit after it leaves a SIGCHLD
    // pending for the wait below.
    #[cfg(not(procsig_kqueue))]
    let guard = SigSet::from(Signal::CHLD).block_scoped()?;
    #[cfg(not(procsig_kqueue))]
    loop {
        if let Some(ended) = first_ended(children, |_| true)? {
            return Ok(Some(ended));
        }
        match time_left(deadline)? {
            Some(left) if left.is_zero() => return Ok(None),
            // The fallback's sleep, which also notices SIGCHLD ignored by
            // another thread meanwhile (no SIGCHLD comes then).
            left => sleep_for_sigchld(guard.blocked(), left)?,
        }
    }
}

/// What is left before `deadline`; `None` for no deadline.
fn time_left(deadline: Option<Deadline>) -> Result<Option<Duration>, Errno> {
    deadline.map(Deadline::remaining).transpose()
}

/// Checks the children that `worth_checking` (given their position among
/// the `Some` slots) with `WNOHANG`, in index order; takes out and reports
/// the first that has ended.
fn first_ended(
    children: &mut [Option<Child>],
    mut worth_checking: impl FnMut(usize) -> bool,
) -> Result<Option<Ended>, Errno> {
    for (index, (k, slot)) in children
        .iter_mut()
        .enumerate()
        .filter(|(_, s)| s.is_some())
        .enumerate()
        .map(|(k, (i, s))| (i, (k, s)))
    {
        let Some(child) = slot else { continue };
        if !worth_checking(k) {
            continue;
        }
        let status = match child.try_wait() {
            Ok(None) => continue,
            Ok(Some(status)) => Ok(status),
            Err(Errno::ECHILD) => Err(Errno::ECHILD),
            Err(e) => return Err(e),
        };
        *slot = None;
        return Ok(Some(Ended { index, status }));
    }
    Ok(None)
}

#[cfg(procsig_pidfd)]
mod pidfd {

    use super::{first_ended, time_left, Ended, WAIT_ANY_MAX};
    use crate::safe::process::child::Child;
    use crate::safe::time::{poll_ms, Deadline};
    use crate::{raw, Errno};

    /// The `poll` path: every child has a pidfd.
    pub(crate) fn wait_any(
        children: &mut [Option<Child>],
        deadline: Option<Deadline>,
    ) -> Result<Option<Ended>, Errno> {
        let empty = libc::pollfd {
            fd: -1,
            events: 0,
            revents: 0,
        };
        let mut fds = [empty; WAIT_ANY_MAX];
        loop {
            let mut n = 0;
            for (fd, child) in fds.iter_mut().zip(children.iter().flatten()) {
                *fd = libc::pollfd {
                    fd: child.pidfd().unwrap_or(-1),
                    events: libc::POLLIN,
                    revents: 0,
                };
                n += 1;
            }
            // No look at each child before the first `poll`: a pidfd is
            // readable once its process has ended, also before the call
            // and also if someone else reaped it, so the `poll` finds
            // those at once (one call, where a `waitid` per child cost
            // 0.3 µs each: docs/performance.md, "wait_any").
            let ms = match time_left(deadline)? {
                Some(left) if left.is_zero() => 0,
                left => poll_ms(left),
            };
            let table = fds.get_mut(..n).unwrap_or_default();
            // SAFETY: a live table of descriptors the handles own.
            match unsafe { raw::poll(table, ms) } {
                Ok(_) | Err(Errno::EINTR) => {}
                Err(e) => return Err(e),
            }
            if let Some(ended) =
                first_ended(children, |k| fds.get(k).is_some_and(|f| f.revents != 0))?
            {
                return Ok(Some(ended));
            }
            if ms == 0 {
                return Ok(None);
            }
        }
    }
}

#[cfg(procsig_kqueue)]
mod kqueue {
    use core::time::Duration;

    use super::{first_ended, time_left, Ended};
    use crate::safe::process::child::kqueue::ExitWatch;
    use crate::safe::process::child::Child;
    use crate::safe::time::Deadline;
    use crate::Errno;

    /// The kqueue path (macOS, FreeBSD): some child has no pidfd, so each
    /// one's exit is watched by an `EVFILT_PROC` filter on its pid, in one
    /// kqueue made only once a first look found them all running.
    pub(crate) fn wait_any(
        children: &mut [Option<Child>],
        deadline: Option<Deadline>,
    ) -> Result<Option<Ended>, Errno> {
        let mut watch: Option<ExitWatch> = None;
        loop {
            if let Some(ended) = first_ended(children, |_| true)? {
                return Ok(Some(ended));
            }
            let left = match time_left(deadline)? {
                Some(left) if left.is_zero() => return Ok(None),
                // No deadline: the sleep is capped anyway (`RECHECK`).
                left => left.unwrap_or(Duration::MAX),
            };
            match &mut watch {
                Some(watch) => watch.sleep(left)?,
                None => {
                    // No sleep yet: the children are looked at again
                    // first, as one may have ended before its filter went
                    // in (see `child/kqueue.rs`).
                    let mut new = ExitWatch::new()?;
                    new.watch(children.iter().flatten().map(Child::pid))?;
                    watch = Some(new);
                }
            }
        }
    }
}
