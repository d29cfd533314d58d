use libc::pid_t;

/// `getpid()`—Returns the calling process's id.
///
/// Async-signal-safe: yes. In a forked child it returns the child's own pid
/// (glibc no longer caches it).
///
/// # Errors
/// None: `getpid` cannot fail.
///
/// # Safety
/// No precondition; unsafe only for the uniformity of the raw layer.
///
/// # Examples
/// ```
/// use procsig::raw::getpid;
///
/// // SAFETY: no precondition.
/// assert_eq!(unsafe { getpid() } as u32, std::process::id());
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/getpid.html)
/// - [Linux](https://man7.org/linux/man-pages/man2/getpid.2.html)
#[inline(always)]
pub unsafe fn getpid() -> pid_t {
    // SAFETY: no arguments, no failure mode.
    let pid = unsafe { libc::getpid() };
    trace!("getpid() = {pid}");
    pid
}
