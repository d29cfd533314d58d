//! Taking a signal the kqueue reported, on macOS, which has neither
//! `sigtimedwait` nor `sigwaitinfo`: `sigpending` says whether one of the
//! set is pending, and `sigwait` takes it (at once, since it is). `sigwait`
//! gives the number only: the [`SigInfo`] says so (`detailed` is `false`).

use super::Took;
use crate::safe::sigset::siginfo::SigInfo;
use crate::safe::sigset::wait::wait_blocked;
use crate::safe::sigset::SigSet;
use crate::Errno;

/// Takes one pending signal of `set` (blocked: the guard's);
/// [`Took::Nothing`] if `sigpending` shows none (another thread took it
/// first, the report counted a send that had coalesced with one already
/// taken, or, XNU posting the report before it makes the signal pending,
/// not yet: the caller looks again soon). Never [`Took::Pending`].
///
/// `sigpending` shows the calling thread's pending signals only: the
/// wait runs on the main thread, where XNU makes a process-directed
/// signal pending when every thread blocks it (`Events::new` refuses
/// elsewhere).
///
/// Another thread that takes the signal between the `sigpending` and the
/// `sigwait` makes the `sigwait` sleep until the next signal of the set:
/// the event wait's docs say to wait for a signal in one thread only.
pub(super) fn take_one(set: &SigSet) -> Result<Took, Errno> {
    let pending = SigSet::pending()?;
    let Some(sig) = set.iter().find(|&sig| pending.contains(sig)) else {
        return Ok(Took::Nothing);
    };
    let mut only = SigSet::empty();
    only.insert(sig);
    Ok(Took::Signal(SigInfo::number_only(wait_blocked(&only)?)))
}
