//! Sessions and process groups of the caller: [`new_session`],
//! [`this_group`], [`session_of`].

use crate::safe::pid::Pid;
use crate::{raw, Errno};

/// `setsid()`—Makes the caller the leader of a new session, and of a new
/// process group in it, and returns their id: the caller's pid.
///
/// The new session has no controlling terminal: the caller no longer
/// gets its old terminal's `SIGHUP`, `SIGINT` or `SIGTSTP`, nor is stopped
/// for using it from the background. Its children inherit the session.
///
/// A process group leader cannot start a session (its group would be
/// split across two sessions): call it in a forked child, which leads no
/// group (unless forked with
/// [`ForkOptions::own_group`](crate::ForkOptions::own_group)).
///
/// Threads: the session and group are the whole process's, not the
/// thread's. Changes no signal mask or disposition.
///
/// Async-signal-safe: yes.
///
/// System calls: `setsid`.
///
/// # Errors
/// - `EPERM`: the caller leads a process group (e.g. it already leads a
///   session, or was forked into a group of its own).
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/setsid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/setsid.2.html)
///
/// ```
/// use procsig::{exit, fork, new_session, session_of, this_group, Errno, Fork, Pid, WaitStatus};
///
/// // SAFETY: the child calls only async-signal-safe functions.
/// let Fork::Parent(child) = (unsafe { fork() }?) else {
///     let me = Pid::this();
///     let ok = new_session() == Ok(me)
///         && session_of(me) == Ok(Some(me))
///         && this_group() == Some(me)
///         && new_session() == Err(Errno::EPERM); // now it leads a group
///     exit(if ok { 0 } else { 1 })
/// };
/// assert_eq!(child.wait()?, WaitStatus::Exited(0));
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "setsid")]
pub fn new_session() -> Result<Pid, Errno> {
    // SAFETY: no memory precondition; leaving the session and terminal is
    // what the caller asked for by name.
    let id = unsafe { raw::setsid() }?;
    // The caller's own pid, always positive in its own namespace;
    // `NO_PROCESS` (as `Pid::this` does) should a filter make it lie.
    Ok(Pid::from_raw(id).unwrap_or(Pid::NO_PROCESS))
}

/// `getpgrp()`—The caller's process group; `None` if the group's leader is
/// outside the caller's pid namespace (Linux then reports 0, e.g. in a
/// process started by `unshare --pid --fork` that has not made a group of
/// its own).
///
/// Threads: the same in every thread.
///
/// Async-signal-safe: yes.
///
/// System calls: `getpgrp`.
///
/// # Errors
/// None: `getpgrp` cannot fail.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getpgrp.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/getpgrp.2.html)
///
/// ```
/// use procsig::{exit, this_group, Fork, ForkOptions, Pid, WaitStatus};
///
/// // SAFETY: the child calls only async-signal-safe functions.
/// let Fork::Parent(child) = (unsafe { ForkOptions::new().own_group().fork() }?) else {
///     exit(i32::from(this_group() != Some(Pid::this())))
/// };
/// assert_eq!(child.wait()?, WaitStatus::Exited(0));
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "getpgrp")]
pub fn this_group() -> Option<Pid> {
    // SAFETY: `getpgrp` has no precondition.
    Pid::from_raw(unsafe { raw::getpgrp() })
}

/// `getsid(pid)`—The session of process `pid` (the pid of its leader);
/// `None` if the leader is outside the caller's pid namespace (Linux then
/// reports 0).
///
/// Threads: any thread may call it.
///
/// Async-signal-safe: yes.
///
/// System calls: `getsid`.
///
/// # Errors
/// - `ESRCH`: no process has that pid.
/// - `EPERM`: the process is in another session and the system will not
///   say which (allowed by POSIX; Linux always says).
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getsid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/getsid.2.html)
///
/// ```
/// use procsig::{fork, session_of, Fork, Pid, Signal};
///
/// // SAFETY: the child only loops.
/// let Fork::Parent(child) = (unsafe { fork() }?) else { loop {} };
/// // A child is born in its parent's session.
/// assert_eq!(session_of(child.pid())?, session_of(Pid::this())?);
/// child.signal(Signal::KILL)?;
/// child.wait()?;
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "getsid")]
pub fn session_of(pid: Pid) -> Result<Option<Pid>, Errno> {
    // SAFETY: an integer the kernel checks.
    unsafe { raw::getsid(pid.as_raw()) }.map(Pid::from_raw)
}
