//! The command line, read as coreutils' `timeout` reads it: glibc's
//! `getopt_long` with the short options `+k:s:v` (the `+` stops at the first
//! operand, so the command's own options are left alone), unique prefixes
//! of long options, and the same messages for the same mistakes, byte for
//! byte: getopt's own show what was typed as it was typed, and coreutils'
//! quote their operand ([`quote`]).

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;

use procsig::Signal;

use crate::quote::quote;

/// What the command line asks for.
#[derive(Debug)]
pub enum Request {
    Run(Options),
    Help,
    Version,
}

/// The options of a run.
#[derive(Debug)]
pub struct Options {
    /// `None`: no time limit (`0`, or so large it never comes).
    pub duration: Option<Duration>,
    /// `-k`: after the first signal, send `KILL` this much later.
    pub kill_after: Option<Duration>,
    /// `-s`: `None` is signal 0 (`EXIT`), which sends nothing.
    pub signal: Option<Signal>,
    pub preserve_status: bool,
    pub foreground: bool,
    pub verbose: bool,
    /// `COMMAND [ARG]...`, never empty.
    pub command: Vec<OsString>,
}

/// A usage error: the message, as bytes since it may show what was typed
/// (empty for a missing operand, where coreutils prints only the "Try"
/// line); the caller adds the "Try" line and exits with 125.
#[derive(Debug)]
pub struct UsageError(pub Vec<u8>);

impl UsageError {
    fn text(message: String) -> Self {
        UsageError(message.into_bytes())
    }
}

struct LongOption {
    name: &'static str,
    takes_value: bool,
    short: char,
}

/// The long options, in coreutils' order (the order getopt lists them in
/// when an abbreviation is ambiguous); `short` names the matching short
/// option (or a private letter for the ones that have none).
const LONG: [LongOption; 7] = [
    LongOption {
        name: "kill-after",
        takes_value: true,
        short: 'k',
    },
    LongOption {
        name: "signal",
        takes_value: true,
        short: 's',
    },
    LongOption {
        name: "verbose",
        takes_value: false,
        short: 'v',
    },
    LongOption {
        name: "foreground",
        takes_value: false,
        short: 'F',
    },
    LongOption {
        name: "preserve-status",
        takes_value: false,
        short: 'P',
    },
    LongOption {
        name: "help",
        takes_value: false,
        short: 'H',
    },
    LongOption {
        name: "version",
        takes_value: false,
        short: 'V',
    },
];

pub fn parse(args: &[OsString]) -> Result<Request, UsageError> {
    let mut options = Options {
        duration: None,
        kill_after: None,
        signal: Some(Signal::TERM),
        preserve_status: false,
        foreground: false,
        verbose: false,
        command: Vec::new(),
    };
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_bytes();
        if arg == b"--" {
            i += 1;
            break;
        }
        if let Some(long) = arg.strip_prefix(b"--") {
            let (name, value) = match long.iter().position(|&b| b == b'=') {
                Some(eq) => (&long[..eq], Some(&long[eq + 1..])),
                None => (long, None),
            };
            let option = find_long(name, arg)?;
            let value = match (option.takes_value, value) {
                (true, Some(v)) => Some(v.to_vec()),
                (true, None) => {
                    i += 1;
                    let v = args.get(i).ok_or_else(|| {
                        UsageError::text(format!("option '--{}' requires an argument", option.name))
                    })?;
                    Some(v.as_bytes().to_vec())
                }
                (false, Some(_)) => {
                    return Err(UsageError::text(format!(
                        "option '--{}' doesn't allow an argument",
                        option.name
                    )))
                }
                (false, None) => None,
            };
            if let Some(request) = apply(&mut options, option.short, value.as_deref())? {
                return Ok(request);
            }
            i += 1;
            continue;
        }
        if arg.len() < 2 || arg[0] != b'-' {
            break; // the first operand: DURATION
        }
        // A cluster of short options: `-v`, `-vs9`, `-k 5`.
        let mut j = 1;
        while j < arg.len() {
            let letter = arg[j] as char;
            match letter {
                'v' => {
                    apply(&mut options, 'v', None)?;
                    j += 1;
                }
                'k' | 's' => {
                    let value = if j + 1 < arg.len() {
                        arg[j + 1..].to_vec()
                    } else {
                        i += 1;
                        let v = args.get(i).ok_or_else(|| {
                            UsageError::text(format!("option requires an argument -- '{letter}'"))
                        })?;
                        v.as_bytes().to_vec()
                    };
                    apply(&mut options, letter, Some(&value))?;
                    j = arg.len();
                }
                // getopt shows the one byte it read, even if it begins a
                // multibyte character.
                _ => {
                    let message = [b"invalid option -- '", &arg[j..=j], b"'"].concat();
                    return Err(UsageError(message));
                }
            }
        }
        i += 1;
    }
    let operands = &args[i.min(args.len())..];
    if operands.len() < 2 {
        return Err(UsageError(Vec::new()));
    }
    options.duration = parse_duration(operands[0].as_bytes())?;
    options.command = operands[1..].to_vec();
    Ok(Request::Run(options))
}

/// An exact name, or the one long option that `name` is a prefix of (the
/// empty name, from `--=x`, is a prefix of all). `typed` is the whole
/// argument, which getopt's messages show with any `=value`.
fn find_long(name: &[u8], typed: &[u8]) -> Result<&'static LongOption, UsageError> {
    if let Some(exact) = LONG.iter().find(|o| o.name.as_bytes() == name) {
        return Ok(exact);
    }
    let matches: Vec<&LongOption> = LONG
        .iter()
        .filter(|o| o.name.as_bytes().starts_with(name))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(UsageError([b"unrecognized option '", typed, b"'"].concat())),
        many => {
            let mut message = [b"option '", typed, b"' is ambiguous; possibilities:"].concat();
            for option in many {
                message.extend_from_slice(format!(" '--{}'", option.name).as_bytes());
            }
            Err(UsageError(message))
        }
    }
}

/// Applies one option; `Some` for the ones that end parsing.
fn apply(
    options: &mut Options,
    short: char,
    value: Option<&[u8]>,
) -> Result<Option<Request>, UsageError> {
    let value = value.unwrap_or_default();
    match short {
        'F' => options.foreground = true,
        'P' => options.preserve_status = true,
        'v' => options.verbose = true,
        'k' => options.kill_after = parse_duration(value)?,
        's' => {
            options.signal = parse_signal(value)
                .ok_or_else(|| UsageError([&quote(value)[..], b": invalid signal"].concat()))?
        }
        'H' => return Ok(Some(Request::Help)),
        _ => return Ok(Some(Request::Version)),
    }
    Ok(None)
}

/// `DURATION`: a floating-point number as C's `strtod` reads it (leading
/// blanks, a sign, decimal or hexadecimal digits, an exponent, `inf`),
/// then at most one of the suffixes `s`, `m`, `h`, `d`. Negative numbers
/// and `nan` are refused. `None` for 0 and for a time so large it never
/// comes; any positive time is at least a nanosecond.
///
/// A number written with a nonzero digit is not 0 even when it is too
/// small for a `double` (`1e-5000`, where `strtod` underflows to 0 and
/// says `ERANGE`): as in current coreutils, it is the smallest positive
/// duration, and the command times out at once. Its sign is not looked
/// at: `-1e-5000` underflows to -0, which coreutils' `0 <= duration`
/// accepts, so it is the same smallest duration.
pub fn parse_duration(text: &[u8]) -> Result<Option<Duration>, UsageError> {
    let invalid = || UsageError([&b"invalid time interval "[..], &quote(text)].concat());
    let (seconds, rest) = strtod(text).ok_or_else(invalid)?;
    let number = text.get(..text.len() - rest.len()).unwrap_or_default();
    let scale = match rest {
        b"" | b"s" => 1.0,
        b"m" => 60.0,
        b"h" => 3600.0,
        b"d" => 86400.0,
        _ => return Err(invalid()),
    };
    if seconds.is_nan() || seconds < 0.0 {
        return Err(invalid());
    }
    let seconds = seconds * scale;
    if seconds == 0.0 {
        return Ok(nonzero_digit(number).then_some(Duration::from_nanos(1)));
    }
    Ok(Duration::try_from_secs_f64(seconds)
        .ok()
        .map(|d| d.max(Duration::from_nanos(1))))
}

/// Whether the significand of a number `strtod` accepted (`number`, its
/// exact text) has a digit other than 0: then the number is not zero,
/// whatever it rounded to. The exponent's digits do not count.
fn nonzero_digit(number: &[u8]) -> bool {
    let body = number
        .iter()
        .position(|b| b.is_ascii_digit() || *b == b'.')
        .and_then(|start| number.get(start..))
        .unwrap_or_default();
    let (digits, exponent): (&[u8], &[u8]) = match body {
        [b'0', x, hex @ ..] if (x | 0x20) == b'x' => (hex, b"pP"),
        _ => (body, b"eE"),
    };
    digits
        .iter()
        .take_while(|b| !exponent.contains(b))
        .any(|b| b.is_ascii_hexdigit() && *b != b'0')
}

/// The longest prefix of `text` that C's `strtod` accepts, as a number,
/// and what follows it; `None` when no prefix is a number.
fn strtod(text: &[u8]) -> Option<(f64, &[u8])> {
    let mut i = text
        .iter()
        .take_while(|b| b" \t\n\x0b\x0c\r".contains(b))
        .count();
    let negative = match text.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let body = &text[i..];
    let (magnitude, used) = if let Some(n) = word(body, b"infinity").or_else(|| word(body, b"inf"))
    {
        (f64::INFINITY, n)
    } else if let Some(n) = word(body, b"nan") {
        // `nan(chars)` takes the parenthesised part too.
        let tail = &body[n..];
        let extra = match tail.first() {
            Some(b'(') => tail
                .iter()
                .position(|&b| b == b')')
                .filter(|&close| {
                    tail[1..close]
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
                })
                .map_or(0, |close| close + 1),
            _ => 0,
        };
        (f64::NAN, n + extra)
    } else if body.len() > 2 && body[0] == b'0' && (body[1] | 0x20) == b'x' {
        match hex_float(&body[2..]) {
            Some((value, n)) => (value, 2 + n),
            // "0x" with no hex digit: strtod reads the "0".
            None => (0.0, 1),
        }
    } else {
        decimal_float(body)?
    };
    let value = if negative { -magnitude } else { magnitude };
    Some((value, &body[used..]))
}

/// Length of `name` at the start of `text`, ignoring case.
fn word(text: &[u8], name: &[u8]) -> Option<usize> {
    let head = text.get(..name.len())?;
    head.eq_ignore_ascii_case(name).then_some(name.len())
}

/// `digits [. digits] [e [sign] digits]`, at least one digit; the exponent
/// only counts if it has digits. Parsed by Rust's own (correctly rounded)
/// float parser once the extent is known.
fn decimal_float(text: &[u8]) -> Option<(f64, usize)> {
    let digits = |from: usize| {
        text[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int = digits(0);
    let mut end = int;
    let mut frac = 0;
    if text.get(end) == Some(&b'.') {
        frac = digits(end + 1);
        end += 1 + frac;
    }
    if int + frac == 0 {
        return None;
    }
    if matches!(text.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(text.get(end + 1), Some(b'+' | b'-')));
        let exp = digits(end + 1 + sign);
        if exp > 0 {
            end += 1 + sign + exp;
        }
    }
    let literal = std::str::from_utf8(&text[..end]).ok()?;
    // Rust wants a digit before an exponent: "5." and ".5" are fine, "5.e3" is not.
    let fixed = literal.replace(".e", ".0e").replace(".E", ".0E");
    Some((fixed.parse().ok()?, end))
}

/// `hexdigits [. hexdigits] [p [sign] digits]` after "0x".
fn hex_float(text: &[u8]) -> Option<(f64, usize)> {
    let mut value = 0.0f64;
    let mut i = 0;
    let mut seen = false;
    while let Some(d) = text.get(i).and_then(|b| (*b as char).to_digit(16)) {
        value = value * 16.0 + f64::from(d);
        seen = true;
        i += 1;
    }
    if text.get(i) == Some(&b'.') {
        let mut scale = 1.0 / 16.0;
        let mut j = i + 1;
        while let Some(d) = text.get(j).and_then(|b| (*b as char).to_digit(16)) {
            value += f64::from(d) * scale;
            scale /= 16.0;
            seen = true;
            j += 1;
        }
        if seen {
            i = j;
        }
    }
    if !seen {
        return None;
    }
    if matches!(text.get(i), Some(b'p' | b'P')) {
        let sign = usize::from(matches!(text.get(i + 1), Some(b'+' | b'-')));
        let start = i + 1 + sign;
        let exp_len = text[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if exp_len > 0 {
            let exp: i32 = std::str::from_utf8(&text[start..start + exp_len])
                .ok()?
                .parse()
                .unwrap_or(i32::MAX);
            let exp = if text[i + 1] == b'-' { -exp } else { exp };
            value *= 2f64.powi(exp);
            i = start + exp_len;
        }
    }
    Some((value, i))
}

/// `-s SIGNAL` as coreutils' `operand2sig` reads it: a number (where a
/// shell's exit status 128+n, or 256+n, means signal n), or a name in any
/// case with or without `SIG` (`TERM`, `sigterm`, `RTMIN+2`, `EXIT` for 0).
/// `Some(None)` is signal 0.
pub fn parse_signal(text: &[u8]) -> Option<Option<Signal>> {
    let text = std::str::from_utf8(text).ok()?;
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        let n: i32 = text
            .parse()
            .ok()
            .filter(|_| text.bytes().all(|b| b.is_ascii_digit()))?;
        let n = n & if n >= 0xff { 0xff } else { 0x7f };
        return number(n);
    }
    let upper = text.to_ascii_uppercase();
    name(&upper).or_else(|| name(upper.strip_prefix("SIG")?))
}

/// One name of the signal table (no `SIG` prefix), or a small number.
fn name(name: &str) -> Option<Option<Signal>> {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        let n: i32 = name
            .parse()
            .ok()
            .filter(|_| name.bytes().all(|b| b.is_ascii_digit()))?;
        return number(n);
    }
    if name == "EXIT" {
        return Some(None);
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) || name.starts_with("SIG") {
        return None;
    }
    name.parse::<Signal>().ok().map(Some)
}

fn number(n: i32) -> Option<Option<Signal>> {
    if n == 0 {
        return Some(None);
    }
    Signal::from_raw(n).map(Some)
}

/// How coreutils names a signal in its messages: `TERM`, `RTMIN+2`,
/// `RTMAX-3` (the nearer end), `EXIT` for 0.
pub fn signal_name(sig: Option<Signal>) -> String {
    let Some(sig) = sig else {
        return "EXIT".to_string();
    };
    if sig.is_realtime() {
        let raw = sig.as_raw();
        let min = Signal::all()
            .find(|s| s.is_realtime())
            .map_or(raw, Signal::as_raw);
        let max = Signal::all().last().map_or(raw, Signal::as_raw);
        return if raw == min {
            "RTMIN".to_string()
        } else if raw == max {
            "RTMAX".to_string()
        } else if raw <= min + (max - min) / 2 {
            format!("RTMIN+{}", raw - min)
        } else {
            format!("RTMAX-{}", max - raw)
        };
    }
    sig.name().trim_start_matches("SIG").to_string()
}
