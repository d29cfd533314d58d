use libc::pid_t;

/// `getppid()`—Returns the parent process's id.
///
/// If the parent has exited, this is the pid of the process the child was
/// re-parented to (init, or the nearest "subreaper").
///
/// Async-signal-safe: yes.
///
/// # Errors
/// None: `getppid` cannot fail.
///
/// # Safety
/// No precondition; unsafe only for the uniformity of the raw layer.
///
/// # Examples
/// ```
/// use procsig::raw::getppid;
///
/// // SAFETY: no precondition.
/// assert!(unsafe { getppid() } >= 0);
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getppid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/getpid.2.html)
#[inline(always)]
pub unsafe fn getppid() -> pid_t {
    // SAFETY: no arguments, no failure mode.
    let pid = unsafe { libc::getppid() };
    trace!("getppid() = {pid}");
    pid
}
