use core::ffi::c_int;
use core::ptr;

use libc::sigset_t;

use crate::raw::cvt::cvt_long;
use crate::Errno;

/// The kernel's signal set: 64 bits (`_NSIG / 8`) on every Linux
/// architecture procsig builds for; `sigset_t` is larger (1024 bits in
/// glibc and musl), and the kernel reads only its first 8 bytes.
const KERNEL_SIGSET_SIZE: usize = 8;

/// `syscall(SYS_rt_sigprocmask, how, set, oldset, 8)`—The system call
/// under [`sigprocmask`](super::sigprocmask), with no C library in
/// between (Linux).
///
/// As [`sigprocmask`](super::sigprocmask), with one difference: the C
/// library's reserved signals are neither stripped from `set` nor hidden in
/// `oldset`. glibc's `sigprocmask` leaves its signals 32 and 33 out of any
/// set it blocks, and musl's hides 32 to 34 in the mask it reports; this
/// blocks them and reports them as the kernel has them. Only the first 64
/// signals of each set count (the kernel's set). `SIGKILL` and `SIGSTOP`
/// are still left out by the kernel.
///
/// For a single-threaded program that must not be killed by a stray
/// signal the C library keeps for itself (glibc uses 32 to cancel threads
/// and 33 for `setuid` across threads; musl 32 to 34 for timers, thread
/// cancellation and `setuid` across threads): blocking them in a process
/// that starts threads, cancels one or calls `setuid` with more than one
/// thread can make those C library calls hang. Put the sets in place with
/// the raw bits (a C library's `sigaddset` refuses its reserved signals).
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `EINVAL`: `how` is invalid and `set` is `Some`; the mask is unchanged.
///
/// # Safety
/// No memory-safety precondition: the references are valid `sigset_t`s.
/// Unblocking a signal runs its handler now if it was pending; blocking a
/// reserved signal is the caller's promise that the C library will not need
/// it (see above).
///
/// # Examples
/// ```
/// use procsig::raw::rt_sigprocmask;
///
/// // SAFETY: reads the mask only; `zeroed` is a valid `sigset_t`.
/// let mut mask: libc::sigset_t = unsafe { core::mem::zeroed() };
/// unsafe { rt_sigprocmask(libc::SIG_BLOCK, None, Some(&mut mask)) }?;
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/sigprocmask.2.html)
#[doc(alias = "SYS_rt_sigprocmask")]
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn rt_sigprocmask(
    how: c_int,
    set: Option<&sigset_t>,
    oldset: Option<&mut sigset_t>,
) -> Result<(), Errno> {
    let set = set.map_or(ptr::null(), |s| s as *const sigset_t);
    let oldset = oldset.map_or(ptr::null_mut(), |s| s as *mut sigset_t);
    // SAFETY: each pointer is null or comes from a live reference to a
    // `sigset_t`, at least `KERNEL_SIGSET_SIZE` bytes long, so the kernel
    // reads and writes only valid memory.
    let r = cvt_long(unsafe {
        libc::syscall(
            libc::SYS_rt_sigprocmask,
            how,
            set,
            oldset,
            KERNEL_SIGSET_SIZE,
        )
    })
    .map(drop);
    trace!(
        "rt_sigprocmask({}, {}) {}",
        super::trace::How(how),
        // SAFETY: `set` is null or from the caller's live reference.
        super::trace::MaybeSet(unsafe { set.as_ref() }),
        super::trace::Ret(&super::trace::zero(&r))
    );
    r
}
