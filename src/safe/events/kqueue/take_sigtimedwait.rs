//! Taking a signal the kqueue reported, on FreeBSD: `sigtimedwait` with a
//! zero timeout, which reads the kernel's `siginfo_t` (sender, value,
//! code).

use super::Took;
use crate::safe::sigset::siginfo::SigInfo;
use crate::safe::sigset::SigSet;
use crate::{raw, Errno};

/// Takes one pending signal of `set` (blocked: the guard's), without
/// waiting; [`Took::Nothing`] if none is pending (another thread took it
/// first, or the report counted a send that had coalesced with one
/// already taken). `EINTR` is retried.
///
/// [`Took::Pending`]: the zero-timeout `sigtimedwait` failed (`EAGAIN`)
/// though a signal of `set` is pending. FreeBSD's `kern_sigtimedwait`
/// asks `cursig` for the one signal this thread would take next, the
/// lowest-numbered pending one its mask (less `set`) lets through: a
/// handled signal that this thread does not block, numbered below, comes
/// first; it is not in `set`, and with no time to wait the call fails.
/// That signal's handler runs as the call returns, so the next take
/// finds `set`'s: the caller takes again soon. (`sigpending` there is
/// the process's pending signals and the thread's.)
pub(super) fn take_one(set: &SigSet) -> Result<Took, Errno> {
    let zero = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `siginfo_t` is plain data, valid all zeros.
    let mut info: libc::siginfo_t = unsafe { core::mem::zeroed() };
    loop {
        // SAFETY: the set is blocked (the guard's); `info` and `zero` live.
        match unsafe { raw::sigtimedwait(set.as_sigset_t(), Some(&mut info), Some(&zero)) } {
            Ok(_) => return SigInfo::from_siginfo(&info).map(Took::Signal),
            Err(Errno::EAGAIN) => {
                let pending = SigSet::pending()?;
                return Ok(if set.iter().any(|sig| pending.contains(sig)) {
                    Took::Pending
                } else {
                    Took::Nothing
                });
            }
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
        }
    }
}
