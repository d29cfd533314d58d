//! `cargo bench` — the entry point: on Linux, the benchmarks of
//! `overhead.rs`; elsewhere a SKIPPED line.
//!
//! The benchmarks compare procsig with hand-written Linux code (pidfds,
//! `prctl`, `sched_setaffinity`, `pipe2`), so they are built and run on
//! Linux only; on macOS, FreeBSD and under the macOS-like build
//! (`RUSTFLAGS="--cfg procsig_like_macos"`) this file alone is built,
//! which keeps `cargo clippy --all-targets --target …` meaningful there.

#[cfg(procsig_linux)]
mod overhead;

#[cfg(procsig_linux)]
fn main() {
    overhead::main();
}

#[cfg(not(procsig_linux))]
fn main() {
    println!("SKIPPED: the benchmarks compare procsig with Linux's own calls; they run on Linux");
}
