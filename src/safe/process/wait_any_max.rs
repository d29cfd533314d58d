//! [`WAIT_ANY_MAX`](crate::WAIT_ANY_MAX): how many children one wait
//! watches. On every target: `ordered::run` is bounded by it too, and runs
//! where `wait_any` does not exist (OpenBSD and the macOS-like build: no
//! timed wait).

/// The most children one `wait_any` call watches (where the target has
/// it: not OpenBSD or the macOS-like build), and the most slots
/// [`ordered::run`](crate::ordered::run) takes: a `poll` table lives on the
/// stack, 8 bytes per child, because procsig never allocates.
pub const WAIT_ANY_MAX: usize = 1024;
