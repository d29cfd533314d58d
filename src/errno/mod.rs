//! [`Errno`], and the helpers that turn each C return convention into a
//! `Result`.
//!
//! The helpers' names say which convention they handle, as in Rust's std:
//! [`cvt`] for "-1 and `errno`", [`cvt_nz`] for "the error number is the
//! return value". None of them retries `EINTR`: the raw layer reports what
//! libc said, and retrying is the facade's policy.

use core::ffi::c_int;
use core::fmt;

use crate::raw;

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
    /// Invalid argument (`EINVAL`): a bad signal number, `how`, option or timeout.
    pub const EINVAL: Errno = Errno(libc::EINVAL);
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

    /// The calling thread's current `errno`.
    ///
    /// Async-signal-safe: yes (reads a thread-local through libc's errno
    /// location function, see [`raw::errno_location`]).
    ///
    /// System calls: none.
    ///
    /// ```
    /// use procsig::Errno;
    ///
    /// // SAFETY: kill with signal 2000 only fails, setting errno.
    /// assert_eq!(unsafe { libc::kill(libc::getpid(), 2000) }, -1);
    /// assert_eq!(Errno::last(), Errno::EINVAL);
    /// ```
    #[inline(always)]
    pub fn last() -> Errno {
        // SAFETY: the errno location function takes no arguments and returns
        // a pointer to the calling thread's errno, valid for the thread's
        // lifetime and aligned for `c_int`; reading it is a plain load.
        Errno(unsafe { *raw::errno_location() })
    }

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
        KNOWN
            .iter()
            .chain(KNOWN_MORE)
            .find(|(e, _, _)| *e == self)
            .map(|&(_, n, m)| (n, m))
    }
}

/// Linux has one list.
#[cfg(procsig_table = "linux")]
const KNOWN_MORE: &[(Errno, &str, &str)] = &[];

/// Every error number the Linux kernel defines (`asm-generic/errno*.h`),
/// by the `libc` crate's constant for the target (values differ on MIPS,
/// SPARC and Alpha), with glibc's `strerror` text. Where two names share a
/// value (`EWOULDBLOCK`, `EDEADLOCK`, `ENOTSUP`), the kernel's own wins.
#[cfg(procsig_table = "linux")]
const KNOWN: &[(Errno, &str, &str)] = &[
    (Errno(libc::EPERM), "EPERM", "operation not permitted"),
    (Errno(libc::ENOENT), "ENOENT", "no such file or directory"),
    (Errno(libc::ESRCH), "ESRCH", "no such process"),
    (Errno(libc::EINTR), "EINTR", "interrupted system call"),
    (Errno(libc::EIO), "EIO", "input/output error"),
    (Errno(libc::ENXIO), "ENXIO", "no such device or address"),
    (Errno(libc::E2BIG), "E2BIG", "argument list too long"),
    (Errno(libc::ENOEXEC), "ENOEXEC", "exec format error"),
    (Errno(libc::EBADF), "EBADF", "bad file descriptor"),
    (Errno(libc::ECHILD), "ECHILD", "no child processes"),
    (
        Errno(libc::EAGAIN),
        "EAGAIN",
        "resource temporarily unavailable",
    ),
    (Errno(libc::ENOMEM), "ENOMEM", "cannot allocate memory"),
    (Errno(libc::EACCES), "EACCES", "permission denied"),
    (Errno(libc::EFAULT), "EFAULT", "bad address"),
    (Errno(libc::ENOTBLK), "ENOTBLK", "block device required"),
    (Errno(libc::EBUSY), "EBUSY", "device or resource busy"),
    (Errno(libc::EEXIST), "EEXIST", "file exists"),
    (Errno(libc::EXDEV), "EXDEV", "invalid cross-device link"),
    (Errno(libc::ENODEV), "ENODEV", "no such device"),
    (Errno(libc::ENOTDIR), "ENOTDIR", "not a directory"),
    (Errno(libc::EISDIR), "EISDIR", "is a directory"),
    (Errno(libc::EINVAL), "EINVAL", "invalid argument"),
    (
        Errno(libc::ENFILE),
        "ENFILE",
        "too many open files in system",
    ),
    (Errno(libc::EMFILE), "EMFILE", "too many open files"),
    (
        Errno(libc::ENOTTY),
        "ENOTTY",
        "inappropriate ioctl for device",
    ),
    (Errno(libc::ETXTBSY), "ETXTBSY", "text file busy"),
    (Errno(libc::EFBIG), "EFBIG", "file too large"),
    (Errno(libc::ENOSPC), "ENOSPC", "no space left on device"),
    (Errno(libc::ESPIPE), "ESPIPE", "illegal seek"),
    (Errno(libc::EROFS), "EROFS", "read-only file system"),
    (Errno(libc::EMLINK), "EMLINK", "too many links"),
    (Errno(libc::EPIPE), "EPIPE", "broken pipe"),
    (
        Errno(libc::EDOM),
        "EDOM",
        "numerical argument out of domain",
    ),
    (
        Errno(libc::ERANGE),
        "ERANGE",
        "numerical result out of range",
    ),
    (Errno(libc::EDEADLK), "EDEADLK", "resource deadlock avoided"),
    (
        Errno(libc::ENAMETOOLONG),
        "ENAMETOOLONG",
        "file name too long",
    ),
    (Errno(libc::ENOLCK), "ENOLCK", "no locks available"),
    (Errno(libc::ENOSYS), "ENOSYS", "function not implemented"),
    (Errno(libc::ENOTEMPTY), "ENOTEMPTY", "directory not empty"),
    (
        Errno(libc::ELOOP),
        "ELOOP",
        "too many levels of symbolic links",
    ),
    (Errno(libc::ENOMSG), "ENOMSG", "no message of desired type"),
    (Errno(libc::EIDRM), "EIDRM", "identifier removed"),
    (Errno(libc::ECHRNG), "ECHRNG", "channel number out of range"),
    (
        Errno(libc::EL2NSYNC),
        "EL2NSYNC",
        "level 2 not synchronized",
    ),
    (Errno(libc::EL3HLT), "EL3HLT", "level 3 halted"),
    (Errno(libc::EL3RST), "EL3RST", "level 3 reset"),
    (Errno(libc::ELNRNG), "ELNRNG", "link number out of range"),
    (
        Errno(libc::EUNATCH),
        "EUNATCH",
        "protocol driver not attached",
    ),
    (Errno(libc::ENOCSI), "ENOCSI", "no CSI structure available"),
    (Errno(libc::EL2HLT), "EL2HLT", "level 2 halted"),
    (Errno(libc::EBADE), "EBADE", "invalid exchange"),
    (Errno(libc::EBADR), "EBADR", "invalid request descriptor"),
    (Errno(libc::EXFULL), "EXFULL", "exchange full"),
    (Errno(libc::ENOANO), "ENOANO", "no anode"),
    (Errno(libc::EBADRQC), "EBADRQC", "invalid request code"),
    (Errno(libc::EBADSLT), "EBADSLT", "invalid slot"),
    (Errno(libc::EBFONT), "EBFONT", "bad font file format"),
    (Errno(libc::ENOSTR), "ENOSTR", "device not a stream"),
    (Errno(libc::ENODATA), "ENODATA", "no data available"),
    (Errno(libc::ETIME), "ETIME", "timer expired"),
    (Errno(libc::ENOSR), "ENOSR", "out of streams resources"),
    (
        Errno(libc::ENONET),
        "ENONET",
        "machine is not on the network",
    ),
    (Errno(libc::ENOPKG), "ENOPKG", "package not installed"),
    (Errno(libc::EREMOTE), "EREMOTE", "object is remote"),
    (Errno(libc::ENOLINK), "ENOLINK", "link has been severed"),
    (Errno(libc::EADV), "EADV", "advertise error"),
    (Errno(libc::ESRMNT), "ESRMNT", "srmount error"),
    (Errno(libc::ECOMM), "ECOMM", "communication error on send"),
    (Errno(libc::EPROTO), "EPROTO", "protocol error"),
    (Errno(libc::EMULTIHOP), "EMULTIHOP", "multihop attempted"),
    (Errno(libc::EDOTDOT), "EDOTDOT", "RFS specific error"),
    (Errno(libc::EBADMSG), "EBADMSG", "bad message"),
    (
        Errno(libc::EOVERFLOW),
        "EOVERFLOW",
        "value too large for defined data type",
    ),
    (
        Errno(libc::ENOTUNIQ),
        "ENOTUNIQ",
        "name not unique on network",
    ),
    (
        Errno(libc::EBADFD),
        "EBADFD",
        "file descriptor in bad state",
    ),
    (Errno(libc::EREMCHG), "EREMCHG", "remote address changed"),
    (
        Errno(libc::ELIBACC),
        "ELIBACC",
        "can not access a needed shared library",
    ),
    (
        Errno(libc::ELIBBAD),
        "ELIBBAD",
        "accessing a corrupted shared library",
    ),
    (
        Errno(libc::ELIBSCN),
        "ELIBSCN",
        ".lib section in a.out corrupted",
    ),
    (
        Errno(libc::ELIBMAX),
        "ELIBMAX",
        "attempting to link in too many shared libraries",
    ),
    (
        Errno(libc::ELIBEXEC),
        "ELIBEXEC",
        "cannot exec a shared library directly",
    ),
    (
        Errno(libc::EILSEQ),
        "EILSEQ",
        "invalid or incomplete multibyte or wide character",
    ),
    (
        Errno(libc::ERESTART),
        "ERESTART",
        "interrupted system call should be restarted",
    ),
    (Errno(libc::ESTRPIPE), "ESTRPIPE", "streams pipe error"),
    (Errno(libc::EUSERS), "EUSERS", "too many users"),
    (
        Errno(libc::ENOTSOCK),
        "ENOTSOCK",
        "socket operation on non-socket",
    ),
    (
        Errno(libc::EDESTADDRREQ),
        "EDESTADDRREQ",
        "destination address required",
    ),
    (Errno(libc::EMSGSIZE), "EMSGSIZE", "message too long"),
    (
        Errno(libc::EPROTOTYPE),
        "EPROTOTYPE",
        "protocol wrong type for socket",
    ),
    (
        Errno(libc::ENOPROTOOPT),
        "ENOPROTOOPT",
        "protocol not available",
    ),
    (
        Errno(libc::EPROTONOSUPPORT),
        "EPROTONOSUPPORT",
        "protocol not supported",
    ),
    (
        Errno(libc::ESOCKTNOSUPPORT),
        "ESOCKTNOSUPPORT",
        "socket type not supported",
    ),
    (
        Errno(libc::EOPNOTSUPP),
        "EOPNOTSUPP",
        "operation not supported",
    ),
    (
        Errno(libc::EPFNOSUPPORT),
        "EPFNOSUPPORT",
        "protocol family not supported",
    ),
    (
        Errno(libc::EAFNOSUPPORT),
        "EAFNOSUPPORT",
        "address family not supported by protocol",
    ),
    (
        Errno(libc::EADDRINUSE),
        "EADDRINUSE",
        "address already in use",
    ),
    (
        Errno(libc::EADDRNOTAVAIL),
        "EADDRNOTAVAIL",
        "cannot assign requested address",
    ),
    (Errno(libc::ENETDOWN), "ENETDOWN", "network is down"),
    (
        Errno(libc::ENETUNREACH),
        "ENETUNREACH",
        "network is unreachable",
    ),
    (
        Errno(libc::ENETRESET),
        "ENETRESET",
        "network dropped connection on reset",
    ),
    (
        Errno(libc::ECONNABORTED),
        "ECONNABORTED",
        "software caused connection abort",
    ),
    (
        Errno(libc::ECONNRESET),
        "ECONNRESET",
        "connection reset by peer",
    ),
    (Errno(libc::ENOBUFS), "ENOBUFS", "no buffer space available"),
    (
        Errno(libc::EISCONN),
        "EISCONN",
        "transport endpoint is already connected",
    ),
    (
        Errno(libc::ENOTCONN),
        "ENOTCONN",
        "transport endpoint is not connected",
    ),
    (
        Errno(libc::ESHUTDOWN),
        "ESHUTDOWN",
        "cannot send after transport endpoint shutdown",
    ),
    (
        Errno(libc::ETOOMANYREFS),
        "ETOOMANYREFS",
        "too many references: cannot splice",
    ),
    (Errno(libc::ETIMEDOUT), "ETIMEDOUT", "connection timed out"),
    (
        Errno(libc::ECONNREFUSED),
        "ECONNREFUSED",
        "connection refused",
    ),
    (Errno(libc::EHOSTDOWN), "EHOSTDOWN", "host is down"),
    (
        Errno(libc::EHOSTUNREACH),
        "EHOSTUNREACH",
        "no route to host",
    ),
    (
        Errno(libc::EALREADY),
        "EALREADY",
        "operation already in progress",
    ),
    (
        Errno(libc::EINPROGRESS),
        "EINPROGRESS",
        "operation now in progress",
    ),
    (Errno(libc::ESTALE), "ESTALE", "stale file handle"),
    (Errno(libc::EUCLEAN), "EUCLEAN", "structure needs cleaning"),
    (
        Errno(libc::ENOTNAM),
        "ENOTNAM",
        "not a XENIX named type file",
    ),
    (
        Errno(libc::ENAVAIL),
        "ENAVAIL",
        "no XENIX semaphores available",
    ),
    (Errno(libc::EISNAM), "EISNAM", "is a named type file"),
    (Errno(libc::EREMOTEIO), "EREMOTEIO", "remote I/O error"),
    (Errno(libc::EDQUOT), "EDQUOT", "disk quota exceeded"),
    (Errno(libc::ENOMEDIUM), "ENOMEDIUM", "no medium found"),
    (Errno(libc::EMEDIUMTYPE), "EMEDIUMTYPE", "wrong medium type"),
    (Errno(libc::ECANCELED), "ECANCELED", "operation canceled"),
    (Errno(libc::ENOKEY), "ENOKEY", "required key not available"),
    (Errno(libc::EKEYEXPIRED), "EKEYEXPIRED", "key has expired"),
    (
        Errno(libc::EKEYREVOKED),
        "EKEYREVOKED",
        "key has been revoked",
    ),
    (
        Errno(libc::EKEYREJECTED),
        "EKEYREJECTED",
        "key was rejected by service",
    ),
    (Errno(libc::EOWNERDEAD), "EOWNERDEAD", "owner died"),
    (
        Errno(libc::ENOTRECOVERABLE),
        "ENOTRECOVERABLE",
        "state not recoverable",
    ),
    (
        Errno(libc::ERFKILL),
        "ERFKILL",
        "operation not possible due to RF-kill",
    ),
    (
        Errno(libc::EHWPOISON),
        "EHWPOISON",
        "memory page has hardware error",
    ),
];

/// The BSD and Apple error numbers, with their `strerror` text. 1 to 81
/// are 4.4BSD's and the same on every BSD and on Apple's systems (written
/// as numbers, since not every `libc` target defines every name); past 81
/// each system has its own list: FreeBSD's (to 97) and Apple's (to 106)
/// are here, and on the other BSDs a number past 81 prints as `errno N`.
#[cfg(procsig_table = "bsd")]
const KNOWN: &[(Errno, &str, &str)] = &[
    (Errno(1), "EPERM", "operation not permitted"),
    (Errno(2), "ENOENT", "no such file or directory"),
    (Errno(3), "ESRCH", "no such process"),
    (Errno(4), "EINTR", "interrupted system call"),
    (Errno(5), "EIO", "input/output error"),
    (Errno(6), "ENXIO", "device not configured"),
    (Errno(7), "E2BIG", "argument list too long"),
    (Errno(8), "ENOEXEC", "exec format error"),
    (Errno(9), "EBADF", "bad file descriptor"),
    (Errno(10), "ECHILD", "no child processes"),
    (Errno(11), "EDEADLK", "resource deadlock avoided"),
    (Errno(12), "ENOMEM", "cannot allocate memory"),
    (Errno(13), "EACCES", "permission denied"),
    (Errno(14), "EFAULT", "bad address"),
    (Errno(15), "ENOTBLK", "block device required"),
    (Errno(16), "EBUSY", "device busy"),
    (Errno(17), "EEXIST", "file exists"),
    (Errno(18), "EXDEV", "cross-device link"),
    (Errno(19), "ENODEV", "operation not supported by device"),
    (Errno(20), "ENOTDIR", "not a directory"),
    (Errno(21), "EISDIR", "is a directory"),
    (Errno(22), "EINVAL", "invalid argument"),
    (Errno(23), "ENFILE", "too many open files in system"),
    (Errno(24), "EMFILE", "too many open files"),
    (Errno(25), "ENOTTY", "inappropriate ioctl for device"),
    (Errno(26), "ETXTBSY", "text file busy"),
    (Errno(27), "EFBIG", "file too large"),
    (Errno(28), "ENOSPC", "no space left on device"),
    (Errno(29), "ESPIPE", "illegal seek"),
    (Errno(30), "EROFS", "read-only file system"),
    (Errno(31), "EMLINK", "too many links"),
    (Errno(32), "EPIPE", "broken pipe"),
    (Errno(33), "EDOM", "numerical argument out of domain"),
    (Errno(34), "ERANGE", "result too large"),
    (Errno(35), "EAGAIN", "resource temporarily unavailable"),
    (Errno(36), "EINPROGRESS", "operation now in progress"),
    (Errno(37), "EALREADY", "operation already in progress"),
    (Errno(38), "ENOTSOCK", "socket operation on non-socket"),
    (Errno(39), "EDESTADDRREQ", "destination address required"),
    (Errno(40), "EMSGSIZE", "message too long"),
    (Errno(41), "EPROTOTYPE", "protocol wrong type for socket"),
    (Errno(42), "ENOPROTOOPT", "protocol not available"),
    (Errno(43), "EPROTONOSUPPORT", "protocol not supported"),
    (Errno(44), "ESOCKTNOSUPPORT", "socket type not supported"),
    (Errno(45), "ENOTSUP", "operation not supported"),
    (Errno(46), "EPFNOSUPPORT", "protocol family not supported"),
    (
        Errno(47),
        "EAFNOSUPPORT",
        "address family not supported by protocol family",
    ),
    (Errno(48), "EADDRINUSE", "address already in use"),
    (Errno(49), "EADDRNOTAVAIL", "can't assign requested address"),
    (Errno(50), "ENETDOWN", "network is down"),
    (Errno(51), "ENETUNREACH", "network is unreachable"),
    (
        Errno(52),
        "ENETRESET",
        "network dropped connection on reset",
    ),
    (
        Errno(53),
        "ECONNABORTED",
        "software caused connection abort",
    ),
    (Errno(54), "ECONNRESET", "connection reset by peer"),
    (Errno(55), "ENOBUFS", "no buffer space available"),
    (Errno(56), "EISCONN", "socket is already connected"),
    (Errno(57), "ENOTCONN", "socket is not connected"),
    (Errno(58), "ESHUTDOWN", "can't send after socket shutdown"),
    (
        Errno(59),
        "ETOOMANYREFS",
        "too many references: can't splice",
    ),
    (Errno(60), "ETIMEDOUT", "operation timed out"),
    (Errno(61), "ECONNREFUSED", "connection refused"),
    (Errno(62), "ELOOP", "too many levels of symbolic links"),
    (Errno(63), "ENAMETOOLONG", "file name too long"),
    (Errno(64), "EHOSTDOWN", "host is down"),
    (Errno(65), "EHOSTUNREACH", "no route to host"),
    (Errno(66), "ENOTEMPTY", "directory not empty"),
    (Errno(67), "EPROCLIM", "too many processes"),
    (Errno(68), "EUSERS", "too many users"),
    (Errno(69), "EDQUOT", "disc quota exceeded"),
    (Errno(70), "ESTALE", "stale NFS file handle"),
    (Errno(71), "EREMOTE", "too many levels of remote in path"),
    (Errno(72), "EBADRPC", "RPC struct is bad"),
    (Errno(73), "ERPCMISMATCH", "RPC version wrong"),
    (Errno(74), "EPROGUNAVAIL", "RPC program not available"),
    (Errno(75), "EPROGMISMATCH", "program version wrong"),
    (Errno(76), "EPROCUNAVAIL", "bad procedure for program"),
    (Errno(77), "ENOLCK", "no locks available"),
    (Errno(78), "ENOSYS", "function not implemented"),
    (Errno(79), "EFTYPE", "inappropriate file type or format"),
    (Errno(80), "EAUTH", "authentication error"),
    (Errno(81), "ENEEDAUTH", "need authenticator"),
];

#[cfg(all(procsig_table = "bsd", target_os = "freebsd"))]
const KNOWN_MORE: &[(Errno, &str, &str)] = &[
    (Errno(82), "EIDRM", "identifier removed"),
    (Errno(83), "ENOMSG", "no message of desired type"),
    (
        Errno(84),
        "EOVERFLOW",
        "value too large to be stored in data type",
    ),
    (Errno(85), "ECANCELED", "operation canceled"),
    (Errno(86), "EILSEQ", "illegal byte sequence"),
    (Errno(87), "ENOATTR", "attribute not found"),
    (Errno(88), "EDOOFUS", "programming error"),
    (Errno(89), "EBADMSG", "bad message"),
    (Errno(90), "EMULTIHOP", "multihop attempted"),
    (Errno(91), "ENOLINK", "link has been severed"),
    (Errno(92), "EPROTO", "protocol error"),
    (Errno(93), "ENOTCAPABLE", "capabilities insufficient"),
    (Errno(94), "ECAPMODE", "not permitted in capability mode"),
    (Errno(95), "ENOTRECOVERABLE", "state not recoverable"),
    (Errno(96), "EOWNERDEAD", "previous owner died"),
    (Errno(97), "EINTEGRITY", "integrity check failed"),
];

#[cfg(all(procsig_table = "bsd", target_vendor = "apple"))]
const KNOWN_MORE: &[(Errno, &str, &str)] = &[
    (Errno(82), "EPWROFF", "device power is off"),
    (Errno(83), "EDEVERR", "device error"),
    (
        Errno(84),
        "EOVERFLOW",
        "value too large to be stored in data type",
    ),
    (Errno(85), "EBADEXEC", "bad executable (or shared library)"),
    (Errno(86), "EBADARCH", "bad CPU type in executable"),
    (Errno(87), "ESHLIBVERS", "shared library version mismatch"),
    (Errno(88), "EBADMACHO", "malformed Mach-o file"),
    (Errno(89), "ECANCELED", "operation canceled"),
    (Errno(90), "EIDRM", "identifier removed"),
    (Errno(91), "ENOMSG", "no message of desired type"),
    (Errno(92), "EILSEQ", "illegal byte sequence"),
    (Errno(93), "ENOATTR", "attribute not found"),
    (Errno(94), "EBADMSG", "bad message"),
    (Errno(95), "EMULTIHOP", "reserved (EMULTIHOP)"),
    (Errno(96), "ENODATA", "no message available on STREAM"),
    (Errno(97), "ENOLINK", "reserved (ENOLINK)"),
    (Errno(98), "ENOSR", "no STREAM resources"),
    (Errno(99), "ENOSTR", "not a STREAM"),
    (Errno(100), "EPROTO", "protocol error"),
    (Errno(101), "ETIME", "STREAM ioctl timeout"),
    (
        Errno(102),
        "EOPNOTSUPP",
        "operation not supported on socket",
    ),
    (Errno(103), "ENOPOLICY", "policy not found"),
    (Errno(104), "ENOTRECOVERABLE", "state not recoverable"),
    (Errno(105), "EOWNERDEAD", "previous owner died"),
    (Errno(106), "EQFULL", "interface output queue is full"),
];

#[cfg(all(
    procsig_table = "bsd",
    not(any(target_os = "freebsd", target_vendor = "apple"))
))]
const KNOWN_MORE: &[(Errno, &str, &str)] = &[];

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

/// Convention "-1 and `errno`" (`kill`, `sigprocmask`, `waitpid`, `fork`,
/// `sigaction`, `sigtimedwait`): any other value is the result.
///
/// Reads `errno` only when the call reported failure, because a successful
/// call may leave any value there.
#[inline(always)]
pub(crate) fn cvt(ret: c_int) -> Result<c_int, Errno> {
    if ret == -1 {
        Err(Errno::last())
    } else {
        Ok(ret)
    }
}

/// [`cvt`] for `syscall`, which returns a `long`: -1 and `errno` on
/// failure.
#[cfg(procsig_pidfd)]
#[inline(always)]
pub(crate) fn cvt_long(ret: core::ffi::c_long) -> Result<core::ffi::c_long, Errno> {
    if ret == -1 {
        Err(Errno::last())
    } else {
        Ok(ret)
    }
}

/// [`cvt`] for `read` and `write`, which return an `ssize_t`: -1 and
/// `errno` on failure, else a count.
#[inline(always)]
pub(crate) fn cvt_size(ret: isize) -> Result<usize, Errno> {
    usize::try_from(ret).map_err(|_| Errno::last())
}

/// Convention "0, or the error number as the return value" (`sigwait`,
/// `pthread_sigmask` in POSIX and glibc).
///
/// musl's `sigwait` breaks the convention and returns -1 with `errno` set;
/// -1 is never an error number, so it is read as that convention instead
/// of a `cfg` per libc.
#[inline(always)]
pub(crate) fn cvt_nz(ret: c_int) -> Result<(), Errno> {
    match ret {
        0 => Ok(()),
        -1 => Err(Errno::last()),
        code => Err(Errno(code)),
    }
}

#[cfg(test)]
mod tests {

    /// The BSD table's numbers are the target's: checked against the
    /// `libc` crate's constants (compiled and run on those targets).
    #[cfg(procsig_table = "bsd")]
    #[test]
    fn bsd_numbers_match_libc() {
        for (errno, name) in [
            (libc::EPERM, "EPERM"),
            (libc::EAGAIN, "EAGAIN"),
            (libc::ENOTSUP, "ENOTSUP"),
            (libc::ETIMEDOUT, "ETIMEDOUT"),
            (libc::ENOSYS, "ENOSYS"),
            (libc::EOVERFLOW, "EOVERFLOW"),
            (libc::ECANCELED, "ECANCELED"),
            (libc::EILSEQ, "EILSEQ"),
            (libc::EOWNERDEAD, "EOWNERDEAD"),
        ] {
            assert_eq!(Errno(errno).name(), Some(name));
        }
    }

    extern crate std;
    use super::*;
    use std::string::ToString;

    #[test]
    fn display_names_known_and_numbers_unknown() {
        assert_eq!(Errno::ECHILD.to_string(), "ECHILD: no child processes");
        assert_eq!(Errno::from_raw(99_999).to_string(), "errno 99999");
        assert_eq!(std::format!("{:?}", Errno::EINTR), "Errno::EINTR");
        assert_eq!(std::format!("{:?}", Errno::from_raw(-7)), "Errno(-7)");
    }

    #[cfg(procsig_table = "linux")]
    #[test]
    fn every_linux_errno_has_its_name() {
        assert_eq!(Errno::from_raw(libc::EHWPOISON).name(), Some("EHWPOISON"));
        assert_eq!(
            Errno::from_raw(libc::ENOTCONN).to_string(),
            "ENOTCONN: transport endpoint is not connected"
        );
        // 1..=133 on x86 and ARM: every number the kernel defines has a name.
        if cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
            let named = (1..=133).filter(|&n| Errno::from_raw(n).name().is_some());
            assert_eq!(named.count(), 131);
        }
    }

    #[test]
    fn cvt_reads_errno_only_on_minus_one() {
        assert_eq!(cvt(0), Ok(0));
        assert_eq!(cvt(1234), Ok(1234));
    }

    #[test]
    fn cvt_nz_takes_the_return_value_as_the_error() {
        assert_eq!(cvt_nz(0), Ok(()));
        assert_eq!(cvt_nz(libc::EINVAL), Err(Errno::EINVAL));
    }

    #[test]
    fn minus_one_means_errno_in_both_helpers() {
        // SAFETY: writes this thread's errno, as libc does on failure.
        unsafe { *raw::errno_location() = libc::EAGAIN };
        assert_eq!(cvt(-1), Err(Errno::EAGAIN));
        assert_eq!(cvt_nz(-1), Err(Errno::EAGAIN));
    }

    #[cfg(feature = "std")]
    #[test]
    fn converts_to_io_error_with_the_same_number() {
        let io: std::io::Error = Errno::ESRCH.into();
        assert_eq!(io.raw_os_error(), Some(libc::ESRCH));
    }
}
