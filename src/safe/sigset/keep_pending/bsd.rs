//! BSD and macOS discard a blocked signal whose default action is to ignore
//! it unless a handler is installed, so there [`SigSet::block`] installs a
//! no-op one and its guard puts `SIG_DFL` back.

use crate::safe::sigset::SigSet;
use crate::Errno;

/// BSD and macOS discard a blocked signal whose default action is to
/// ignore it, unless a handler is installed: install a no-op one where the
/// disposition is `SIG_DFL`. Returns the signals it installed it for.
pub(crate) fn keep_pending_when_blocked(set: &SigSet) -> Result<SigSet, Errno> {
    use crate::safe::signal::default_action::DefaultAction;
    use crate::safe::signal::disposition::{disposition, install_noop, Disposition};

    let mut installed = SigSet::empty();
    for sig in set.iter() {
        let ignored_by_default = matches!(
            sig.default_action(),
            DefaultAction::Ignore | DefaultAction::Continue
        );
        if ignored_by_default && disposition(sig)? == Disposition::Default {
            if let Err(e) = install_noop(sig) {
                restore_dispositions(&installed);
                return Err(e);
            }
            installed.insert(sig);
        }
    }
    Ok(installed)
}

/// `EINVAL` if a signal of `set` would be discarded while it is blocked,
/// so that no wait could ever take it:
/// - at `SIG_IGN`, whatever its default: XNU's `psignal_internal` and
///   FreeBSD's `tdsendsignal` fire the `EVFILT_SIGNAL` filter, then drop a
///   signal of `p_sigignore` / `ps_sigignore`. (The std runtime sets
///   `SIGPIPE` to `SIG_IGN` before `main`: put `SIG_DFL` back with
///   `reset_disposition` before blocking it, and `block` installs its
///   no-op handler.) Replacing `SIG_IGN` by a handler is not done: an
///   exec'd child would then inherit `SIG_DFL`, not `SIG_IGN`.
/// - at `SIG_DFL` with a default action of ignoring it (`SIGCHLD`,
///   `SIGWINCH`, `SIGURG`, …): the same; `block` installs a no-op handler,
///   but another thread's guard or the program may have put `SIG_DFL`
///   back.
///
/// `SIGCONT` on macOS is never refused: XNU never puts it in
/// `p_sigignore` (`setsigvec`, `siginit`), so a blocked one is held and
/// `sigwait` takes it. FreeBSD refuses it at `SIG_IGN` or `SIG_DFL`: the
/// send keeps it, but the take (`kern_sigtimedwait`, `cursig`,
/// `issignal`) drops it as ignored.
///
/// One `sigaction` read per signal of `set` (none for `SIGCONT` on
/// macOS).
pub(crate) fn refuse_discarded(set: &SigSet) -> Result<(), Errno> {
    use crate::safe::signal::default_action::DefaultAction;
    use crate::safe::signal::disposition::{disposition, Disposition};
    use crate::safe::signal::Signal;

    for sig in set.iter() {
        if KEEPS_SIGCONT && sig == Signal::CONT {
            continue;
        }
        let ignored_by_default = matches!(
            sig.default_action(),
            DefaultAction::Ignore | DefaultAction::Continue
        );
        match disposition(sig)? {
            Disposition::Ignore => return Err(Errno::EINVAL),
            Disposition::Default if ignored_by_default => return Err(Errno::EINVAL),
            _ => {}
        }
    }
    Ok(())
}

/// Whether a blocked `SIGCONT` is kept pending whatever its disposition:
/// macOS (and the macOS-like build on Linux, which keeps everything).
const KEEPS_SIGCONT: bool = cfg!(any(target_vendor = "apple", procsig_like_macos));

/// Puts `SIG_DFL` back for each signal of `released` (the signals a guard's
/// drop unblocked, which no live guard of the thread holds any more; or
/// those a failed `block` had just installed for) whose handler is still
/// the no-op one `block` installed. Whichever guard installed it, the one
/// whose drop releases the signal restores it: an older guard dropped
/// first leaves it for a younger one that still holds the signal (putting
/// `SIG_DFL` back while the signal is blocked would discard it, pending or
/// to come). A handler the program installed meanwhile is left alone.
///
/// Dispositions are per process: a guard in another thread that holds the
/// same signal is not seen, and `SIG_DFL` comes back when this thread's
/// last holder goes (documented on `SigSet::block`).
pub(crate) fn restore_dispositions(released: &SigSet) {
    use crate::safe::signal::default_action::DefaultAction;
    use crate::safe::signal::disposition::{install_default, noop_installed};

    for sig in released.iter() {
        let ignored_by_default = matches!(
            sig.default_action(),
            DefaultAction::Ignore | DefaultAction::Continue
        );
        if ignored_by_default && noop_installed(sig) {
            // Cannot fail: `sig` has a handler, so it can take SIG_DFL.
            let _ = install_default(sig);
        }
    }
}
