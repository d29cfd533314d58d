//! tini's messages: `[LEVEL tini (PID)] text`, warnings and fatal errors on
//! standard error, the rest on standard output, each shown from a level of
//! verbosity up (`TINI_VERBOSITY`, `-v`). Written with `write(2)`, as one
//! write per line (a line longer than [`Line`]'s buffer goes out in more
//! than one, whole); an error writing them is ignored, as tini ignores
//! `fprintf`'s (an init's exit status is its child's).
//!
//! Only `core`, `libc` and procsig: the same file is the `#![no_std]`
//! static init's (tests/fixture-minimal), so nothing here allocates or
//! formats with `core::fmt`.

use core::ffi::c_int;
use core::sync::atomic::{AtomicU32, Ordering};

use procsig::{raw, Errno, Pid};

/// The signals the kernel raised at writes that failed, as a bit mask
/// (`1 << n` for signal `n`): `SIGPIPE` for `EPIPE` (no reader), `SIGXFSZ`
/// for `EFBIG` (past `RLIMIT_FSIZE`). Taken back one by one as init's
/// loop drops each ([`take_raised`]); the forked child drops its own
/// before `exec` (see `exec_child`).
pub static RAISED: AtomicU32 = AtomicU32::new(0);

/// Whether a failed write of this process raised `sig` (`SIGPIPE` or
/// `SIGXFSZ`) that is not taken back yet; takes it back.
pub fn take_raised(sig: c_int) -> bool {
    let bit = 1u32 << (sig & 31);
    RAISED.fetch_and(!bit, Ordering::Relaxed) & bit != 0
}

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
pub fn say(level: Level, text: &[u8]) {
    say_with(level, |line| {
        line.text(text);
    });
}

/// One message at `level`, if the verbosity shows it, its text written by
/// `body` after the `[LEVEL tini (PID)] ` head. Each message is a copy of
/// this (one per `body`), so all but `body` is in two functions that are
/// never inlined, and the line is built where it lies, never moved: that
/// kept 1 KB out of the static init (docs/minimal-binaries.md).
pub fn say_with(level: Level, body: impl FnOnce(&mut Line)) {
    if shown(level) {
        let mut line = head(level);
        body(&mut line);
        line.end();
    }
}

/// A line started with the head of a message at `level`.
#[inline(never)]
fn head(level: Level) -> Line {
    let (tag, fd): (&[u8], c_int) = match level {
        Level::Fatal => (b"FATAL", libc::STDERR_FILENO),
        Level::Warn => (b"WARN ", libc::STDERR_FILENO),
        Level::Info => (b"INFO ", libc::STDOUT_FILENO),
        Level::Debug => (b"DEBUG", libc::STDOUT_FILENO),
        Level::Trace => (b"TRACE", libc::STDOUT_FILENO),
    };
    let mut line = Line::new(fd);
    line.text(b"[")
        .text(tag)
        .text(b" tini (")
        .num(Pid::this().as_raw())
        .text(b")] ");
    line
}

/// Output built in a fixed buffer and written to a descriptor with
/// `write(2)` when full and at [`Line::finish`]: nothing is cut, however
/// long; only a line longer than the buffer takes more than one write.
pub struct Line {
    fd: c_int,
    buf: [u8; 512],
    len: usize,
    /// The first write error, reported by [`Line::finish`].
    failed: Option<Errno>,
}

impl Line {
    pub fn new(fd: c_int) -> Line {
        Line {
            fd,
            buf: [0; 512],
            len: 0,
            failed: None,
        }
    }

    /// Appends `bytes`.
    pub fn text(&mut self, bytes: &[u8]) -> &mut Line {
        for &b in bytes {
            if self.len >= self.buf.len() {
                self.flush();
            }
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = b;
                self.len += 1;
            }
        }
        self
    }

    /// Appends `n` in decimal.
    pub fn num(&mut self, n: i32) -> &mut Line {
        if n < 0 {
            self.text(b"-");
        }
        let mut digits = [0u8; 10];
        let mut rest = n.unsigned_abs();
        let mut start = digits.len();
        for slot in digits.iter_mut().rev() {
            // A digit, 0-9: the cast is exact.
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
            start -= 1;
            if rest == 0 {
                break;
            }
        }
        self.text(digits.get(start..).unwrap_or_default())
    }

    /// Appends `strerror`'s text (glibc's wording): "No such file or
    /// directory".
    pub fn errno(&mut self, errno: Errno) -> &mut Line {
        match errno.description().map(str::as_bytes) {
            Some([first, rest @ ..]) => self.text(&[first.to_ascii_uppercase()]).text(rest),
            Some([]) => self,
            None => self.text(b"Unknown error ").num(errno.raw()),
        }
    }

    /// Appends `strsignal`'s text for signal `n`, glibc's wording and
    /// numbering, as Debian's tini prints it: "Terminated", "Real-time
    /// signal 6" for 40 (from glibc's `SIGRTMIN`, 34, in every build: musl's
    /// is 35), "Unknown signal 32".
    pub fn signal(&mut self, n: c_int) -> &mut Line {
        // One string, a line per signal from 1: a table of `&str` would
        // cost a pointer, a length and, in the static-pie init, a 24-byte
        // relocation per signal (docs/minimal-binaries.md).
        const TEXT: &[u8] = b"Hangup\n\
          Interrupt\n\
          Quit\n\
          Illegal instruction\n\
          Trace/breakpoint trap\n\
          Aborted\n\
          Bus error\n\
          Floating point exception\n\
          Killed\n\
          User defined signal 1\n\
          Segmentation fault\n\
          User defined signal 2\n\
          Broken pipe\n\
          Alarm clock\n\
          Terminated\n\
          Stack fault\n\
          Child exited\n\
          Continued\n\
          Stopped (signal)\n\
          Stopped\n\
          Stopped (tty input)\n\
          Stopped (tty output)\n\
          Urgent I/O condition\n\
          CPU time limit exceeded\n\
          File size limit exceeded\n\
          Virtual timer expired\n\
          Profiling timer expired\n\
          Window changed\n\
          I/O possible\n\
          Power failure\n\
          Bad system call";
        /// glibc's `SIGRTMIN` and `SIGRTMAX` on Linux.
        const RT: (c_int, c_int) = (34, 64);
        if n >= RT.0 && n <= RT.1 {
            return self.text(b"Real-time signal ").num(n - RT.0);
        }
        let line = usize::try_from(n - 1).ok();
        match line.and_then(|i| TEXT.split(|&b| b == b'\n').nth(i)) {
            Some(text) => self.text(text),
            None => self.text(b"Unknown signal ").num(n),
        }
    }

    /// Writes what the buffer holds; the first error is kept for
    /// [`Line::finish`].
    fn flush(&mut self) {
        let done = write_all(self.fd, self.buf.get(..self.len).unwrap_or_default());
        self.len = 0;
        if let (Err(e), None) = (done, self.failed) {
            self.failed = Some(e);
        }
    }

    /// Ends a message: its newline, then what the buffer holds is written;
    /// an error is ignored (see the module's documentation).
    #[inline(never)]
    fn end(&mut self) {
        self.text(b"\n");
        self.flush();
    }

    /// Writes the rest; `Err` if any write failed.
    pub fn finish(mut self) -> Result<(), Errno> {
        self.flush();
        match self.failed {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
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
            Err(e) => {
                let raised = match e.raw() {
                    libc::EPIPE => 1 << libc::SIGPIPE,
                    libc::EFBIG => 1 << libc::SIGXFSZ,
                    _ => 0,
                };
                RAISED.fetch_or(raised, Ordering::Relaxed);
                return Err(e);
            }
        }
    }
    Ok(())
}
