//! The standard signals as [`Signal`] constants, numbered by the `libc`
//! crate for this target.

use crate::safe::signal::Signal;

// Constants, not a macro: each is one line an auditor can read.
impl Signal {
    /// `SIGHUP`: hangup of the controlling terminal.
    #[doc(alias = "SIGHUP")]
    pub const HUP: Signal = Signal(libc::SIGHUP);
    /// `SIGINT`: interrupt from the keyboard (Ctrl-C).
    #[doc(alias = "SIGINT")]
    pub const INT: Signal = Signal(libc::SIGINT);
    /// `SIGQUIT`: quit from the keyboard; dumps core.
    #[doc(alias = "SIGQUIT")]
    pub const QUIT: Signal = Signal(libc::SIGQUIT);
    /// `SIGILL`: illegal instruction.
    #[doc(alias = "SIGILL")]
    pub const ILL: Signal = Signal(libc::SIGILL);
    /// `SIGTRAP`: trace or breakpoint trap.
    #[doc(alias = "SIGTRAP")]
    pub const TRAP: Signal = Signal(libc::SIGTRAP);
    /// `SIGABRT`: `abort(3)`.
    #[doc(alias = "SIGABRT")]
    pub const ABRT: Signal = Signal(libc::SIGABRT);
    /// `SIGBUS`: bus error.
    #[doc(alias = "SIGBUS")]
    pub const BUS: Signal = Signal(libc::SIGBUS);
    /// `SIGFPE`: arithmetic exception.
    #[doc(alias = "SIGFPE")]
    pub const FPE: Signal = Signal(libc::SIGFPE);
    /// `SIGKILL`: kill; cannot be caught, blocked or ignored.
    #[doc(alias = "SIGKILL")]
    pub const KILL: Signal = Signal(libc::SIGKILL);
    /// `SIGUSR1`: user-defined signal 1.
    #[doc(alias = "SIGUSR1")]
    pub const USR1: Signal = Signal(libc::SIGUSR1);
    /// `SIGSEGV`: invalid memory reference.
    #[doc(alias = "SIGSEGV")]
    pub const SEGV: Signal = Signal(libc::SIGSEGV);
    /// `SIGUSR2`: user-defined signal 2.
    #[doc(alias = "SIGUSR2")]
    pub const USR2: Signal = Signal(libc::SIGUSR2);
    /// `SIGPIPE`: write to a pipe with no reader.
    #[doc(alias = "SIGPIPE")]
    pub const PIPE: Signal = Signal(libc::SIGPIPE);
    /// `SIGALRM`: the timer set by `alarm` expired.
    #[doc(alias = "SIGALRM")]
    pub const ALRM: Signal = Signal(libc::SIGALRM);
    /// `SIGTERM`: termination request.
    #[doc(alias = "SIGTERM")]
    pub const TERM: Signal = Signal(libc::SIGTERM);
    /// `SIGCHLD`: a child stopped, continued or ended. Ignored by default.
    #[doc(alias = "SIGCHLD")]
    pub const CHLD: Signal = Signal(libc::SIGCHLD);
    /// `SIGCONT`: continue if stopped. Otherwise ignored by default.
    #[doc(alias = "SIGCONT")]
    pub const CONT: Signal = Signal(libc::SIGCONT);
    /// `SIGSTOP`: stop; cannot be caught, blocked or ignored.
    #[doc(alias = "SIGSTOP")]
    pub const STOP: Signal = Signal(libc::SIGSTOP);
    /// `SIGTSTP`: stop typed at the terminal (Ctrl-Z).
    #[doc(alias = "SIGTSTP")]
    pub const TSTP: Signal = Signal(libc::SIGTSTP);
    /// `SIGTTIN`: terminal input for a background process.
    #[doc(alias = "SIGTTIN")]
    pub const TTIN: Signal = Signal(libc::SIGTTIN);
    /// `SIGTTOU`: terminal output for a background process.
    #[doc(alias = "SIGTTOU")]
    pub const TTOU: Signal = Signal(libc::SIGTTOU);
    /// `SIGURG`: urgent condition on a socket. Ignored by default.
    #[doc(alias = "SIGURG")]
    pub const URG: Signal = Signal(libc::SIGURG);
    /// `SIGXCPU`: CPU time limit exceeded.
    #[doc(alias = "SIGXCPU")]
    pub const XCPU: Signal = Signal(libc::SIGXCPU);
    /// `SIGXFSZ`: file size limit exceeded.
    #[doc(alias = "SIGXFSZ")]
    pub const XFSZ: Signal = Signal(libc::SIGXFSZ);
    /// `SIGVTALRM`: virtual timer expired.
    #[doc(alias = "SIGVTALRM")]
    pub const VTALRM: Signal = Signal(libc::SIGVTALRM);
    /// `SIGPROF`: profiling timer expired.
    #[doc(alias = "SIGPROF")]
    pub const PROF: Signal = Signal(libc::SIGPROF);
    /// `SIGWINCH`: terminal window size changed. Ignored by default.
    #[doc(alias = "SIGWINCH")]
    pub const WINCH: Signal = Signal(libc::SIGWINCH);
    /// `SIGIO`: I/O is possible on a descriptor.
    #[doc(alias = "SIGIO")]
    pub const IO: Signal = Signal(libc::SIGIO);
    /// `SIGSYS`: bad system call.
    #[doc(alias = "SIGSYS")]
    pub const SYS: Signal = Signal(libc::SIGSYS);
    /// `SIGSTKFLT`: stack fault on a coprocessor (Linux; unused).
    #[cfg(procsig_stkflt)]
    #[doc(alias = "SIGSTKFLT")]
    #[cfg_attr(
        docsrs,
        doc(cfg(all(
            any(target_os = "linux", target_os = "android"),
            not(any(
                target_arch = "mips",
                target_arch = "mips64",
                target_arch = "sparc",
                target_arch = "sparc64"
            ))
        )))
    )]
    pub const STKFLT: Signal = Signal(libc::SIGSTKFLT);
    /// `SIGPWR`: power failure (Linux).
    #[cfg(procsig_family = "linux")]
    #[doc(alias = "SIGPWR")]
    #[cfg_attr(docsrs, doc(cfg(any(target_os = "linux", target_os = "android"))))]
    pub const PWR: Signal = Signal(libc::SIGPWR);
    /// `SIGEMT`: emulator trap (BSD, macOS).
    #[cfg(procsig_family = "bsd")]
    #[doc(alias = "SIGEMT")]
    #[cfg_attr(
        docsrs,
        doc(cfg(any(
            target_os = "macos",
            target_os = "ios",
            target_os = "freebsd",
            target_os = "dragonfly",
            target_os = "openbsd",
            target_os = "netbsd"
        )))
    )]
    pub const EMT: Signal = Signal(libc::SIGEMT);
    /// `SIGINFO`: status request from the keyboard, Ctrl-T (BSD, macOS).
    #[cfg(procsig_family = "bsd")]
    #[doc(alias = "SIGINFO")]
    #[cfg_attr(
        docsrs,
        doc(cfg(any(
            target_os = "macos",
            target_os = "ios",
            target_os = "freebsd",
            target_os = "dragonfly",
            target_os = "openbsd",
            target_os = "netbsd"
        )))
    )]
    pub const INFO: Signal = Signal(libc::SIGINFO);
}
