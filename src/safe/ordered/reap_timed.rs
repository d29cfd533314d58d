//! Reaping within a time limit where the target has a timed wait.

use core::time::Duration;

use crate::safe::process::child::Child;
use crate::safe::process::wait_status::WaitStatus;
use crate::Errno;

/// The child's status once it ends, or `None` after `left`.
pub(crate) fn reap_within(child: &mut Child, left: Duration) -> Result<Option<WaitStatus>, Errno> {
    child.wait_timeout(left)
}
