//! Becoming a child subreaper (Linux): the process that orphaned
//! descendants are re-parented to, instead of init.
//!
//! Other systems: FreeBSD's equivalent is `procctl(P_PID, getpid(),
//! PROC_REAP_ACQUIRE, NULL)`, DragonFly's the same call; macOS has none.
//! procsig does not wrap them yet (this file is chosen on its `mod` line
//! for Linux only), so there the only reaper of orphans is pid 1.

use crate::raw;
use crate::Errno;

/// `prctl(PR_SET_CHILD_SUBREAPER, 1)`—Makes this process a child
/// subreaper: from now on, a descendant orphaned by its parent's death is
/// re-parented to this process (the nearest living subreaper above it),
/// not to init.
///
/// What follows is the caller's to handle, as an init's would be:
/// - The orphans become this process's children: their `getppid()` is now
///   this process, their `SIGCHLD` comes here when they end, and each ended
///   one stays a zombie until this process reaps it. Reap them, with
///   [`reap_all_exited`](crate::reap_all_exited) (which also keeps the
///   statuses that this process's [`Child`](crate::Child) handles are
///   owed), whenever `SIGCHLD` comes. A subreaper that never reaps fills
///   the process table with zombies.
/// - Code that waits for "any child" (`waitpid(-1)`) now also sees
///   processes it never forked, and a [`Child`](crate::Child) handle
///   *without* a pidfd trusts less: a pid given up by a child that was
///   reaped behind the handle's back may be taken by an orphan re-parented
///   here, not only by a later fork of ours (see `Child`, "Without a
///   pidfd", and [`reap_one_exited`](crate::reap_one_exited), "Handles not
///   passed"). Handles with a pidfd are unaffected.
///
/// The setting belongs to the process (every thread's orphans come here),
/// is not inherited by the children it forks, and survives `execve`. Pid 1
/// of a pid namespace needs no call: orphans in its namespace are
/// re-parented to it already. Calling it twice is harmless. Undo it with
/// `raw::prctl(PR_SET_CHILD_SUBREAPER, 0, …)`.
///
/// Threads: any thread may call it; it holds for the whole process.
///
/// Async-signal-safe: yes (one system call).
///
/// System calls: `prctl`.
///
/// # Errors
/// - `EINVAL`: a kernel before 3.4, which has no subreapers.
/// - `EPERM`: a seccomp filter or security module refused the call.
///
/// # References
/// - [Linux: PR_SET_CHILD_SUBREAPER](https://man7.org/linux/man-pages/man2/PR_SET_CHILD_SUBREAPER.2const.html)
/// - [Linux: prctl](https://man7.org/linux/man-pages/man2/prctl.2.html)
///
/// ```
/// use procsig::{become_subreaper, exit, fork, reap_all_exited, Fork, SigSet, Signal};
///
/// become_subreaper()?;
/// // Blocked before the fork, so no SIGCHLD can come too early to wait for.
/// let chld = SigSet::from(Signal::CHLD).block()?;
/// // SAFETY: both children call only async-signal-safe functions.
/// let Fork::Parent(middle) = (unsafe { fork() }?) else {
///     // The middle process forks a grandchild and exits at once,
///     // orphaning it: the grandchild comes to us, not to init.
///     let Ok(Fork::Child) = (unsafe { fork() }) else { exit(0) };
///     exit(7)
/// };
/// middle.wait()?;
/// let mut codes = Vec::new();
/// while codes.is_empty() {
///     chld.wait()?; // a child ended (the middle, or the grandchild)
///     reap_all_exited(&mut [], |reaped| codes.push(reaped.status.code()))?;
/// }
/// assert_eq!(codes, [Some(7)]); // the grandchild, reaped here
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "prctl")]
#[doc(alias = "PR_SET_CHILD_SUBREAPER")]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub fn become_subreaper() -> Result<(), Errno> {
    // SAFETY: PR_SET_CHILD_SUBREAPER takes a flag, no pointer, and changes
    // only which process orphans are re-parented to: nothing safe code
    // relies on for memory safety.
    unsafe { raw::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) }.map(drop)
}

/// `prctl(PR_GET_CHILD_SUBREAPER, &flag)`—Whether this process is a child
/// subreaper ([`become_subreaper`]).
///
/// `false` for pid 1 of a pid namespace that never asked: it reaps its
/// namespace's orphans without being a subreaper.
///
/// Threads: any thread; the setting is the process's.
///
/// Async-signal-safe: yes (one system call).
///
/// System calls: `prctl`.
///
/// # Errors
/// - `EINVAL`: a kernel before 3.4.
///
/// # References
/// - [Linux: PR_GET_CHILD_SUBREAPER](https://man7.org/linux/man-pages/man2/PR_GET_CHILD_SUBREAPER.2const.html)
///
/// ```
/// use procsig::{exit, fork, is_subreaper, Fork, WaitStatus};
///
/// procsig::become_subreaper()?;
/// assert!(is_subreaper()?);
/// // SAFETY: the child calls only async-signal-safe functions.
/// let Fork::Parent(child) = (unsafe { fork() }?) else {
///     exit(i32::from(is_subreaper() == Ok(true)))
/// };
/// assert_eq!(child.wait()?, WaitStatus::Exited(0)); // not inherited
/// # Ok::<(), procsig::Errno>(())
/// ```
#[doc(alias = "prctl")]
#[doc(alias = "PR_GET_CHILD_SUBREAPER")]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub fn is_subreaper() -> Result<bool, Errno> {
    let mut flag: libc::c_int = 0;
    // SAFETY: PR_GET_CHILD_SUBREAPER stores one `int` through its second
    // argument, a pointer to `flag`, which lives across the call.
    unsafe {
        raw::prctl(
            libc::PR_GET_CHILD_SUBREAPER,
            &mut flag as *mut libc::c_int as libc::c_ulong,
            0,
            0,
            0,
        )
    }?;
    Ok(flag != 0)
}
