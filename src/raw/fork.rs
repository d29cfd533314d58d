use libc::pid_t;

use crate::raw::cvt::cvt;
use crate::Errno;

/// `fork()`—Creates a child process that is a copy of the caller.
///
/// Returns `Ok(0)` in the child and `Ok(child_pid)` in the parent. The child
/// has one thread (a copy of the calling one), the same signal mask and
/// dispositions, an empty set of pending signals, and no pending alarm.
///
/// Async-signal-safe: **no**. It was on POSIX.1-2008's list and was removed
/// in POSIX.1-2024, because `pthread_atfork` handlers run: glibc's `fork`
/// takes the allocator's and stdio's locks around the system call, so a
/// `fork` from a handler that interrupted one of them deadlocks. (`_Fork`,
/// which skips the handlers, is the async-signal-safe one in POSIX.1-2024.)
///
/// # Errors
/// - `EAGAIN`: a process or thread limit (`RLIMIT_NPROC`, `pid_max`,
///   `threads-max`, a cgroup's `pids.max`) was reached.
/// - `ENOMEM`: the kernel could not allocate the child's structures.
/// - `ENOSYS`: `fork` is not supported (no MMU).
///
/// # Safety
/// If the calling process has other threads, the child may call only
/// async-signal-safe functions until it calls [`_exit`](super::_exit) or an
/// `exec` function: a lock another thread held at the time of the fork stays
/// locked forever in the child (the allocator's, stdio's, …). The child must
/// not return into code that assumes it is the parent (unwinding or returning
/// past the fork runs the parent's destructors twice).
///
/// # Examples
/// ```
/// use procsig::raw::{_exit, fork, getpid, getppid, waitpid};
///
/// // SAFETY: single-threaded here; the child ends with `_exit`.
/// unsafe {
///     let parent = getpid();
///     let pid = fork()?;
///     if pid == 0 {
///         _exit(if getppid() == parent { 0 } else { 1 });
///     }
///     let mut status = 0;
///     assert_eq!(waitpid(pid, Some(&mut status), 0)?, pid);
///     assert_eq!(libc::WEXITSTATUS(status), 0);
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/fork.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/fork.2.html)
#[inline(always)]
pub unsafe fn fork() -> Result<pid_t, Errno> {
    // SAFETY: `fork` takes no arguments; the caller upholds what the child
    // may do afterwards (see `# Safety`).
    let r = cvt(unsafe { libc::fork() });
    trace!("fork() {}", super::trace::Ret(&r));
    r
}
