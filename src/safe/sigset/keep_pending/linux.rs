//! Linux keeps a blocked signal pending whatever its disposition: nothing
//! to do, and nothing to undo.

use crate::safe::sigset::SigSet;
use crate::Errno;

/// What `block` must undo besides the mask: nothing on Linux.
pub(crate) type Installed = ();

/// Linux keeps a blocked signal pending whatever its disposition: nothing
/// to do.
pub(crate) fn keep_pending_when_blocked(_set: &SigSet) -> Result<Installed, Errno> {
    Ok(())
}

pub(crate) fn restore_dispositions(_installed: &Installed) {}
