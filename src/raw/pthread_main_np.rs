use core::ffi::c_int;

/// `pthread_main_np()`—Whether the calling thread is the process's main
/// thread (macOS): 1 if it is, 0 if not.
///
/// procsig uses it on macOS, where a signal sent to the process while
/// every thread blocks it is made pending on the first thread of the
/// task (XNU's `get_signalthread`, then `get_signalact`), and
/// `sigpending` shows only the calling thread's pending signals: a wait
/// that looks with `sigpending` must run on that thread. After `fork`,
/// the child's one thread (the one that forked) is its main thread
/// (libpthread's fork-child handler makes it so).
///
/// No system call (a comparison of `pthread_self` with the main thread
/// libpthread recorded), so no `trace` line, as `pthread_self`.
///
/// Async-signal-safe: yes in practice (no lock, no system call).
///
/// # Errors
/// None: `pthread_main_np` cannot fail.
///
/// # Safety
/// No precondition; unsafe only for the uniformity of the raw layer.
///
/// # Examples
/// ```no_run
/// # #[cfg(target_vendor = "apple")] {
/// use procsig::raw::pthread_main_np;
///
/// // SAFETY: no precondition (here and in the thread).
/// assert_eq!(unsafe { pthread_main_np() }, 1);
/// let other = std::thread::spawn(|| unsafe { pthread_main_np() }).join().unwrap();
/// assert_eq!(other, 0);
/// # }
/// ```
///
/// # References
/// - [macOS](https://developer.apple.com/library/archive/documentation/System/Conceptual/ManPages_iPhoneOS/man3/pthread_main_np.3.html)
#[inline(always)]
pub unsafe fn pthread_main_np() -> c_int {
    // SAFETY: no arguments, no failure mode.
    unsafe { libc::pthread_main_np() }
}
