//! [`Pid`]: a process id that names exactly one process.

use core::fmt;
use core::num::NonZeroI32;

use libc::pid_t;

use crate::raw;

/// A process id greater than zero.
///
/// `kill` and `waitpid` overload their pid argument: 0 means "my process
/// group", -1 "every process" or "any child", and `-n` "group n". A `Pid`
/// is never any of those, so a function that takes one reaches one process
/// (or, where its name says so, one group).
///
/// ```
/// use procsig::Pid;
///
/// assert_eq!(Pid::from_raw(0), None);
/// assert_eq!(Pid::from_raw(-1), None);
/// assert_eq!(Pid::this().as_raw(), std::process::id() as i32);
/// assert!(Pid::try_from(0u32).is_err());
/// assert!(Pid::try_from(u32::MAX).is_err());
/// ```
#[repr(transparent)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pid(NonZeroI32);

impl Pid {
    /// `i32::MAX`: a valid `Pid` that names no process on any supported
    /// system (Linux caps pids at 2^22, the BSDs and macOS at 99 999), and
    /// whose negation is a valid process group argument. What
    /// [`Pid::this`] returns if `getpid` is made to fail.
    pub const NO_PROCESS: Pid = match NonZeroI32::new(i32::MAX) {
        Some(pid) => Pid(pid),
        None => Pid(NonZeroI32::MIN),
    };

    /// The pid `raw`, if it is greater than zero.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Pid;
    ///
    /// assert_eq!(Pid::from_raw(42).map(Pid::as_raw), Some(42));
    /// assert_eq!(Pid::from_raw(0), None); // "my process group" in C
    /// assert_eq!(Pid::from_raw(-1), None); // "every process" in C
    /// ```
    #[inline]
    pub const fn from_raw(raw: pid_t) -> Option<Pid> {
        if raw <= 0 {
            return None;
        }
        match NonZeroI32::new(raw) {
            Some(pid) => Some(Pid(pid)),
            None => None,
        }
    }

    /// The calling process's pid (`getpid`).
    ///
    /// `getpid` cannot fail (POSIX: it "shall always be successful"), but a
    /// hostile seccomp filter can make it return an error anyway. Then this
    /// returns [`Pid::NO_PROCESS`], which no process ever has, so a signal sent
    /// to it fails with `ESRCH` instead of reaching some process.
    ///
    /// Same in every thread of a process. Async-signal-safe: yes.
    ///
    /// System calls: `getpid`.
    ///
    /// ```
    /// use procsig::Pid;
    ///
    /// assert_eq!(Pid::this().as_raw() as u32, std::process::id());
    /// ```
    #[doc(alias = "getpid")]
    #[inline(always)]
    pub fn this() -> Pid {
        // SAFETY: `getpid` has no precondition.
        let raw = unsafe { raw::getpid() };
        Pid::from_raw(raw).unwrap_or(Pid::NO_PROCESS)
    }

    /// The parent's pid (`getppid`), or `None` if the parent is outside the
    /// caller's pid namespace (`getppid` then returns 0, e.g. for a
    /// container's pid 1).
    ///
    /// Returns an `Option`, not a `Pid` as `getppid`'s C signature might
    /// suggest, because 0 is a real answer there.
    ///
    /// Same in every thread. The parent may exit at any time, and the
    /// process is then reparented (to init or a subreaper): the answer can
    /// change between two calls.
    ///
    /// Async-signal-safe: yes.
    ///
    /// System calls: `getppid`.
    ///
    /// ```
    /// use procsig::Pid;
    ///
    /// // Some, unless this process is the init of its pid namespace.
    /// if let Some(parent) = Pid::parent() {
    ///     assert_ne!(parent, Pid::this());
    /// }
    /// ```
    #[doc(alias = "getppid")]
    pub fn parent() -> Option<Pid> {
        // SAFETY: `getppid` has no precondition.
        Pid::from_raw(unsafe { raw::getppid() })
    }

    /// The raw pid, always greater than zero.
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Pid;
    ///
    /// let pid = Pid::this();
    /// assert!(pid.as_raw() > 0);
    /// assert_eq!(libc::pid_t::from(pid), pid.as_raw());
    /// ```
    #[inline]
    pub const fn as_raw(self) -> pid_t {
        self.0.get()
    }
}

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// The error of converting a number that is not a valid pid (0, or too large
/// for `pid_t`) into a [`Pid`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct InvalidPid;

impl fmt::Display for InvalidPid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a process id: pids are between 1 and i32::MAX")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for InvalidPid {}

impl TryFrom<u32> for Pid {
    type Error = InvalidPid;

    /// For `std::process::Child::id()`. Refuses 0 and values above
    /// `i32::MAX`, which would turn into 0 or a negative pid (a process
    /// group, or every process) if cast with `as`.
    fn try_from(raw: u32) -> Result<Pid, InvalidPid> {
        pid_t::try_from(raw)
            .ok()
            .and_then(Pid::from_raw)
            .ok_or(InvalidPid)
    }
}

#[cfg(feature = "std")]
impl TryFrom<&std::process::Child> for Pid {
    type Error = InvalidPid;

    /// The pid of a child started with `std::process::Command`.
    ///
    /// ```
    /// use procsig::Pid;
    ///
    /// let mut child = std::process::Command::new("true").spawn().unwrap();
    /// let pid = Pid::try_from(&child).unwrap();
    /// assert_eq!(pid.as_raw() as u32, child.id());
    /// child.wait().unwrap();
    /// ```
    fn try_from(child: &std::process::Child) -> Result<Pid, InvalidPid> {
        Pid::try_from(child.id())
    }
}

impl From<Pid> for pid_t {
    fn from(pid: Pid) -> pid_t {
        pid.as_raw()
    }
}
