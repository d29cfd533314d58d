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
        self.describe().map(|(name, _)| name)
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
        self.describe().map(|(_, meaning)| meaning)
    }

    fn describe(self) -> Option<(&'static str, &'static str)> {
        // A `match` would need these to be patterns; on some targets two
        // names share a value (EAGAIN/EWOULDBLOCK, ENOTSUP/EOPNOTSUPP), and
        // the first entry wins.
        let entry = INDEX.iter().find(|p| p.errno == self)?;
        let start = usize::from(entry.start);
        let mid = start + usize::from(entry.name);
        let end = mid + usize::from(entry.meaning);
        Some((TEXT.get(start..mid)?, TEXT.get(mid..end)?))
    }
}

// The names' table packed at compile time: every name and meaning, in
// order, in one string (`TEXT`), and for each error number where its two
// strings are in it (`INDEX`). A table of `&str` costs a pointer and a
// length per string and, in a position-independent binary, a 24-byte
// relocation per pointer: 16 KB of the static init in
// tests/fixture-minimal, against 5 KB packed (docs/minimal-binaries.md).

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

/// The length of all names and meanings together.
const TEXT_LEN: usize = {
    let mut len = 0;
    let mut i = 0;
    while i < COUNT {
        let (_, name, meaning) = known(i);
        len += name.len() + meaning.len();
        i += 1;
    }
    len
};

// Every offset fits `Packed::start`, every string its length's `u8`.
const _: () = assert!(TEXT_LEN <= u16::MAX as usize);

/// Where one error number's name and meaning are in `TEXT`: the name at
/// `start`, `name` bytes long, then the meaning, `meaning` bytes long.
#[derive(Clone, Copy)]
struct Packed {
    errno: Errno,
    start: u16,
    name: u8,
    meaning: u8,
}

/// `TEXT`'s bytes and `INDEX`, built together.
// Evaluated at compile time: an index out of bounds, or a string longer
// than 255 bytes, fails the build instead of being packed wrong.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const PACKED: ([u8; TEXT_LEN], [Packed; COUNT]) = {
    let mut text = [0u8; TEXT_LEN];
    let none = Packed {
        errno: Errno(0),
        start: 0,
        name: 0,
        meaning: 0,
    };
    let mut index = [none; COUNT];
    let mut at = 0;
    let mut i = 0;
    while i < COUNT {
        let (errno, name, meaning) = known(i);
        assert!(name.len() <= u8::MAX as usize && meaning.len() <= u8::MAX as usize);
        index[i] = Packed {
            errno,
            start: at as u16,
            name: name.len() as u8,
            meaning: meaning.len() as u8,
        };
        let mut j = 0;
        while j < name.len() {
            text[at] = name.as_bytes()[j];
            at += 1;
            j += 1;
        }
        j = 0;
        while j < meaning.len() {
            text[at] = meaning.as_bytes()[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    (text, index)
};

/// Every name and meaning, one after the other (whole `str`s joined, so
/// valid UTF-8: the empty fallback is never taken, and the tests of every
/// name would fail if it were).
const TEXT: &str = match core::str::from_utf8(&PACKED.0) {
    Ok(text) => text,
    Err(_) => "",
};

/// Each error number's place in `TEXT`, in table order.
static INDEX: [Packed; COUNT] = PACKED.1;

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.describe() {
            Some((name, meaning)) => write!(f, "{name}: {meaning}"),
            None => write!(f, "errno {}", self.0),
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
