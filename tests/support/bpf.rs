//! The few classic-BPF instructions a seccomp filter needs, shared by the
//! fault injection of `tests/support` and the allow-list of
//! `tests/audit.rs`.
#![allow(dead_code)] // each test binary uses a different part of it

/// `offsetof(struct seccomp_data, nr)`.
pub const NR: u32 = 0;
/// `offsetof(struct seccomp_data, arch)`.
pub const ARCH: u32 = 4;
/// `offsetof(struct seccomp_data, args[0])`, its low half (little-endian).
pub const ARG0_LOW: u32 = 16;

pub fn stmt(code: u32, k: u32) -> libc::sock_filter {
    libc::sock_filter {
        code: code as u16,
        jt: 0,
        jf: 0,
        k,
    }
}

/// `if A == k` jump `jt` instructions ahead, else `jf`.
pub fn jeq(k: u32, jt: u8, jf: u8) -> libc::sock_filter {
    libc::sock_filter {
        code: (libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K) as u16,
        jt,
        jf,
        k,
    }
}

/// `A = seccomp_data[offset]` (a 32-bit word).
pub fn load(offset: u32) -> libc::sock_filter {
    stmt(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, offset)
}

/// `return k` (a `SECCOMP_RET_*` action).
pub fn ret(k: u32) -> libc::sock_filter {
    stmt(libc::BPF_RET | libc::BPF_K, k)
}
