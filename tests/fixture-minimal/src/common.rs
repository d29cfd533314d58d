//! What the Rust versions share that is not about processes: reading the
//! command line and writing decimal numbers, without std. The process work
//! itself is written in each binary (the two direct-libc ones share
//! libc_child.rs).

use core::ffi::{c_char, c_int};

/// `[K] [--work-ms MS]`, as the `ordered` example takes them. `None` on a
/// malformed command line.
#[allow(dead_code)] // the deadline binaries read two numbers instead
pub fn parse_args(argc: c_int, argv: *const *const c_char) -> Option<(u32, u32)> {
    let mut k = None;
    let mut work_ms = 100;
    let mut i = 1;
    while i < argc {
        // SAFETY: argv holds argc valid C strings (the C runtime's contract).
        let arg = unsafe { cstr(*argv.add(i as usize)) };
        if arg == b"--work-ms" {
            i += 1;
            if i >= argc {
                return None;
            }
            // SAFETY: as above; i < argc.
            work_ms = number(unsafe { cstr(*argv.add(i as usize)) })?;
        } else if k.is_none() {
            k = Some(number(arg).filter(|&n| n > 0)?);
        } else {
            return None;
        }
        i += 1;
    }
    Some((k.unwrap_or(2), work_ms))
}

/// `TIMEOUT_S WORK_MS`: the deadline programs' two numbers.
#[allow(dead_code)] // the ordered binaries take `[K] [--work-ms MS]`
pub fn parse_deadline(argc: c_int, argv: *const *const c_char) -> Option<(u32, u32)> {
    if argc != 3 {
        return None;
    }
    // SAFETY: argv holds argc valid C strings (the C runtime's contract).
    let (a, b) = unsafe { (cstr(*argv.add(1)), cstr(*argv.add(2))) };
    Some((number(a)?, number(b)?))
}

/// # Safety
/// `p` is a valid NUL-terminated string that outlives the result.
unsafe fn cstr<'a>(p: *const c_char) -> &'a [u8] {
    let mut n = 0;
    // SAFETY: the caller's contract: every byte up to the NUL is readable.
    while unsafe { *p.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: `n` bytes are readable and stay valid.
    unsafe { core::slice::from_raw_parts(p.cast::<u8>(), n) }
}

fn number(s: &[u8]) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for &b in s {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(n)
}

/// `child N done\n`, written into `buf`. Without indexing, so that no
/// bounds check (and no panic path) is in any binary.
#[allow(dead_code)] // the deadline binaries print fixed lines
pub fn done_line(i: u32, buf: &mut [u8; 32]) -> &[u8] {
    let mut digits = [0u8; 10];
    let mut n = i;
    let mut used = 0;
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        n /= 10;
        used += 1;
        if n == 0 {
            break;
        }
    }
    let line = b"child "
        .iter()
        .chain(digits.iter().skip(digits.len() - used))
        .chain(b" done\n");
    let mut len = 0;
    for (to, &from) in buf.iter_mut().zip(line) {
        *to = from;
        len += 1;
    }
    buf.get(..len).unwrap_or_default()
}
