//! Operands in diagnostics, quoted as coreutils quotes them: gnulib's
//! `quote`, which is `quotearg`'s "locale" style, in the locale the
//! environment names.
//!
//! The operand goes between ‘these’ quotes when the locale's character set
//! is UTF-8, and between 'ASCII' ones otherwise. Inside, a byte or
//! character is written as it is if the locale says it is printable;
//! otherwise each of its bytes becomes a backslash and three octal digits
//! (`\377`). `\a \b \f \n \r \t \v` and `\\` are escaped as in C, and so
//! is the closing quote where the operand holds it: `it's` is `'it\'s'` in
//! the C locale, `it’s` is `‘it\’s’` in a UTF-8 one.
//!
//! What is printable is the C library's own answer (`isprint` for a
//! single-byte character set, `iswprint` for UTF-8), so it is what
//! coreutils, linked to the same C library, prints: in the C locale every
//! byte from 0x80 up is escaped; in a UTF-8 one an invalid or incomplete
//! sequence is escaped byte by byte, and so is a valid character the C
//! library calls unprintable (C1 controls, U+2028, unassigned code points).
//!
//! The bytes are copied, never converted to a Rust `String`: an operand that
//! is not UTF-8 is shown as what it is, not as U+FFFD.
//!
//! Departures, for locales this example does not try to cover: a
//! multibyte character set other than UTF-8 (EUC-JP, GB18030, Big5) is
//! read one byte at a time, and a translation catalogue that supplies its
//! own quotation marks is not consulted.

use std::ffi::{c_int, c_uint, CStr};
use std::sync::OnceLock;

// The libc crate binds neither `iswprint` nor `mbrtowc` for Linux, so the
// one wide-character function needed is declared here. It is ISO C,
// exported under its own name by every Unix C library; `wint_t` is a
// 32-bit integer on each of them (unsigned on glibc and musl, signed on
// macOS and FreeBSD), and every Unicode scalar value fits either.
extern "C" {
    fn iswprint(wc: c_uint) -> c_int;
}

/// `text` quoted for a diagnostic, as coreutils' `quote (text)`.
pub fn quote(text: &[u8]) -> Vec<u8> {
    let utf8 = utf8_locale();
    let (open, close): (&[u8], &[u8]) = if utf8 {
        ("\u{2018}".as_bytes(), "\u{2019}".as_bytes())
    } else {
        (b"'", b"'")
    };
    let mut out = Vec::with_capacity(text.len() + open.len() + close.len());
    out.extend_from_slice(open);
    let mut rest = text;
    while let Some(&byte) = rest.first() {
        if rest.starts_with(close) {
            out.push(b'\\');
            out.extend_from_slice(close);
            rest = &rest[close.len()..];
            continue;
        }
        if let Some(letter) = c_escape(byte) {
            out.extend_from_slice(&[b'\\', letter]);
            rest = &rest[1..];
            continue;
        }
        let (len, printable) = if byte.is_ascii() {
            (1, byte.is_ascii_graphic() || byte == b' ')
        } else if utf8 {
            match char_at(rest) {
                Some(c) => (c.len_utf8(), wide_printable(c)),
                None => (1, false),
            }
        } else {
            (1, byte_printable(byte))
        };
        let (character, after) = rest.split_at(len);
        if printable {
            out.extend_from_slice(character);
        } else {
            for &b in character {
                out.extend_from_slice(&[
                    b'\\',
                    b'0' + (b >> 6),
                    b'0' + (b >> 3 & 7),
                    b'0' + (b & 7),
                ]);
            }
        }
        rest = after;
    }
    out.extend_from_slice(close);
    out
}

/// The letter of C's escape for `byte`, if it has one.
fn c_escape(byte: u8) -> Option<u8> {
    Some(match byte {
        0x07 => b'a',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x0b => b'v',
        b'\\' => b'\\',
        _ => return None,
    })
}

/// The UTF-8 character `bytes` starts with, if they start with a whole,
/// valid one. Rust and the C library agree on what is valid: no overlong
/// forms, no surrogates, nothing above U+10FFFF.
fn char_at(bytes: &[u8]) -> Option<char> {
    let len = match bytes.first()? {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return None,
    };
    std::str::from_utf8(bytes.get(..len)?).ok()?.chars().next()
}

fn wide_printable(c: char) -> bool {
    // SAFETY: `iswprint` takes any value and reads only the locale, which
    // `utf8_locale` (called first) has finished setting.
    unsafe { iswprint(c_uint::from(c)) != 0 }
}

fn byte_printable(byte: u8) -> bool {
    // SAFETY: `isprint` takes any `unsigned char` value; the locale is set.
    unsafe { libc::isprint(c_int::from(byte)) != 0 }
}

/// Whether the locale's character set is UTF-8. The first call sets the
/// locale from the environment (`LC_ALL`, `LC_CTYPE`, `LANG`), as
/// coreutils does at start with `setlocale (LC_ALL, "")`: a locale that is
/// not installed leaves the C locale, whatever its name says. Done only
/// when a diagnostic needs it, so a run without one opens no locale file.
fn utf8_locale() -> bool {
    static UTF8: OnceLock<bool> = OnceLock::new();
    *UTF8.get_or_init(|| {
        // SAFETY: `timeout` is single-threaded, so no other thread reads
        // the locale while it changes; the argument is a C string.
        unsafe { libc::setlocale(libc::LC_ALL, c"".as_ptr()) };
        // SAFETY: `nl_langinfo` returns a C string that stays valid until
        // the locale next changes, and it is copied out before then.
        let codeset = unsafe { libc::nl_langinfo(libc::CODESET) };
        !codeset.is_null()
            // SAFETY: not null, so a valid C string (above).
            && unsafe { CStr::from_ptr(codeset) }
                .to_bytes()
                .eq_ignore_ascii_case(b"UTF-8")
    })
}
