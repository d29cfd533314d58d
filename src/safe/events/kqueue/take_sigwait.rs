//! Taking a signal the kqueue reported, on macOS, which has neither
//! `sigtimedwait` nor `sigwaitinfo`: `sigpending` says whether one of the
//! set is pending, and `sigwait` takes it (at once, since it is). `sigwait`
//! gives the number only: the [`SigInfo`] says so (`detailed` is `false`).

use crate::safe::sigset::siginfo::SigInfo;
use crate::safe::sigset::wait::wait_blocked;
use crate::safe::sigset::SigSet;
use crate::Errno;

/// Takes one pending signal of `set` (blocked: the guard's); `None` if
/// none is pending (another thread took it first, or the report counted a
/// send that had coalesced with one already taken).
///
/// Another thread that takes the signal between the `sigpending` and the
/// `sigwait` makes the `sigwait` sleep until the next signal of the set:
/// the event wait's docs say to wait for a signal in one thread only.
pub(super) fn take_one(set: &SigSet) -> Result<Option<SigInfo>, Errno> {
    let pending = SigSet::pending()?;
    let Some(sig) = set.iter().find(|&sig| pending.contains(sig)) else {
        return Ok(None);
    };
    let mut only = SigSet::empty();
    only.insert(sig);
    Ok(Some(SigInfo::number_only(wait_blocked(&only)?)))
}
