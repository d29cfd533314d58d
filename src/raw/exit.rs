use core::ffi::c_int;

/// `_exit(status)`—Ends the calling process at once.
///
/// The parent sees exit status `status & 0xff`. Nothing of the process's
/// own clean-up runs: no Rust destructors, no `atexit` handlers, no flush
/// of stdio or of Rust's `stdout` buffer. Open descriptors are closed,
/// children are re-parented, and the parent is sent `SIGCHLD`. This is the
/// call a forked child must end with.
///
/// Async-signal-safe: yes.
///
/// # Errors
/// None: it does not return.
///
/// # Safety
/// No memory-safety precondition; every other thread of the process ends
/// with it, wherever it is.
///
/// # Examples
/// ```
/// use procsig::raw::{_exit, fork, waitpid};
///
/// // SAFETY: the child calls only `_exit`; we wait for that one child.
/// unsafe {
///     let pid = fork()?;
///     if pid == 0 {
///         _exit(7);
///     }
///     let mut status = 0;
///     waitpid(pid, Some(&mut status), 0)?;
///     assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 7);
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/_exit.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/_exit.2.html)
#[inline(always)]
pub unsafe fn _exit(status: c_int) -> ! {
    trace!("_exit({status})");
    // SAFETY: a plain integer argument; `_exit` never returns.
    unsafe { libc::_exit(status) }
}
