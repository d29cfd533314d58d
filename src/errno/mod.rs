//! [`Errno`]: the error number, with its name and meaning for each target
//! family (`linux.rs`, `bsd.rs`, one chosen on the `mod` line). The C return
//! conventions that produce it live in `raw/cvt.rs`; [`Errno::last`] reads it
//! in `raw/errno_location.rs`. Nothing here calls libc.

use core::ffi::c_int;
use core::fmt;

// The target family's names: one file each, chosen here (build.rs sets
// `procsig_family`).
#[cfg_attr(procsig_family = "linux", path = "linux.rs")]
#[cfg_attr(procsig_family = "bsd", path = "bsd.rs")]
mod names;

use crate::packed::{bounds, join, text_len, utf8, Strings};
use names::{KNOWN, KNOWN_MORE};

/// An error number, as libc stores it in `errno`.
///
/// `#[repr(transparent)]` over `c_int`. The constants are the target's
/// values (they differ between Linux and the BSDs). [`Display`](fmt::Display)
/// prints the symbolic name and a short meaning without allocating, so an
/// `Errno` can be reported from a forked child or a signal handler.
///
/// ```
/// use procsig::Errno;
///
/// assert_eq!(Errno::ESRCH.to_string(), "ESRCH: no such process");
/// assert_eq!(Errno::from_raw(Errno::ECHILD.raw()), Errno::ECHILD);
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Errno(c_int);

impl Errno {
    /// Operation not permitted (`EPERM`): e.g. signalling another user's process.
    pub const EPERM: Errno = Errno(libc::EPERM);
    /// No such file or directory (`ENOENT`).
    pub const ENOENT: Errno = Errno(libc::ENOENT);
    /// No such process (`ESRCH`): the pid or process group does not exist.
    pub const ESRCH: Errno = Errno(libc::ESRCH);
    /// Interrupted system call (`EINTR`): a signal handler ran during a blocking call.
    pub const EINTR: Errno = Errno(libc::EINTR);
    /// Input/output error (`EIO`).
    pub const EIO: Errno = Errno(libc::EIO);
    /// Bad file descriptor (`EBADF`).
    pub const EBADF: Errno = Errno(libc::EBADF);
    /// No child processes (`ECHILD`): nothing to wait for, or it was already reaped.
    pub const ECHILD: Errno = Errno(libc::ECHILD);
    /// Resource temporarily unavailable (`EAGAIN`): `fork` hit a limit, or a timed wait timed out.
    pub const EAGAIN: Errno = Errno(libc::EAGAIN);
    /// Cannot allocate memory (`ENOMEM`).
    pub const ENOMEM: Errno = Errno(libc::ENOMEM);
    /// Permission denied (`EACCES`).
    pub const EACCES: Errno = Errno(libc::EACCES);
    /// Bad address (`EFAULT`): a pointer argument is outside the address space.
    pub const EFAULT: Errno = Errno(libc::EFAULT);
    /// Device or resource busy (`EBUSY`).
    pub const EBUSY: Errno = Errno(libc::EBUSY);
    /// File exists (`EEXIST`): e.g. a descriptor already watched by an
    /// event wait.
    pub const EEXIST: Errno = Errno(libc::EEXIST);
    /// Invalid argument (`EINVAL`): a bad signal number, `how`, option or timeout.
    pub const EINVAL: Errno = Errno(libc::EINVAL);
    /// Not a terminal (`ENOTTY`): a terminal call on a descriptor that is
    /// no terminal, or not the caller's controlling terminal.
    pub const ENOTTY: Errno = Errno(libc::ENOTTY);
    /// Broken pipe (`EPIPE`).
    pub const EPIPE: Errno = Errno(libc::EPIPE);
    /// Too many open files in the process (`EMFILE`): no file descriptor
    /// is free, e.g. for a child's pidfd.
    pub const EMFILE: Errno = Errno(libc::EMFILE);
    /// Too many open files in the system (`ENFILE`).
    pub const ENFILE: Errno = Errno(libc::ENFILE);
    /// Result out of range (`ERANGE`).
    pub const ERANGE: Errno = Errno(libc::ERANGE);
    /// Function not implemented (`ENOSYS`).
    pub const ENOSYS: Errno = Errno(libc::ENOSYS);
    /// Operation not supported (`ENOTSUP`).
    pub const ENOTSUP: Errno = Errno(libc::ENOTSUP);
    /// Connection timed out (`ETIMEDOUT`).
    pub const ETIMEDOUT: Errno = Errno(libc::ETIMEDOUT);

    /// Wraps a raw error number. Any value is accepted: an unknown one
    /// prints as `errno N`.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Errno;
    ///
    /// assert_eq!(Errno::from_raw(libc::ESRCH), Errno::ESRCH);
    /// assert_eq!(Errno::from_raw(99_999).to_string(), "errno 99999");
    /// ```
    pub const fn from_raw(code: c_int) -> Errno {
        Errno(code)
    }

    /// The raw error number.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Errno;
    ///
    /// assert_eq!(Errno::ECHILD.raw(), libc::ECHILD);
    /// ```
    pub const fn raw(self) -> c_int {
        self.0
    }

    /// The symbolic name (`"ESRCH"`), or `None` for a number this crate
    /// has no name for.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Errno;
    ///
    /// assert_eq!(Errno::EINTR.name(), Some("EINTR"));
    /// assert_eq!(Errno::from_raw(99_999).name(), None);
    /// ```
    pub fn name(self) -> Option<&'static str> {
        NAMES.get(self.index()?)
    }

    /// What the error means: glibc's `strerror` text for the C locale with
    /// a lowercase first letter, as Rust's error messages begin (`"no such
    /// process"`); `None` for a number this crate has no text for.
    /// Allocation-free, unlike `strerror`, and the same in every thread.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Errno;
    ///
    /// assert_eq!(Errno::ENOENT.description(), Some("no such file or directory"));
    /// assert_eq!(Errno::from_raw(99_999).description(), None);
    /// ```
    #[doc(alias = "strerror")]
    pub fn description(self) -> Option<&'static str> {
        MEANINGS.get(self.index()?)
    }

    /// Its row in the table, the first where two names share a number
    /// (EAGAIN/EWOULDBLOCK, ENOTSUP/EOPNOTSUPP on some targets). A `match`
    /// would need these to be patterns.
    fn index(self) -> Option<usize> {
        NUMBERS.iter().position(|&n| c_int::from(n) == self.0)
    }
}

// The names' table packed at compile time (see `packed`): the numbers in
// an array, the names and the meanings each in one string, so the binary
// holds no pointer per entry, and a program that reads only meanings (the
// static init in tests/fixture-minimal) does not hold the names.

/// The number of entries, `KNOWN` then `KNOWN_MORE`.
const COUNT: usize = KNOWN.len() + KNOWN_MORE.len();

/// Entry `i` of `KNOWN` then `KNOWN_MORE`; compile time only.
// Evaluated at compile time: an index out of bounds fails the build.
#[allow(clippy::indexing_slicing)]
const fn known(i: usize) -> (Errno, &'static str, &'static str) {
    if i < KNOWN.len() {
        KNOWN[i]
    } else {
        KNOWN_MORE[i - KNOWN.len()]
    }
}

/// One column of the table, compile time only.
macro_rules! column {
    ($field:tt, $ty:ty, $empty:expr) => {{
        let mut column: [$ty; COUNT] = [$empty; COUNT];
        let mut i = 0;
        while i < COUNT {
            // Compile time only: an index out of bounds fails the build.
            #[allow(clippy::indexing_slicing)]
            {
                column[i] = known(i).$field;
            }
            i += 1;
        }
        column
    }};
}

const NAME_LIST: [&str; COUNT] = column!(1, &str, "");
const MEANING_LIST: [&str; COUNT] = column!(2, &str, "");
const NAME_LEN: usize = text_len(&NAME_LIST);
const MEANING_LEN: usize = text_len(&MEANING_LIST);
const NAME_TEXT: [u8; NAME_LEN] = join(&NAME_LIST);
const MEANING_TEXT: [u8; MEANING_LEN] = join(&MEANING_LIST);

/// Each entry's number, in table order, as a `u16`: half a `c_int`'s
/// bytes (262 fewer in the static init), and every target's numbers fit
/// (checked at compile time: [`narrow`]).
static NUMBERS: [u16; COUNT] = narrow(&column!(0, Errno, Errno(0)));

/// The numbers of `column` as `u16`; compile time only: a number that
/// does not fit fails the build.
// Evaluated at compile time: an index out of bounds fails the build.
#[allow(clippy::indexing_slicing)]
const fn narrow(column: &[Errno; COUNT]) -> [u16; COUNT] {
    let mut numbers = [0; COUNT];
    let mut i = 0;
    while i < COUNT {
        let n = column[i].0;
        assert!(
            n >= 0 && n <= u16::MAX as c_int,
            "an errno number above u16"
        );
        // In range, checked just above: the cast is exact.
        numbers[i] = n as u16;
        i += 1;
    }
    numbers
}
/// Each entry's name, in table order.
static NAMES: Strings = Strings::new(utf8(&NAME_TEXT), &bounds::<{ COUNT + 1 }>(&NAME_LIST));
/// Each entry's meaning, in table order.
static MEANINGS: Strings =
    Strings::new(utf8(&MEANING_TEXT), &bounds::<{ COUNT + 1 }>(&MEANING_LIST));

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.name(), self.description()) {
            (Some(name), Some(meaning)) => write!(f, "{name}: {meaning}"),
            _ => write!(f, "errno {}", self.0),
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "Errno::{name}"),
            None => write!(f, "Errno({})", self.0),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Errno {}

#[cfg(feature = "std")]
impl From<Errno> for std::io::Error {
    /// An OS error with the same number: `io::Error::raw_os_error()` gives
    /// back [`Errno::raw`].
    fn from(e: Errno) -> std::io::Error {
        std::io::Error::from_raw_os_error(e.0)
    }
}

#[cfg(feature = "std")]
impl TryFrom<std::io::Error> for Errno {
    type Error = std::io::Error;

    /// The error number of an OS error; any other `io::Error` is handed
    /// back unchanged.
    ///
    /// ```
    /// use procsig::Errno;
    ///
    /// let os = std::io::Error::from_raw_os_error(Errno::ECHILD.raw());
    /// assert_eq!(Errno::try_from(os).unwrap(), Errno::ECHILD);
    /// let custom = std::io::Error::new(std::io::ErrorKind::Other, "not an OS error");
    /// assert!(Errno::try_from(custom).is_err());
    /// ```
    fn try_from(e: std::io::Error) -> Result<Errno, std::io::Error> {
        match e.raw_os_error() {
            Some(code) => Ok(Errno(code)),
            None => Err(e),
        }
    }
}

#[cfg(test)]
mod tests;
