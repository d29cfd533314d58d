//! A close-on-exec pipe on macOS, which has no `pipe2`: `pipe`, then
//! `fcntl(F_SETFD, FD_CLOEXEC)` on each end. Between the calls, another
//! thread's `fork` + `exec` can inherit the ends (a window of two system
//! calls that nothing on macOS can close); a program run that way keeps a
//! copy of a job's pipe, so that job's end is seen only when the program
//! ends. The jobs' own forks are not affected: they are ours, and they
//! close what is not theirs.

use core::ffi::c_int;

use crate::{raw, Errno};

/// A new pipe, `[read end, write end]`, both close-on-exec and numbered
/// above 2. The caller owns both descriptors.
pub(crate) fn cloexec_pipe() -> Result<[c_int; 2], Errno> {
    let mut fds = [-1; 2];
    // SAFETY: the descriptors are new; they are closed below on failure
    // and handed to the caller otherwise.
    unsafe { raw::pipe(&mut fds)? };
    for fd in fds {
        // SAFETY: our own new descriptor; F_SETFD takes an int.
        if let Err(e) = unsafe { raw::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) } {
            fds.into_iter().for_each(super::events::close);
            return Err(e);
        }
    }
    // Never standard input, output or error (see `safe/fd.rs`).
    crate::safe::fd::pipe_above_stdio(fds)
}
