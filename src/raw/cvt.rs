//! The C return conventions, each turned into a `Result` by a helper whose
//! name says which (as in Rust's std): [`cvt`] for "-1 and `errno`",
//! [`cvt_nz`] for "the error number is the return value". None of them
//! retries `EINTR`: the raw layer reports what libc said, and retrying is
//! the facade's policy.

use core::ffi::c_int;

use crate::Errno;

/// Convention "-1 and `errno`" (`kill`, `sigprocmask`, `waitpid`, `fork`,
/// `sigaction`, `sigtimedwait`): any other value is the result.
///
/// Reads `errno` only when the call reported failure, because a successful
/// call may leave any value there.
#[inline(always)]
pub(crate) fn cvt(ret: c_int) -> Result<c_int, Errno> {
    if ret == -1 {
        Err(Errno::last())
    } else {
        Ok(ret)
    }
}

/// [`cvt`] for `syscall`, which returns a `long`: -1 and `errno` on
/// failure.
#[cfg(any(procsig_pidfd, procsig_linux))]
#[inline(always)]
pub(crate) fn cvt_long(ret: core::ffi::c_long) -> Result<core::ffi::c_long, Errno> {
    if ret == -1 {
        Err(Errno::last())
    } else {
        Ok(ret)
    }
}

/// [`cvt`] for `read` and `write`, which return an `ssize_t`: -1 and
/// `errno` on failure, else a count.
#[inline(always)]
pub(crate) fn cvt_size(ret: isize) -> Result<usize, Errno> {
    usize::try_from(ret).map_err(|_| Errno::last())
}

/// Convention "0, or the error number as the return value" (`sigwait`,
/// `pthread_sigmask` in POSIX and glibc).
///
/// musl's `sigwait` breaks the convention and returns -1 with `errno` set;
/// -1 is never an error number, so it is read as that convention instead
/// of a `cfg` per libc.
#[inline(always)]
pub(crate) fn cvt_nz(ret: c_int) -> Result<(), Errno> {
    match ret {
        0 => Ok(()),
        -1 => Err(Errno::last()),
        code => Err(Errno::from_raw(code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvt_reads_errno_only_on_minus_one() {
        assert_eq!(cvt(0), Ok(0));
        assert_eq!(cvt(1234), Ok(1234));
    }

    #[test]
    fn cvt_nz_takes_the_return_value_as_the_error() {
        assert_eq!(cvt_nz(0), Ok(()));
        assert_eq!(cvt_nz(libc::EINVAL), Err(Errno::EINVAL));
    }

    #[test]
    fn minus_one_means_errno_in_both_helpers() {
        // SAFETY: writes this thread's errno, as libc does on failure.
        unsafe { *crate::raw::errno_location() = libc::EAGAIN };
        assert_eq!(cvt(-1), Err(Errno::EAGAIN));
        assert_eq!(cvt_nz(-1), Err(Errno::EAGAIN));
    }
}
