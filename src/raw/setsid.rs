use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `setsid()`—Makes the caller the leader of a new session and of a new
/// process group in it, both with the caller's pid as their id, and
/// returns that id. The new session has no controlling terminal.
///
/// A daemon, a container's init and a terminal emulator's child call it
/// to leave their parent's session (and its terminal's job control: no
/// `SIGHUP` when that terminal hangs up, no `SIGTTIN`/`SIGTTOU`). A process
/// group leader cannot: forking first guarantees the caller is not one.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// - `EPERM`: the caller is already a process group leader (its pid is a
///   group's id), whether or not it leads its session.
///
/// # Safety
/// No memory-safety precondition. The caller loses its controlling
/// terminal: reading from or writing to it afterwards behaves as for any
/// process outside the terminal's session.
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/setsid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/setsid.2.html)
///
/// ```
/// use procsig::raw::{_exit, fork, getpid, getsid, setsid, waitpid};
///
/// // SAFETY: the child calls only async-signal-safe functions and `_exit`.
/// unsafe {
///     let pid = fork()?;
///     if pid == 0 {
///         // A forked child leads no group, so it may start a session.
///         let ok = setsid() == Ok(getpid()) && getsid(0) == Ok(getpid());
///         _exit(if ok { 0 } else { 1 });
///     }
///     let mut status = 0;
///     waitpid(pid, Some(&mut status), 0)?;
///     assert_eq!(status, 0);
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
#[inline(always)]
pub unsafe fn setsid() -> Result<pid_t, Errno> {
    // SAFETY: no arguments; the kernel checks the caller.
    let r = cvt(unsafe { libc::setsid() });
    trace!("setsid() {}", super::trace::Ret(&r));
    r
}
