//! BSD and macOS discard a blocked signal whose default action is to ignore
//! it unless a handler is installed, so there [`SigSet::block`] installs a
//! no-op one and its guard puts `SIG_DFL` back.

use crate::safe::sigset::SigSet;
use crate::Errno;

/// What `block` must undo besides the mask: the no-op handlers it installed.
pub(crate) type Installed = SigSet;

/// BSD and macOS discard a blocked signal whose default action is to
/// ignore it, unless a handler is installed: install a no-op one where the
/// disposition is `SIG_DFL`. Returns the signals it installed it for.
pub(crate) fn keep_pending_when_blocked(set: &SigSet) -> Result<Installed, Errno> {
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

pub(crate) fn restore_dispositions(installed: &Installed) {
    for sig in installed.iter() {
        // Cannot fail: `sig` took a handler a moment ago.
        let _ = crate::safe::signal::disposition::install_default(sig);
    }
}
