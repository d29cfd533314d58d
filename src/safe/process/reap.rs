//! Reaping every exited child of the process, whoever forked it: what an
//! init (pid 1) or a [subreaper](crate::become_subreaper) must do for the
//! orphans the kernel re-parents to it, and what nobody else should do.
//!
//! The statuses that this process's [`Child`] handles are owed are never
//! lost: each exited child is first looked at without being reaped
//! (`waitid(P_ALL, …, WNOWAIT)`), and one that a handle the caller passed
//! holds is reaped through that handle and reported with its index.
//!
//! Linux only for now (chosen on the `mod` line): FreeBSD would reap the
//! same way (`waitid`, or `wait6(P_ALL)`) after `procctl(PROC_REAP_ACQUIRE)`,
//! and macOS has no subreapers; neither is built yet.

use crate::safe::pid::Pid;
use crate::safe::process::child::waitid::waitid_pid_report;
use crate::safe::process::child::Child;
use crate::safe::process::wait_status::WaitStatus;
use crate::Errno;

/// A child that [`reap_one_exited`] or [`reap_all_exited`] reaped.
///
/// `#[non_exhaustive]`: more of what the kernel reported may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub struct Reaped {
    /// The child's pid (free again now: it may name another process from
    /// here on).
    pub pid: Pid,
    /// How it ended: [`Exited`](WaitStatus::Exited),
    /// [`Signaled`](WaitStatus::Signaled), or
    /// [`Unknown`](WaitStatus::Unknown) for a signal that is no
    /// [`Signal`](crate::Signal) of this target. Never a stop or a
    /// continue: those are not reaped.
    pub status: WaitStatus,
    /// `Some(i)`: the child of the handle in slot `i` of the slots passed,
    /// reaped through that handle. The handle stays in its slot, spent: it
    /// reports `ECHILD` to its waits and `ESRCH` to its signals from now
    /// on, as after any wait of its own; drop it when you are done. (Take
    /// it out before handing the slots to [`wait_any`](crate::wait_any),
    /// which would report it as ended with `Err(ECHILD)`.)
    /// `None`: a child that no passed handle holds — an orphan the kernel
    /// re-parented to this process, a child forked by other code
    /// (`std::process::Command`, a library), or the child of a handle that
    /// was not passed.
    pub index: Option<usize>,
}

/// What a [`reap_all_exited`] sweep did and left.
///
/// `#[non_exhaustive]`: more may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub struct Sweep {
    /// How many children it reaped (and reported).
    pub reaped: usize,
    /// Whether the process still has children, running or stopped (none
    /// of them ended, or it would have been reaped). `false` once the
    /// kernel says there are none (`ECHILD`): for an init, the moment
    /// there is nothing left to wait for. The kernel tells whether any
    /// remain, not how many.
    pub children_left: bool,
}

/// `waitid(P_ALL, 0, WEXITED | WNOHANG | WNOWAIT)`, then a `waitid` of
/// the child it names—Reaps one exited child of this process, **whoever
/// forked it**, and says which and how; `None` if no child has exited.
///
/// Only an init (pid 1 of a pid namespace) or a
/// [subreaper](crate::become_subreaper) should call it: it takes every
/// child of the process, including children that other code forked and
/// means to wait for itself. It never blocks, never reaps a stopped or
/// continued child (only ends are reaped, and only ends are looked at, so a
/// child that stays stopped is never looked at twice), and allocates
/// nothing.
///
/// **The handles you hold.** Pass every [`Child`] handle the program holds
/// in `children` (the same slots you would give
/// [`wait_any`](crate::wait_any); `None` slots are skipped). The exited
/// child is looked at first without being reaped (`WNOWAIT`); if a live
/// handle in the slots holds it, it is reaped *through that handle* and
/// reported with the handle's index, so the status reaches you and the
/// handle knows its child is gone (its waits report `ECHILD` from then on,
/// and it never reaches a later process on the pid). Any other exited
/// child is reaped by pid and reported with `index: None`. Without
/// handles, pass `&mut []`: each child then costs one `waitid` instead of
/// two.
///
/// **Handles not passed.** A handle that is not among the slots (held by
/// another thread, in `wait_any` there, or simply forgotten) loses its
/// child's status to this call: the status is reported here, by pid, with
/// `index: None`, and the handle learns only that the child is gone.
/// - With a pidfd it can never be wrong: its waits report `ECHILD` and its
///   signals `ESRCH`, whoever has the pid by then. A thread blocked in that
///   handle's wait (or in `wait_any` over it) wakes with `ECHILD` if this
///   call reaps the child first; whichever reaps first gets the status.
/// - Without one (see [`Child`], "Without a pidfd"), this call is exactly
///   the "other code's `waitid`" that the fallback cannot see. Until the
///   pid is taken again the handle still finds its child gone (`ESRCH`,
///   `ECHILD`); once it is, by a later child of ours or, in an init or
///   subreaper, by an orphan re-parented here, the handle would reach that
///   process. Pass every handle without a pidfd.
///
/// A handle in the slots that cannot trust its pid (no pidfd, and `SIGCHLD`
/// ignored, or a copy made by a later `fork`) gives it up (`ECHILD` from
/// then on) and its child, if it is the one that ended, is reported by pid.
///
/// With `SIGCHLD` ignored (or `SA_NOCLDWAIT`) the kernel reaps every child
/// as it ends: there is nothing to reap and the statuses are lost, the
/// handles' included. An init should
/// [`reset_disposition`](crate::reset_disposition)`(Signal::CHLD)` first.
/// Children made by `clone` with a termination signal other than `SIGCHLD`
/// are not seen, as with `waitpid(-1)`.
///
/// Threads: any thread may call it, for the children of every thread. It
/// takes `&mut` of the slots, so no other thread can wait through those
/// handles meanwhile.
///
/// Async-signal-safe: yes (system calls only; no lock, no allocation).
///
/// System calls: `waitid`. (No child has exited; or one that no handle in
/// the slots holds.)
///
/// System calls (a handle's child): `waitid`; without pidfds: `getpid`,
/// `rt_sigaction`, `waitid`. The handle checks that it may trust its pid.
///
/// # Errors
/// - `ECHILD`: the process has no children at all (running, stopped or
///   exited): nothing is left to reap.
///
/// # References
/// - [POSIX: waitid](https://pubs.opengroup.org/onlinepubs/9799919799/functions/waitid.html)
/// - [Linux: waitid](https://man7.org/linux/man-pages/man2/waitid.2.html)
///
/// ```
/// use procsig::{exit, fork, reap_one_exited, Errno, Fork, SigSet, Signal};
///
/// let chld = SigSet::from(Signal::CHLD).block()?; // before any child exists
/// // SAFETY: the child calls only `exit`.
/// let Fork::Parent(mine) = (unsafe { fork() }?) else { exit(3) };
/// // Another part of the program's child, which no handle of ours holds:
/// let other = std::process::Command::new("true").spawn().unwrap();
/// let mut children = [Some(mine)];
/// let mut seen = Vec::new();
/// while seen.len() < 2 {
///     match reap_one_exited(&mut children)? {
///         Some(reaped) => seen.push((reaped.index, reaped.status.code())),
///         None => drop(chld.wait()?), // until the next child ends
///     }
/// }
/// seen.sort();
/// assert_eq!(seen, [(None, Some(0)), (Some(0), Some(3))]); // `true`; ours, by index
/// let spent = children[0].as_mut().unwrap();
/// assert_eq!(spent.try_wait(), Err(Errno::ECHILD));
/// # drop(other);
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "waitid")]
#[doc(alias = "waitpid")]
#[doc(alias = "P_ALL")]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub fn reap_one_exited(children: &mut [Option<Child>]) -> Result<Option<Reaped>, Errno> {
    // Without a live handle there is nothing to route: reap at once.
    if !children.iter().flatten().any(|c| !c.reaped) {
        let reaped = waitid_pid_report(libc::P_ALL, 0, libc::WNOHANG)?;
        return Ok(reaped.map(|(pid, report)| Reaped {
            pid,
            status: report.status,
            index: None,
        }));
    }
    loop {
        // A look without reaping (WNOWAIT), at ends only (WEXITED alone,
        // never WSTOPPED or WCONTINUED): a child that stays stopped is
        // never reported, so it cannot be looked at again and again.
        let Some((pid, _)) = waitid_pid_report(libc::P_ALL, 0, libc::WNOHANG | libc::WNOWAIT)?
        else {
            return Ok(None);
        };
        let held = children
            .iter_mut()
            .enumerate()
            .find_map(|(i, slot)| slot.as_mut().filter(|c| c.holds(pid)).map(|c| (i, c)));
        if let Some((index, child)) = held {
            match child.try_wait() {
                // Only ends are asked for: this is the child's end.
                Ok(Some(status)) => {
                    return Ok(Some(Reaped {
                        pid,
                        status,
                        index: Some(index),
                    }))
                }
                // ECHILD: the handle's own child is gone (its pidfd names
                // a process that was reaped behind its back, and the zombie
                // is a later one on the pid), or it cannot trust its pid
                // (no pidfd, and SIGCHLD ignored, or a copy of the handle
                // in another process). The handle is spent now; look again,
                // and the zombie is reaped by pid. (`None` cannot come for
                // a zombie that holds the pid; if it did, looking again is
                // still right.)
                Ok(None) | Err(Errno::ECHILD) => continue,
                Err(e) => return Err(e),
            }
        }
        // No handle holds it. The pid stays the zombie's until someone
        // reaps it; if another thread did so between the look and this
        // wait, the wait finds nothing (or, for a pid taken again by a
        // running child, nothing ended), and the next look goes on.
        // A `Pid` is positive, so the cast to `id_t` is exact.
        match waitid_pid_report(libc::P_PID, pid.as_raw() as libc::id_t, libc::WNOHANG) {
            Ok(Some((pid, report))) => {
                return Ok(Some(Reaped {
                    pid,
                    status: report.status,
                    index: None,
                }))
            }
            Ok(None) | Err(Errno::ECHILD) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// [`reap_one_exited`] until no exited child is left—Reaps **every**
/// exited child of this process, whoever forked it, hands each to `each`
/// as it goes, and says how many it reaped and whether children remain.
///
/// What an init does whenever `SIGCHLD` comes: one `SIGCHLD` may stand for
/// many ended children (standard signals coalesce), so it reaps until none
/// is left, without blocking. Everything [`reap_one_exited`] says holds:
/// only for an init or a subreaper; pass every [`Child`] handle you hold,
/// and a handle's child is reaped through it and reported with its index;
/// stopped children are left alone. While children keep ending it keeps
/// reaping them. Nothing is allocated: `each` gets the reports one by one.
///
/// Threads: as [`reap_one_exited`].
///
/// Async-signal-safe: yes, if `each` is.
///
/// System calls: `waitid`. (Exited children, none of them a handle's in
/// the slots.)
///
/// System calls (a handle's child): `waitid`; without pidfds: `getpid`,
/// `rt_sigaction`, `waitid`.
///
/// # Errors
/// Those of [`reap_one_exited`] but `ECHILD`, which ends the sweep with
/// [`Sweep::children_left`] `false`. The children reaped before an error
/// have been handed to `each`.
///
/// # References
/// - [Linux: waitid](https://man7.org/linux/man-pages/man2/waitid.2.html)
///
/// ```
/// use procsig::{exit, fork, reap_all_exited, Fork, SigSet, Signal};
///
/// // An init's loop, in short: SIGCHLD blocked before any child exists,
/// // then a sweep after each one (which may stand for several ends).
/// let chld = SigSet::from(Signal::CHLD).block()?;
/// for code in 1..=3 {
///     // SAFETY: the children call only `exit`.
///     if let Fork::Child = unsafe { fork() }? {
///         exit(code)
///     }
/// }
/// let mut children: [Option<procsig::Child>; 0] = [];
/// let mut codes = Vec::new();
/// loop {
///     chld.wait()?;
///     let sweep = reap_all_exited(&mut children, |r| codes.push(r.status.code()))?;
///     if !sweep.children_left {
///         break;
///     }
/// }
/// codes.sort();
/// assert_eq!(codes, [Some(1), Some(2), Some(3)]);
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "waitid")]
#[doc(alias = "waitpid")]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub fn reap_all_exited(
    children: &mut [Option<Child>],
    mut each: impl FnMut(Reaped),
) -> Result<Sweep, Errno> {
    let mut reaped = 0;
    loop {
        match reap_one_exited(children) {
            Ok(Some(one)) => {
                reaped += 1;
                each(one);
            }
            Ok(None) => {
                return Ok(Sweep {
                    reaped,
                    children_left: true,
                })
            }
            Err(Errno::ECHILD) => {
                return Ok(Sweep {
                    reaped,
                    children_left: false,
                })
            }
            Err(e) => return Err(e),
        }
    }
}
