//! A pipe with flags in one call (`pipe2`): Linux, FreeBSD.

use std::ffi::c_int;

use procsig::{raw, Errno};

/// A new pipe with `flags` (`O_CLOEXEC`, `O_NONBLOCK`): `[read end, write
/// end]`, owned by the caller.
pub fn pipe_with(flags: c_int) -> Result<[c_int; 2], Errno> {
    let mut fds = [-1; 2];
    // SAFETY: two live ints for the descriptors.
    unsafe { raw::pipe2(&mut fds, flags) }?;
    Ok(fds)
}
