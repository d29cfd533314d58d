use core::ffi::{c_int, c_ulong};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `prctl(option, arg2, arg3, arg4, arg5)`—Sets or reads a property of the
/// calling thread or process (Linux).
///
/// procsig uses `PR_SET_PDEATHSIG` (arg2: the signal this process receives
/// when its parent *thread* ends; 0 clears it), `PR_SET_CHILD_SUBREAPER`
/// (arg2: 1 makes the process the one its orphaned descendants are
/// re-parented to, 0 undoes it) and `PR_GET_CHILD_SUBREAPER` (arg2: a
/// pointer to the `int` it stores the setting in). Unused arguments are
/// passed as 0, as the kernel requires for many options.
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `EINVAL`: `option` is unknown (`PR_SET_CHILD_SUBREAPER` before
///   Linux 3.4), or an argument is invalid for it (for
///   `PR_SET_PDEATHSIG`: not a valid signal number).
/// - `EPERM`, `EFAULT`, …: as the option documents.
///
/// # Safety
/// Options that take pointers need valid ones (pass them as integers);
/// some options change the process in ways safe code relies on
/// (`PR_SET_SECCOMP`, `PR_SET_NO_NEW_PRIVS`, …). The caller answers for the
/// option it passes.
///
/// # Examples
/// ```
/// use procsig::raw::prctl;
///
/// // SAFETY: PR_GET_PDEATHSIG writes through the pointer we pass.
/// let mut sig: libc::c_int = -1;
/// unsafe { prctl(libc::PR_GET_PDEATHSIG, &mut sig as *mut libc::c_int as libc::c_ulong, 0, 0, 0) }?;
/// assert_eq!(sig, 0); // none set
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [Linux](https://man7.org/linux/man-pages/man2/prctl.2.html)
/// - [PR_SET_PDEATHSIG](https://man7.org/linux/man-pages/man2/PR_SET_PDEATHSIG.2const.html)
/// - [PR_SET_CHILD_SUBREAPER](https://man7.org/linux/man-pages/man2/PR_SET_CHILD_SUBREAPER.2const.html)
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "linux")))]
pub unsafe fn prctl(
    option: c_int,
    arg2: c_ulong,
    arg3: c_ulong,
    arg4: c_ulong,
    arg5: c_ulong,
) -> Result<c_int, Errno> {
    // SAFETY: the caller vouches for the option and its arguments.
    let r = cvt(unsafe { libc::prctl(option, arg2, arg3, arg4, arg5) });
    trace!(
        "prctl({option}, {arg2}, {arg3}, {arg4}, {arg5}) {}",
        super::trace::Ret(&r)
    );
    r
}
