//! What the two procsig binaries share that is not about processes: their
//! own output and simulated work, and the panic handler.

use procsig::exit;

/// The program's own output and work, outside procsig's scope: `write` and
/// `nanosleep` (listed as such in the audit).
pub fn say(bytes: &[u8]) {
    // SAFETY: a valid buffer of that length.
    unsafe { libc::write(1, bytes.as_ptr().cast(), bytes.len()) };
}

pub fn sleep_ms(ms: u32) {
    let ts = libc::timespec {
        tv_sec: (ms / 1000) as _,
        tv_nsec: ((ms % 1000) * 1_000_000) as _,
    };
    // SAFETY: a valid timespec; an early wake-up only shortens the work.
    unsafe { libc::nanosleep(&ts, core::ptr::null_mut()) };
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    exit(101)
}
