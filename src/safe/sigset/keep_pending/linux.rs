//! Linux keeps a blocked signal pending whatever its disposition: nothing
//! to do, and nothing to undo.

use crate::safe::sigset::SigSet;
use crate::Errno;

/// Linux keeps a blocked signal pending whatever its disposition: nothing
/// to do, so no handler is installed (the empty set).
#[inline(always)]
pub(crate) fn keep_pending_when_blocked(_set: &SigSet) -> Result<SigSet, Errno> {
    Ok(SigSet::empty())
}

/// Nothing was installed: nothing to restore.
#[inline(always)]
pub(crate) fn restore_dispositions(_released: &SigSet) {}

/// Linux keeps a blocked signal pending whatever its disposition: none is
/// refused.
#[inline(always)]
pub(crate) fn refuse_discarded(_set: &SigSet) -> Result<(), Errno> {
    Ok(())
}
