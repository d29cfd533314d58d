//! A close-on-exec pipe in one call (`pipe2(O_CLOEXEC)`): no other
//! thread's `fork` + `exec` can ever inherit its ends.

use core::ffi::c_int;

use crate::{raw, Errno};

/// A new pipe, `[read end, write end]`, both close-on-exec and numbered
/// above 2. The caller owns both descriptors.
pub(crate) fn cloexec_pipe() -> Result<[c_int; 2], Errno> {
    let mut fds = [-1; 2];
    // SAFETY: the descriptors are new and handed to the caller, which
    // owns them from here.
    unsafe { raw::pipe2(&mut fds, libc::O_CLOEXEC)? };
    // Never standard input, output or error (see `safe/fd.rs`).
    crate::safe::fd::pipe_above_stdio(fds)
}
