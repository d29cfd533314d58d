use core::ffi::{c_char, CStr};

use crate::Errno;

/// `execvp(file, argv)`—Replaces the calling process's program with `file`,
/// searched for in `PATH` when it has no `/`, run with the argument vector
/// `argv`. Returns only if that failed, with the reason.
///
/// What survives the `exec`: the pid, the parent, the process group and
/// session, the signal mask, pending signals, ignored signals (`SIG_IGN`
/// stays; a handler becomes `SIG_DFL`, since its code is gone), an
/// `alarm`, and every descriptor without `FD_CLOEXEC`.
///
/// The search (glibc, musl): each `PATH` entry in turn (`/bin:/usr/bin`
/// when `PATH` is unset); a file without execute permission is skipped but
/// remembered, so the failure is `EACCES` rather than `ENOENT`; a file the
/// kernel will not run (`ENOEXEC`) is run by `/bin/sh`. glibc and musl build
/// the candidate paths on the stack.
///
/// Async-signal-safe: no (POSIX lists `execve` and `execv`, not `execvp`:
/// it reads `PATH` with `getenv`). In a forked child of a *single*-threaded
/// program it is fine; after `fork` in a multithreaded one, search `PATH`
/// before the fork and `execve` the result.
///
/// # Errors
/// `ENOENT` (no such file in any `PATH` entry), `EACCES` (found, but not
/// executable, or a directory), `ENOEXEC`, `E2BIG`, `ENOMEM`, `ELOOP`,
/// `ENAMETOOLONG`, `ETXTBSY`, … as `execve(2)` lists them. Shells and
/// `timeout(1)` exit with 127 for `ENOENT` and 126 for the rest.
///
/// # Safety
/// `argv` must point to an array of pointers to NUL-terminated strings,
/// ended by a null pointer, all valid until the call returns. On success
/// nothing of the calling program runs again: no destructor, no `atexit`,
/// no flush of buffered output.
///
/// # Examples
/// ```
/// use core::ffi::c_char;
/// use procsig::raw::execvp;
/// use procsig::{exit, fork, Errno, Fork, WaitStatus};
///
/// let argv: [*const c_char; 3] = [c"sh".as_ptr(), c"-c".as_ptr(), core::ptr::null()];
/// let missing: [*const c_char; 2] = [c"no-such-program-here".as_ptr(), core::ptr::null()];
/// // SAFETY: a single-threaded doctest child; both vectors end with null.
/// match unsafe { fork() }? {
///     Fork::Child => {
///         let err = unsafe { execvp(c"no-such-program-here", missing.as_ptr()) };
///         if err != Errno::ENOENT {
///             exit(1);
///         }
///         // `sh -c` without a command string fails with status 2.
///         let err = unsafe { execvp(c"sh", argv.as_ptr()) };
///         exit(100 + err.raw())
///     }
///     Fork::Parent(child) => assert_eq!(child.wait()?, WaitStatus::Exited(2)),
/// }
/// # Ok::<(), procsig::Errno>(())
/// ```
///
/// # References
/// - [POSIX](https://pubs.opengroup.org/onlinepubs/9799919799/functions/exec.html)
/// - [Linux](https://man7.org/linux/man-pages/man3/execvp.3.html)
#[inline(always)]
pub unsafe fn execvp(file: &CStr, argv: *const *const c_char) -> Errno {
    // SAFETY: `file` is NUL-terminated; `argv` is the caller's promise.
    // `execvp` returns only on failure, always -1 with `errno` set.
    unsafe { libc::execvp(file.as_ptr(), argv) };
    let err = Errno::last();
    trace!(
        "execvp({:?}) {}",
        file,
        super::trace::Ret(&Err::<(), _>(err).map(|()| 0))
    );
    err
}
