//! A pipe with flags on macOS, which has no `pipe2`: `pipe`, then `fcntl`
//! on each end. The shell has one thread, so no other thread's `fork` +
//! `exec` can inherit the ends between the calls.

use std::ffi::c_int;

use procsig::{raw, Errno};

/// A new pipe with `flags` (`O_CLOEXEC`, `O_NONBLOCK`): `[read end, write
/// end]`, owned by the caller.
pub fn pipe_with(flags: c_int) -> Result<[c_int; 2], Errno> {
    let mut fds = [-1; 2];
    // SAFETY: two live ints for the descriptors.
    unsafe { raw::pipe(&mut fds) }?;
    let set = |fd: c_int| -> Result<(), Errno> {
        if flags & libc::O_CLOEXEC != 0 {
            // SAFETY: our new descriptor; F_SETFD takes an int.
            unsafe { raw::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC) }?;
        }
        if flags & libc::O_NONBLOCK != 0 {
            // SAFETY: as above; F_SETFL takes an int (a new pipe end has
            // no other status flag to keep).
            unsafe { raw::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK) }?;
        }
        Ok(())
    };
    if let Err(e) = set(fds[0]).and_then(|()| set(fds[1])) {
        for fd in fds {
            // SAFETY: ours, closed once.
            let _ = unsafe { raw::close(fd) };
        }
        return Err(e);
    }
    Ok(fds)
}
