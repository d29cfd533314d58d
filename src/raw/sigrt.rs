use core::ffi::c_int;

/// `SIGRTMIN`—The lowest real-time signal number available to applications.
///
/// A run-time value on Linux: the kernel's real-time range starts at 32,
/// and the C library keeps the first few for itself (glibc 32 and 33, so
/// `SIGRTMIN` is 34; musl 32 to 34, so 35). Calls
/// `__libc_current_sigrtmin` through `libc::SIGRTMIN()`.
///
/// Async-signal-safe: yes in practice (it reads a variable the C library
/// set at start-up); it is not in the POSIX list because POSIX does not
/// say that `SIGRTMIN` is a function.
///
/// # Errors
/// None.
///
/// # Safety
/// No precondition; unsafe only for the uniformity of the raw layer.
///
/// # Examples
/// ```
/// use procsig::raw::{sigrtmax, sigrtmin};
///
/// // SAFETY: no precondition.
/// let (min, max) = unsafe { (sigrtmin(), sigrtmax()) };
/// assert!(32 <= min && min < max);
/// ```
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man7/signal.7.html)
#[doc(alias = "SIGRTMIN")]
#[doc(alias = "__libc_current_sigrtmin")]
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
pub unsafe fn sigrtmin() -> c_int {
    libc::SIGRTMIN()
}

/// `SIGRTMAX`—The highest real-time signal number (64 on Linux).
///
/// Calls `__libc_current_sigrtmax` through `libc::SIGRTMAX()`.
///
/// Async-signal-safe: yes in practice, as [`sigrtmin`].
///
/// # Errors
/// None.
///
/// # Safety
/// No precondition; unsafe only for the uniformity of the raw layer.
///
/// # Examples
/// ```
/// use procsig::raw::sigrtmax;
///
/// // SAFETY: no precondition.
/// assert!(unsafe { sigrtmax() } >= 64);
/// ```
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man7/signal.7.html)
#[doc(alias = "SIGRTMAX")]
#[doc(alias = "__libc_current_sigrtmax")]
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
pub unsafe fn sigrtmax() -> c_int {
    libc::SIGRTMAX()
}
