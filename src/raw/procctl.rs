use core::ffi::{c_int, c_void};

use libc::{id_t, idtype_t};

use crate::raw::cvt::cvt;
use crate::Errno;

/// `procctl(idtype, id, cmd, data)`—Sets or reads a property of a process
/// (FreeBSD).
///
/// procsig uses `PROC_PDEATHSIG_CTL` on the calling process (`P_PID`, id
/// 0): `data` points to the `int` signal this process receives when its
/// parent ends (0 clears it) — FreeBSD's counterpart of Linux's
/// `prctl(PR_SET_PDEATHSIG)`, except that it follows the parent
/// *process*, not the thread that forked.
///
/// Async-signal-safe: yes (a system call).
///
/// # Errors
/// - `EINVAL`: `cmd` is unknown, or `data` is invalid for it (for
///   `PROC_PDEATHSIG_CTL`: not a valid signal number, or an id other
///   than the caller's own).
/// - `ESRCH`, `EPERM`, `EFAULT`: as the command documents.
///
/// # Safety
/// `data` must point to what `cmd` reads or writes (for
/// `PROC_PDEATHSIG_CTL`, a live `c_int`); some commands change the process
/// in ways safe code relies on (`PROC_REAP_ACQUIRE`, `PROC_TRACE_CTL`, …).
/// The caller answers for the command it passes.
///
/// # Examples
/// ```no_run
/// # #[cfg(target_os = "freebsd")] {
/// use procsig::raw::procctl;
///
/// let mut sig: libc::c_int = libc::SIGKILL;
/// // SAFETY: PROC_PDEATHSIG_CTL reads the int we point to.
/// unsafe {
///     procctl(libc::P_PID, 0, libc::PROC_PDEATHSIG_CTL, (&mut sig as *mut libc::c_int).cast())
/// }?;
/// # }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [FreeBSD](https://man.freebsd.org/cgi/man.cgi?query=procctl&sektion=2)
#[inline(always)]
#[cfg_attr(docsrs, doc(cfg(target_os = "freebsd")))]
pub unsafe fn procctl(
    idtype: idtype_t,
    id: id_t,
    cmd: c_int,
    data: *mut c_void,
) -> Result<c_int, Errno> {
    // SAFETY: the caller vouches for the command and what `data` points to.
    let r = cvt(unsafe { libc::procctl(idtype, id, cmd, data) });
    trace!(
        "procctl({idtype}, {id}, {cmd}, {data:p}) {}",
        super::trace::Ret(&r)
    );
    r
}
