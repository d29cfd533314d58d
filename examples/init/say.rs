//! tini's messages: `[LEVEL tini (PID)] text`, warnings and fatal errors on
//! standard error, the rest on standard output, each shown from a level of
//! verbosity up (`TINI_VERBOSITY`, `-v`). Written with `write(2)`, as one
//! write per line; an error writing them is ignored, as tini ignores
//! `fprintf`'s (an init's exit status is its child's).

use std::ffi::c_int;
use std::sync::atomic::{AtomicU32, Ordering};

use procsig::{raw, Errno, Pid, Signal};

/// tini's default: warnings shown, information not.
pub static VERBOSITY: AtomicU32 = AtomicU32::new(1);

#[derive(Clone, Copy)]
pub enum Level {
    Fatal,
    Warn,
    Info,
    Debug,
    Trace,
}

/// Whether the verbosity shows messages at `level`: test it before
/// formatting one that is sent often (each reaped zombie's).
pub fn shown(level: Level) -> bool {
    VERBOSITY.load(Ordering::Relaxed) >= level.from()
}

impl Level {
    /// The verbosity from which it is shown.
    fn from(self) -> u32 {
        match self {
            Level::Fatal => 0,
            Level::Warn => 1,
            Level::Info => 2,
            Level::Debug => 3,
            Level::Trace => 4,
        }
    }
}

/// One message at `level`, if the verbosity shows it.
pub fn say(level: Level, text: impl AsRef<[u8]>) {
    if !shown(level) {
        return;
    }
    let (tag, fd): (&[u8], c_int) = match level {
        Level::Fatal => (b"FATAL", libc::STDERR_FILENO),
        Level::Warn => (b"WARN ", libc::STDERR_FILENO),
        Level::Info => (b"INFO ", libc::STDOUT_FILENO),
        Level::Debug => (b"DEBUG", libc::STDOUT_FILENO),
        Level::Trace => (b"TRACE", libc::STDOUT_FILENO),
    };
    let head = format!(" tini ({})] ", Pid::this().as_raw());
    let line = [&b"["[..], tag, head.as_bytes(), text.as_ref(), b"\n"].concat();
    let _ = write_all(fd, &line);
}

/// All of `bytes` to `fd` with `write(2)`, unbuffered.
pub fn write_all(fd: c_int, mut bytes: &[u8]) -> Result<(), Errno> {
    while !bytes.is_empty() {
        // SAFETY: writes from a live slice; `fd` is only a number (a
        // closed one fails with EBADF).
        match unsafe { raw::write(fd, bytes) } {
            Ok(0) => return Err(Errno::EIO),
            Ok(n) => bytes = bytes.get(n..).unwrap_or_default(),
            Err(Errno::EINTR) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `strerror`'s text (glibc's wording): "No such file or directory".
pub fn strerror(errno: Errno) -> String {
    match errno.description() {
        Some(text) => {
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
        None => format!("Unknown error {}", errno.raw()),
    }
}

/// `strsignal`'s text (glibc's wording): "Terminated".
pub fn strsignal(sig: Signal) -> String {
    const TEXT: [&str; 31] = [
        "Hangup",
        "Interrupt",
        "Quit",
        "Illegal instruction",
        "Trace/breakpoint trap",
        "Aborted",
        "Bus error",
        "Floating point exception",
        "Killed",
        "User defined signal 1",
        "Segmentation fault",
        "User defined signal 2",
        "Broken pipe",
        "Alarm clock",
        "Terminated",
        "Stack fault",
        "Child exited",
        "Continued",
        "Stopped (signal)",
        "Stopped",
        "Stopped (tty input)",
        "Stopped (tty output)",
        "Urgent I/O condition",
        "CPU time limit exceeded",
        "File size limit exceeded",
        "Virtual timer expired",
        "Profiling timer expired",
        "Window changed",
        "I/O possible",
        "Power failure",
        "Bad system call",
    ];
    let n = sig.as_raw();
    if sig.is_realtime() {
        let first = Signal::rt(0).map_or(n, Signal::as_raw);
        return format!("Real-time signal {}", n - first);
    }
    match usize::try_from(n - 1).ok().and_then(|i| TEXT.get(i)) {
        Some(text) => (*text).to_owned(),
        None => format!("Unknown signal {n}"),
    }
}
