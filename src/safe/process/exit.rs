//! [`exit`]: end the process at once, the way a forked child must.

use core::ffi::c_int;

use crate::raw;

/// `_exit(code)`—Ends the calling process at once with status `code & 0xff`.
///
/// No Rust destructors, no `atexit` handlers, no flush of C stdio or of
/// Rust's `stdout` buffer: a forked child must end this way, or it would run
/// clean-up that belongs to the parent (flushing the parent's buffered
/// output a second time, removing the parent's temporary files, …). Flush
/// what the child printed itself before calling it.
///
/// Threads: ends every thread of the process at once (`exit_group`), in
/// whatever state they are.
///
/// Async-signal-safe: yes.
///
/// System calls: `exit_group`.
///
/// # Examples
/// ```
/// use procsig::{exit, fork, Fork, WaitStatus};
///
/// // SAFETY: the child calls only `exit`.
/// match unsafe { fork() }? {
///     Fork::Child => exit(256 + 7), // only the low 8 bits count
///     Fork::Parent(child) => assert_eq!(child.wait()?, WaitStatus::Exited(7)),
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/_exit.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/_exit.2.html)
#[doc(alias = "_exit")]
#[inline(always)]
pub fn exit(code: c_int) -> ! {
    // SAFETY: `_exit` has no memory-safety precondition; it ends every
    // thread, so nothing can observe a half-finished state.
    unsafe { raw::_exit(code) }
}
