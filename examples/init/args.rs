//! tini 0.19's command line and environment, read the way it reads them:
//! glibc's `getopt` with the option string `p:hvwgle:s` (options may come
//! after the program's name, as glibc permutes, unless `POSIXLY_CORRECT`
//! is set; `--` ends them), `strtol` for `-e` and `atoi` for
//! `TINI_VERBOSITY`.
//!
//! Only `core`, `libc` and procsig (the `#![no_std]` static init in
//! tests/fixture-minimal compiles this same file): the arguments stay
//! where the C library put them, and the command is gathered in `argv`
//! itself, as glibc's `getopt` permutes it, so no argument count is too
//! large and nothing is copied.

use core::ffi::{c_char, CStr};

use procsig::Signal;

/// What the command line asks for.
pub struct Options<'a> {
    /// `-s` or `TINI_SUBREAPER`.
    pub subreaper: bool,
    /// `-g` or `TINI_KILL_PROCESS_GROUP`.
    pub group: bool,
    /// `-w`.
    pub warn_on_reap: bool,
    /// `-p SIGNAL`.
    pub parent_death: Option<Signal>,
    /// `-e CODE`: bit `n` set maps exit status `n` to 0.
    pub expect: [u32; 8],
    /// PROGRAM and its arguments, then a null pointer: an `argv` for
    /// `execvp`, at least PROGRAM long.
    pub command: &'a [*const c_char],
}

impl Options<'_> {
    /// Whether `-e` asked for `code` to become 0.
    pub fn expected(&self, code: u8) -> bool {
        let word = self
            .expect
            .get(usize::from(code / 32))
            .copied()
            .unwrap_or(0);
        word & (1 << (code % 32)) != 0
    }
}

/// What to do after reading the command line.
pub enum Parsed<'a> {
    Run(Options<'a>),
    /// Usage, version or licence (written to standard output): status 0.
    Print(Print),
    /// A message on standard error (the `getopt` line or a `[FATAL …]`
    /// one), then the usage if asked: status 1.
    Fail(Failure),
}

pub enum Print {
    Usage,
    Version,
    Licence,
}

pub enum Failure {
    /// `getopt`'s own line, `PROG: WHAT -- 'OPTION'`, then the usage.
    Getopt { what: &'static [u8], option: u8 },
    /// No PROGRAM: the usage only.
    NoProgram,
    /// `[FATAL tini (PID)] Not a valid option for -OPTION: VALUE`, no usage.
    BadValue { option: u8, value: &'static [u8] },
}

/// The bytes of a C string of `argv` or `envp`, without its NUL.
///
/// # Safety
/// `p` is a valid NUL-terminated string that lives, unchanged, as long as
/// the process (what the C library passes to `main`).
pub unsafe fn c_bytes(p: *const c_char) -> &'static [u8] {
    // SAFETY: the caller's promise.
    unsafe { CStr::from_ptr(p) }.to_bytes()
}

/// Reads `argv` (with `argv[0]`, and the null pointer that ends it) as
/// tini 0.19 does; `verbosity` counts `-v`. PROGRAM and its arguments are
/// moved to `argv[1..]`, in their order, and ended by a null pointer.
///
/// # Safety
/// Every pointer of `argv` but the last is a C string as [`c_bytes`] asks.
pub unsafe fn parse<'a>(
    argv: &'a mut [*const c_char],
    posixly_correct: bool,
    verbosity: &mut u32,
) -> Parsed<'a> {
    // The words, null excluded.
    let argc = argv.len().saturating_sub(1);
    // SAFETY (each `word`): an index below `argc` is one of the C strings.
    let word = |argv: &[*const c_char], i: usize| -> Option<&'static [u8]> {
        let p = *argv.get(i).filter(|_| i < argc)?;
        Some(unsafe { c_bytes(p) })
    };
    // `--version` only when it is the one argument.
    if argc == 2 && word(argv, 1) == Some(b"--version") {
        return Parsed::Print(Print::Version);
    }
    let mut options = Options {
        subreaper: false,
        group: false,
        warn_on_reap: false,
        parent_death: None,
        expect: [0; 8],
        command: &[],
    };
    // The command is gathered at `argv[1..end]`: `end` never passes the
    // word being read, so nothing unread is overwritten.
    let mut end = 1;
    let mut i = 1;
    let mut rest_is_command = false;
    while let Some(bytes) = word(argv, i) {
        if rest_is_command || (bytes.len() < 2 || bytes.first() != Some(&b'-')) {
            // `end <= i`: the word moves to `end`, the option there to `i`.
            if let Some([at_end, .., word_i]) = argv.get_mut(end..=i) {
                core::mem::swap(at_end, word_i);
            }
            end += 1;
            i += 1;
            rest_is_command |= posixly_correct;
            continue;
        }
        i += 1;
        if bytes == b"--" {
            rest_is_command = true;
            continue;
        }
        let mut at = 1;
        while let Some(&c) = bytes.get(at) {
            at += 1;
            match c {
                b'h' => return Parsed::Print(Print::Usage),
                b'l' => return Parsed::Print(Print::Licence),
                b's' => options.subreaper = true,
                b'v' => *verbosity = verbosity.wrapping_add(1),
                b'w' => options.warn_on_reap = true,
                b'g' => options.group = true,
                b'e' | b'p' => {
                    // The rest of this word, or the next word, whatever it is.
                    let value = match bytes.get(at..) {
                        Some(tail) if !tail.is_empty() => tail,
                        _ => match word(argv, i) {
                            Some(next) => {
                                i += 1;
                                next
                            }
                            None => {
                                return Parsed::Fail(Failure::Getopt {
                                    what: b"option requires an argument",
                                    option: c,
                                })
                            }
                        },
                    };
                    let ok = if c == b'e' {
                        add_expect(&mut options.expect, value)
                    } else {
                        options.parent_death = signal_by_name(value);
                        options.parent_death.is_some()
                    };
                    if !ok {
                        return Parsed::Fail(Failure::BadValue { option: c, value });
                    }
                    break;
                }
                other => {
                    return Parsed::Fail(Failure::Getopt {
                        what: b"invalid option",
                        option: other,
                    })
                }
            }
        }
    }
    if end == 1 {
        return Parsed::Fail(Failure::NoProgram);
    }
    // The words moved to `argv[1..end]`; the null pointer there ends them.
    if let Some(last) = argv.get_mut(end) {
        *last = core::ptr::null();
    }
    options.command = argv.get(1..=end).unwrap_or_default();
    Parsed::Run(options)
}

/// `-e VALUE`: `strtol(VALUE, &end, 10)` must use the whole of it (so an
/// empty value is 0, as in tini) and be 0–255.
fn add_expect(expect: &mut [u32; 8], value: &[u8]) -> bool {
    let Some(code) = strtol_whole(value) else {
        return false;
    };
    let Ok(code) = u8::try_from(code) else {
        return false;
    };
    match expect.get_mut(usize::from(code / 32)) {
        Some(word) => {
            *word |= 1 << (code % 32);
            true
        }
        None => false,
    }
}

/// `strtol` in base 10 that must end at the end of `s`: leading white
/// space, a sign, digits. `None` if anything follows, or if it overflows.
fn strtol_whole(s: &[u8]) -> Option<i64> {
    let mut rest = s;
    while let Some((&c, tail)) = rest.split_first() {
        if !c.is_ascii_whitespace() && c != 0x0b {
            break;
        }
        rest = tail;
    }
    let negative = rest.first() == Some(&b'-');
    if let Some((&(b'+' | b'-'), tail)) = rest.split_first() {
        rest = tail;
    }
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        // No number: `strtol` ends where it started.
        return if s.is_empty() { Some(0) } else { None };
    }
    if digits != rest.len() {
        return None;
    }
    let mut n: i64 = 0;
    for &d in rest {
        n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
    }
    Some(if negative { -n } else { n })
}

/// `atoi`: leading white space, a sign, digits; 0 if none.
pub fn atoi(s: &[u8]) -> i32 {
    let mut rest = s;
    while let Some((&c, tail)) = rest.split_first() {
        if !c.is_ascii_whitespace() && c != 0x0b {
            break;
        }
        rest = tail;
    }
    let negative = rest.first() == Some(&b'-');
    if let Some((&(b'+' | b'-'), tail)) = rest.split_first() {
        rest = tail;
    }
    let mut n: i32 = 0;
    for &d in rest.iter().take_while(|c| c.is_ascii_digit()) {
        n = n.wrapping_mul(10).wrapping_add(i32::from(d - b'0'));
    }
    if negative {
        n.wrapping_neg()
    } else {
        n
    }
}

/// tini's `-p` names: exactly `SIGHUP` … `SIGSYS` (case matters, no
/// numbers, no real-time signals). Spelled here, not read from
/// [`Signal::name`]: that one knows the real-time names too, and the static
/// init would hold them all for nothing (docs/minimal-binaries.md).
fn signal_by_name(name: &[u8]) -> Option<Signal> {
    const SIGNALS: [Signal; 28] = [
        Signal::HUP,
        Signal::INT,
        Signal::QUIT,
        Signal::ILL,
        Signal::TRAP,
        Signal::ABRT,
        Signal::BUS,
        Signal::FPE,
        Signal::KILL,
        Signal::USR1,
        Signal::SEGV,
        Signal::USR2,
        Signal::PIPE,
        Signal::ALRM,
        Signal::TERM,
        Signal::CHLD,
        Signal::CONT,
        Signal::STOP,
        Signal::TSTP,
        Signal::TTIN,
        Signal::TTOU,
        Signal::URG,
        Signal::XCPU,
        Signal::XFSZ,
        Signal::VTALRM,
        Signal::PROF,
        Signal::WINCH,
        Signal::SYS,
    ];
    /// `SIGNALS`' names without `SIG`, in its order.
    const NAMES: &[u8] = b"HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM \
        TERM CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH SYS";
    let short = name.strip_prefix(b"SIG")?;
    let i = NAMES.split(|&b| b == b' ').position(|n| n == short)?;
    SIGNALS.get(i).copied()
}
