//! The parent-death signal on Linux: `prctl(PR_SET_PDEATHSIG)`.

use crate::safe::signal::Signal;
use crate::{raw, Errno};

/// Asks the kernel to send `sig` to the calling process when its parent
/// (the thread that forked it) ends.
pub(crate) fn ask_for(sig: Signal) -> Result<(), Errno> {
    // A signal number is positive, so the cast is exact.
    let arg = sig.as_raw() as core::ffi::c_ulong;
    // SAFETY: PR_SET_PDEATHSIG takes a signal number; no pointers.
    unsafe { raw::prctl(libc::PR_SET_PDEATHSIG, arg, 0, 0, 0)? };
    Ok(())
}
