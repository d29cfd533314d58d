//! tini 0.19's command line and environment, read the way it reads them:
//! glibc's `getopt` with the option string `p:hvwgle:s` (options may come
//! after the program's name, as glibc permutes, unless `POSIXLY_CORRECT`
//! is set; `--` ends them), `strtol` for `-e` and `atoi` for
//! `TINI_VERBOSITY`.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;

use procsig::Signal;

/// What the command line asks for.
pub struct Options {
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
    /// PROGRAM and its arguments.
    pub command: Vec<OsString>,
}

impl Options {
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
pub enum Parsed {
    Run(Options),
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
    /// `getopt`'s own line, then the usage.
    Getopt(Vec<u8>),
    /// No PROGRAM: the usage only.
    NoProgram,
    /// `[FATAL tini (PID)] …`, no usage.
    Fatal(Vec<u8>),
}

/// Reads `argv` (with `argv[0]`) as tini 0.19 does; `verbosity` counts `-v`.
pub fn parse(argv: &[OsString], posixly_correct: bool, verbosity: &mut u32) -> Parsed {
    let prog = argv.first().map_or(&b"tini"[..], |a| a.as_bytes());
    // `--version` only when it is the one argument.
    if argv.len() == 2 && argv.get(1).is_some_and(|a| a.as_bytes() == b"--version") {
        return Parsed::Print(Print::Version);
    }
    let mut options = Options {
        subreaper: false,
        group: false,
        warn_on_reap: false,
        parent_death: None,
        expect: [0; 8],
        command: Vec::new(),
    };
    let mut rest = argv.iter().skip(1);
    while let Some(arg) = rest.next() {
        let bytes = arg.as_bytes();
        if bytes == b"--" {
            options.command.extend(rest.by_ref().cloned());
            break;
        }
        if bytes.len() < 2 || bytes.first() != Some(&b'-') {
            options.command.push(arg.clone());
            if posixly_correct {
                options.command.extend(rest.by_ref().cloned());
                break;
            }
            continue;
        }
        let mut i = 1;
        while let Some(&c) = bytes.get(i) {
            i += 1;
            match c {
                b'h' => return Parsed::Print(Print::Usage),
                b'l' => return Parsed::Print(Print::Licence),
                b's' => options.subreaper = true,
                b'v' => *verbosity = verbosity.wrapping_add(1),
                b'w' => options.warn_on_reap = true,
                b'g' => options.group = true,
                b'e' | b'p' => {
                    // The rest of this word, or the next word, whatever it is.
                    let value = match bytes.get(i..) {
                        Some(tail) if !tail.is_empty() => tail.to_vec(),
                        _ => match rest.next() {
                            Some(next) => next.as_bytes().to_vec(),
                            None => {
                                return Parsed::Fail(Failure::Getopt(getopt_line(
                                    prog,
                                    b"option requires an argument",
                                    c,
                                )))
                            }
                        },
                    };
                    let ok = if c == b'e' {
                        add_expect(&mut options.expect, &value)
                    } else {
                        options.parent_death = signal_by_name(&value);
                        options.parent_death.is_some()
                    };
                    if !ok {
                        let what = [&b"Not a valid option for -"[..], &[c], b": ", &value].concat();
                        return Parsed::Fail(Failure::Fatal(what));
                    }
                    break;
                }
                other => {
                    return Parsed::Fail(Failure::Getopt(getopt_line(
                        prog,
                        b"invalid option",
                        other,
                    )))
                }
            }
        }
    }
    if options.command.is_empty() {
        return Parsed::Fail(Failure::NoProgram);
    }
    Parsed::Run(options)
}

/// `PROG: WHAT -- 'C'`, as glibc's `getopt` prints it.
fn getopt_line(prog: &[u8], what: &[u8], c: u8) -> Vec<u8> {
    [prog, b": ", what, b" -- '", &[c], b"'\n"].concat()
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
/// numbers, no real-time signals).
fn signal_by_name(name: &[u8]) -> Option<Signal> {
    const NAMES: [Signal; 28] = [
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
    NAMES.into_iter().find(|s| s.name().as_bytes() == name)
}
