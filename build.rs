//! Target probing for procsig.
//!
//! The signal calls differ between Unix targets in ways the `libc` crate's
//! types do not hide, and procsig's code must pick the right variant with a
//! plain `#[cfg]` on a whole item. This script reads the target (not the
//! host: a cross build probes the machine the code will run on) from Cargo's
//! `CARGO_CFG_TARGET_*` variables and emits these cfgs:
//!
//! | cfg | meaning | set on |
//! |---|---|---|
//! | `procsig_errno = "__errno_location"` / `"__error"` / `"__errno"` | the libc function that returns the calling thread's `errno` address | Linux (glibc, musl) / macOS, iOS, FreeBSD, DragonFly / OpenBSD, NetBSD, Android |
//! | `procsig_sigtimedwait` | `sigtimedwait` and `sigwaitinfo` exist | Linux, Android, FreeBSD, DragonFly, NetBSD (not macOS, OpenBSD) |
//! | `procsig_rtsig` | real-time signals `SIGRTMIN..=SIGRTMAX` with a run-time `SIGRTMIN` | Linux, Android |
//! | `procsig_family = "linux"` / `"bsd"` | the target family, which chooses the platform files: Linux's signal and error tables (its numbering, `SIGPWR`), and blocked signals kept pending whatever their disposition; or the BSD and Apple tables (`SIGEMT`, `SIGINFO`), where a blocked default-ignored signal is discarded unless a handler is installed | Linux, Android / the BSDs and Apple |
//! | `procsig_stkflt` | the target defines `SIGSTKFLT` | Linux and Android except on MIPS and SPARC |
//! | `procsig_rtmax_127` | `SIGRTMAX` is 127 (the kernel's `_NSIG` is 128), not 64 | Linux on MIPS |
//! | `procsig_pidfd` | process file descriptors (`pidfd_open`, `pidfd_send_signal`, `waitid(P_PIDFD)`) may exist; whether the running kernel has them is found out at run time | Linux |
//! | `procsig_sigset_word = "c_ulong"` / `"u32"` | the word type of `sigset_t`'s bit array (bit `signo - 1`, low word first) | Linux, Android / the BSDs and Apple |
//! | `procsig_linux` | Linux's own calls: `prctl`, `signalfd`, `epoll`, `sigqueue`, and what stands on them (the event wait, reaping, subreapers, parent-death signals, `SigInfo`) | Linux |
//! | `procsig_discards_ignored` | a blocked signal whose default action is to ignore it is discarded unless a handler is installed, so blocking one installs a no-op handler | the BSDs and Apple, and the macOS-like build |
//! | `procsig_kqueue` | `kqueue` and `kevent` exist: the event wait's backend (`EVFILT_SIGNAL`, `EVFILT_PROC`, `EVFILT_READ`/`EVFILT_WRITE`; `src/safe/events/kqueue.rs`), `Child`'s timed waits and `wait_any` sleep on `EVFILT_PROC`/`NOTE_EXIT` (`src/safe/process/child/kqueue.rs`), and where there is no `sigtimedwait` the timed signal wait goes through `EVFILT_SIGNAL` and a `kevent` timeout | macOS, iOS (Apple), FreeBSD |
//! | `procsig_timed_wait` | the facade's timed waits exist (`SigSet::wait_timeout`, `MaskGuard::wait_timeout`, `Child::wait_timeout`, `wait_any`): `procsig_sigtimedwait` or `procsig_kqueue` | all but OpenBSD and the macOS-like build |
//! | `procsig_procctl` | FreeBSD's `procctl` (`PROC_PDEATHSIG_CTL`: a signal at the parent's death) | FreeBSD |
//!
//! ## The macOS-like build
//!
//! Nothing here can run macOS or FreeBSD, so their code paths are run on
//! Linux by a build switch: `RUSTFLAGS="--cfg procsig_like_macos" cargo
//! test` compiles procsig against Linux's C library (so it links and runs)
//! but with only what macOS provides: this script then emits neither
//! `procsig_sigtimedwait`, `procsig_rtsig`, `procsig_pidfd` nor
//! `procsig_linux` (nor `procsig_kqueue`, which Linux cannot give, so
//! neither `procsig_timed_wait`: the timed waits are left out), and emits `procsig_discards_ignored`, so blocking a
//! default-ignored signal goes through the BSD path (a no-op handler). The
//! signal and error tables stay Linux's (their numbers are the running
//! kernel's). The switch is read from `CARGO_CFG_PROCSIG_LIKE_MACOS`, which
//! Cargo sets from `RUSTFLAGS`, and tests and examples see the same cfg.
//!
//! Every cfg is declared with `cargo:rustc-check-cfg`, so `unexpected_cfgs`
//! catches a typo. A target this script does not know stops the build with a
//! message instead of compiling code that guesses.

use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    declare_cfgs();

    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let target = env::var("TARGET").unwrap_or_default();
    // `RUSTFLAGS="--cfg procsig_like_macos"`: Linux's C library, macOS's
    // set of calls (see the module docs).
    let like_macos = env::var_os("CARGO_CFG_PROCSIG_LIKE_MACOS").is_some();
    if like_macos && os != "linux" {
        eprintln!("procsig_like_macos is a Linux build switch; target `{target}` is not Linux");
        std::process::exit(1);
    }

    let family = match os.as_str() {
        "linux" | "android" => Family::Linux,
        "macos" | "ios" | "tvos" | "watchos" | "visionos" | "freebsd" | "dragonfly" | "openbsd"
        | "netbsd" => Family::Bsd,
        _ => {
            eprintln!(
                "procsig supports Linux, Android, macOS/iOS and the BSDs; target `{target}` \
                 (target_os = \"{os}\") is not one of them"
            );
            std::process::exit(1);
        }
    };

    let errno = match os.as_str() {
        "linux" => "__errno_location",
        "android" | "openbsd" | "netbsd" => "__errno",
        _ => "__error",
    };
    emit(&format!("procsig_errno=\"{errno}\""));

    if !like_macos
        && matches!(
            os.as_str(),
            "linux" | "android" | "freebsd" | "dragonfly" | "netbsd"
        )
    {
        emit("procsig_sigtimedwait");
        emit("procsig_timed_wait");
    }
    if env::var("CARGO_CFG_TARGET_VENDOR").as_deref() == Ok("apple") {
        emit("procsig_kqueue");
        emit("procsig_timed_wait");
    } else if os == "freebsd" {
        // FreeBSD has `sigtimedwait` for the signal waits; the kqueue is
        // for waiting on a child's exit (`EVFILT_PROC`) and for the event
        // wait.
        emit("procsig_kqueue");
    }

    match family {
        Family::Linux => {
            if !like_macos {
                emit("procsig_rtsig");
            }
            emit("procsig_family=\"linux\"");
            emit("procsig_sigset_word=\"c_ulong\"");
            let mips = matches!(arch.as_str(), "mips" | "mips64" | "mips32r6" | "mips64r6");
            if !mips && !matches!(arch.as_str(), "sparc" | "sparc64") {
                emit("procsig_stkflt");
            }
            if mips {
                emit("procsig_rtmax_127");
            }
            // Android's seccomp policy and C library differ; only Linux
            // proper is built and tested with pidfds.
            if os == "linux" && !like_macos {
                emit("procsig_pidfd");
                emit("procsig_linux");
            }
            if like_macos {
                emit("procsig_discards_ignored");
            }
        }
        Family::Bsd => {
            emit("procsig_family=\"bsd\"");
            emit("procsig_sigset_word=\"u32\"");
            emit("procsig_discards_ignored");
            if os == "freebsd" {
                emit("procsig_procctl");
            }
        }
    }
}

enum Family {
    Linux,
    Bsd,
}

fn emit(cfg: &str) {
    println!("cargo:rustc-cfg={cfg}");
}

fn declare_cfgs() {
    for decl in [
        "cfg(procsig_errno, values(\"__errno_location\", \"__error\", \"__errno\"))",
        "cfg(procsig_sigtimedwait)",
        "cfg(procsig_rtsig)",
        "cfg(procsig_pidfd)",
        "cfg(procsig_family, values(\"linux\", \"bsd\"))",
        "cfg(procsig_stkflt)",
        "cfg(procsig_rtmax_127)",
        "cfg(procsig_linux)",
        "cfg(procsig_discards_ignored)",
        "cfg(procsig_procctl)",
        "cfg(procsig_kqueue)",
        "cfg(procsig_timed_wait)",
        // The switch itself, given in RUSTFLAGS (see the module docs).
        "cfg(procsig_like_macos)",
        "cfg(procsig_sigset_word, values(\"c_ulong\", \"u32\"))",
        // Set by docs.rs (and by CI's nightly doc build): platform badges.
        "cfg(docsrs)",
    ] {
        println!("cargo:rustc-check-cfg={decl}");
    }
}
