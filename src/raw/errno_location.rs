use crate::Errno;
use core::ffi::c_int;

/// `__errno_location()`—The address of the calling thread's `errno`
/// (glibc, musl).
///
/// Each target names this function differently; `build.rs` picks the name
/// (`procsig_errno`), and exactly one of three items with this name is
/// compiled.
///
/// Async-signal-safe: yes (a thread-local address). A signal handler that
/// calls functions which may set `errno` should save and restore it.
///
/// # Errors
/// None.
///
/// # Safety
/// The pointer is valid for reads and writes for the calling thread's
/// lifetime only; do not send it to another thread.
///
/// # Examples
/// ```
/// use procsig::raw::errno_location;
///
/// // SAFETY: the pointer is this thread's errno, valid for the thread's life.
/// unsafe {
///     *errno_location() = libc::EINTR;
///     assert_eq!(*errno_location(), libc::EINTR);
/// }
/// ```
///
/// # References
/// - [POSIX errno](https://pubs.opengroup.org/onlinepubs/9799919799/functions/errno.html)
#[cfg(procsig_errno = "__errno_location")]
#[doc(alias = "__errno_location")]
#[inline(always)]
pub unsafe fn errno_location() -> *mut c_int {
    // SAFETY: no arguments; returns this thread's errno address.
    unsafe { libc::__errno_location() }
}

/// `__error()`—The address of the calling thread's `errno` (macOS,
/// FreeBSD, DragonFly).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// None.
///
/// # Safety
/// The pointer is valid for the calling thread's lifetime only.
///
/// # Examples
/// ```
/// use procsig::raw::errno_location;
///
/// // SAFETY: the pointer is this thread's errno, valid for the thread's life.
/// unsafe {
///     *errno_location() = libc::EINTR;
///     assert_eq!(*errno_location(), libc::EINTR);
/// }
/// ```
///
/// # References
/// - [POSIX errno](https://pubs.opengroup.org/onlinepubs/9799919799/functions/errno.html)
#[cfg(procsig_errno = "__error")]
#[doc(alias = "__error")]
#[inline(always)]
pub unsafe fn errno_location() -> *mut c_int {
    // SAFETY: no arguments; returns this thread's errno address.
    unsafe { libc::__error() }
}

/// `__errno()`—The address of the calling thread's `errno` (OpenBSD,
/// NetBSD, Android).
///
/// Async-signal-safe: yes.
///
/// # Errors
/// None.
///
/// # Safety
/// The pointer is valid for the calling thread's lifetime only.
///
/// # Examples
/// ```
/// use procsig::raw::errno_location;
///
/// // SAFETY: the pointer is this thread's errno, valid for the thread's life.
/// unsafe {
///     *errno_location() = libc::EINTR;
///     assert_eq!(*errno_location(), libc::EINTR);
/// }
/// ```
///
/// # References
/// - [POSIX errno](https://pubs.opengroup.org/onlinepubs/9799919799/functions/errno.html)
#[cfg(procsig_errno = "__errno")]
#[doc(alias = "__errno")]
#[inline(always)]
pub unsafe fn errno_location() -> *mut c_int {
    // SAFETY: no arguments; returns this thread's errno address.
    unsafe { libc::__errno() }
}

// `Errno::last` lives here, beside the location it reads, so that the
// `errno` module (below the raw layer) needs nothing from it.
impl Errno {
    /// The calling thread's current `errno`.
    ///
    /// Async-signal-safe: yes (reads a thread-local through libc's errno
    /// location function, see [`errno_location`]).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Errno;
    ///
    /// // SAFETY: kill with signal 2000 only fails, setting errno.
    /// assert_eq!(unsafe { libc::kill(libc::getpid(), 2000) }, -1);
    /// assert_eq!(Errno::last(), Errno::EINVAL);
    /// ```
    #[inline(always)]
    pub fn last() -> Errno {
        // SAFETY: the errno location function takes no arguments and returns
        // a pointer to the calling thread's errno, valid for the thread's
        // lifetime and aligned for `c_int`; reading it is a plain load.
        Errno::from_raw(unsafe { *errno_location() })
    }
}
