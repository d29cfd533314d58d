use libc::pthread_t;

/// `pthread_self()`—Returns the calling thread's id.
///
/// procsig uses it to tell which thread's [`MaskGuard`](crate::MaskGuard)s
/// hold which signals: the signal mask is per thread, so the count of
/// guards that hold a signal must be too.
///
/// The id is unique among the process's *live* threads only: a thread that
/// ends may give its id to a later one (glibc reuses the memory of a
/// finished thread's descriptor, which the id is the address of). After
/// `fork`, the child's one thread has the id of the thread that forked.
///
/// No system call: glibc, musl, macOS and FreeBSD read it from the thread
/// pointer register. So unlike most raw wrappers it writes no `trace`
/// line (as `sigrtmin`).
///
/// Async-signal-safe: yes in practice (a read of the thread pointer: no
/// lock, no system call).
///
/// # Errors
/// None: `pthread_self` cannot fail.
///
/// # Safety
/// No precondition; unsafe only for the uniformity of the raw layer.
///
/// # Examples
/// ```
/// use procsig::raw::pthread_self;
///
/// // SAFETY: no precondition (here and in the thread).
/// let me = unsafe { pthread_self() };
/// let other = std::thread::spawn(|| unsafe { pthread_self() }).join().unwrap();
/// assert_eq!(me, unsafe { pthread_self() });
/// // The two threads were alive at the same time: their ids differ.
/// assert_ne!(me, other);
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_self.html)
/// - [Linux](https://man7.org/linux/man-pages/man3/pthread_self.3.html)
#[inline(always)]
pub unsafe fn pthread_self() -> pthread_t {
    // SAFETY: no arguments, no failure mode; reads the calling thread's id.
    unsafe { libc::pthread_self() }
}
