//! The crate's container init (examples/init, compatible with tini 0.19)
//! as a minimal binary: `#![no_std]`, `#![no_main]`, procsig without
//! default features, `panic = "abort"`. Not a copy: the init's own files,
//! `linux.rs` with its `args.rs` and `say.rs`, compiled as they are; this
//! root gives them what the example's `main.rs` does, `VERSION` and the C
//! `main`, and a panic handler that nothing reaches (check.sh looks for
//! panic symbols in an unstripped build). check.sh builds it dynamically
//! against glibc and statically against musl (`+crt-static`), runs both
//! and measures them against tini.
#![no_std]
#![no_main]

use core::ffi::{c_char, c_int};

#[path = "../../../examples/init/linux.rs"]
mod linux;

/// The example's version line, with procsig's version written out: this
/// package's own `CARGO_PKG_VERSION` is the fixture's (0.0.0). check.sh
/// fails if it differs from ../../Cargo.toml's.
const VERSION: &str = "procsig init 0.1.0, compatible with tini version 0.19.0";

/// The C entry point: [`linux::init`], which ends with `exit`.
///
/// # Safety
/// Called only by the C library's start-up, with `argc` NUL-terminated
/// strings in `argv`, then a null pointer, and the environment in `envp`,
/// all living as long as the process.
#[no_mangle]
pub unsafe extern "C" fn main(
    argc: c_int,
    argv: *mut *const c_char,
    envp: *const *const c_char,
) -> c_int {
    // SAFETY: this function's own contract, which the C library keeps.
    unsafe { linux::init(argc, argv, envp) }
}

/// Unreachable: the init's code has no panic path (check.sh checks that
/// no panic symbol is linked). Were one reached, init fails (status 1),
/// as the example's `catch_unwind` makes it.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    procsig::exit(1)
}
