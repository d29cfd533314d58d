//! The parent-death signal on FreeBSD: `procctl(PROC_PDEATHSIG_CTL)`.

use crate::safe::signal::Signal;
use crate::{raw, Errno};

/// Asks the kernel to send `sig` to the calling process when its parent
/// process ends.
pub(crate) fn ask_for(sig: Signal) -> Result<(), Errno> {
    let mut signo = sig.as_raw();
    // SAFETY: PROC_PDEATHSIG_CTL on the caller itself (P_PID, 0) reads the
    // `int` `signo` points to, which lives across the call.
    unsafe {
        raw::procctl(
            libc::P_PID,
            0,
            libc::PROC_PDEATHSIG_CTL,
            (&mut signo as *mut core::ffi::c_int).cast(),
        )?
    };
    Ok(())
}
