#!/usr/bin/env bash
# The minimal-binary fixture: builds `ordered` four ways (procsig; direct
# libc with the same guarantees as procsig's `Child`, i.e. pidfds; direct
# libc with pids only; C), runs each, prints their stripped sizes, and fails
# if procsig's is larger than C's or more than 15% larger than the direct
# libc program with the same guarantees. Then the blog's alarm deadline and
# `procsig::ordered::run`, each against the same program by hand.
#
# The 15% is a ratchet, not the target: the target is 10% (issue 11). A
# pidfd per child (pid-reuse safety, correct waits from any thread) took
# procsig from 1.08x to 1.24x of the pid-only program; correctness won,
# and the size is measured here until issue 11 makes the cheap path cheap.
# Issue 16 raised it to 19%: the pid fallback's check that the kernel is not
# reaping children (SIGCHLD ignored or SA_NOCLDWAIT: one sigaction read and
# its branch, shared by Child's signal and waits) is 160 bytes, 8824 to 8984,
# and the same check at the fork (a handle forked while the kernel reaped
# children never trusts its pid) 160 more, to 9144; without them a handle
# could signal or reap a later child of ours on a reused pid. Issue 18 made
# it 20%: a handle remembers which event wait registered its pidfd (one
# u32 in Child, set at the fork), 80 bytes, to 9224. Review B (item 4)
# made it 22%: a pidfd that lands on 0, 1 or 2 (standard descriptors
# closed) is moved above them, or a child forked later would take it as
# its standard output: the fcntl import and the move, 264 bytes, to 9488
# (measured after the merge; 23%). Issue 20 made it 22%: the pidfd check's
# `(0..=2).contains` written as two comparisons (no function of its own)
# and the shared `done_line` without indexing (no bounds checks, no panic
# path, in every binary), 9488 to 9296 (by hand 7728 to 7632), and the
# pidfd's waits inlined (a thunk and its unwind entry each), to 9248.
# Then 20%: the by-hand program was given the guarantee it lacked (its pidfd
# moved above 2 as procsig's is: the fcntl import and the move, 7632 to
# 7768), so the two compare like with like again (1.191). Then 18%: the
# handle's `wait` inlined, a pidfd that fails its proof closed without
# drop glue, the pid fallback's check asking `waitid(WNOWAIT)` at one
# place (its closure was a function of its own): 9248 to 9152 (1.178).
# Runs in its own cargo invocation and target directory (see Cargo.toml):
# `fixture-minimal/` under the crate's target directory (`$CARGO_TARGET_DIR`
# if set), never inside the source tree, where a stale binary could pass
# for a new one. Needs gcc and binutils (strip, size, readelf); musl-gcc
# (musl-tools) for the static build, which is skipped, saying so, without.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# A relative CARGO_TARGET_DIR is relative to where cargo was run: here.
target=$(realpath -m "${CARGO_TARGET_DIR:-$here/../../target}")/fixture-minimal
cd "$here"

for tool in gcc strip size readelf; do
    command -v "$tool" >/dev/null || {
        echo "FAIL: check.sh needs $tool (install with: apt-get install gcc binutils)"
        exit 1
    }
done

# --locked: the committed Cargo.lock is the build (and nothing rewrites it).
cargo build --release --quiet --locked --target-dir "$target"
mkdir -p "$target/c"
gcc -Os -o "$target/c/ordered-c" ordered.c
strip "$target/c/ordered-c"

procsig=$target/release/ordered-procsig
same=$target/release/ordered-libc-pidfd
direct=$target/release/ordered-libc
c=$target/c/ordered-c

expected=$(for i in 0 1 2 3 4; do echo "child $i done"; done)
for bin in "$procsig" "$same" "$direct" "$c"; do
    out=$("$bin" 5 --work-ms 1)
    if [ "$out" != "$expected" ]; then
        echo "FAIL: $bin printed:"; echo "$out"; exit 1
    fi
done
echo "all four print child 0 done .. child 4 done, in order"

size_of() { stat -c %s "$1"; }
sp=$(size_of "$procsig"); ss=$(size_of "$same"); sd=$(size_of "$direct"); sc=$(size_of "$c")
printf 'stripped size, dynamically linked:\n'
printf '  %-40s %6d bytes\n' "procsig (no_std, no_main)" "$sp" \
    "direct libc, pidfds (same guarantees)" "$ss" "direct libc, pids only" "$sd" "C (gcc -Os)" "$sc"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
printf '  procsig / direct libc, pidfds = %s\n' "$(ratio "$sp" "$ss")"
printf '  procsig / direct libc, pids   = %s\n' "$(ratio "$sp" "$sd")"
printf '  procsig / C                   = %s\n' "$(ratio "$sp" "$sc")"

status=0
if [ "$sp" -gt "$sc" ]; then echo "FAIL: procsig's binary is larger than C's"; status=1; fi
if [ $((sp * 100)) -gt $((ss * 118)) ]; then
    echo "FAIL: procsig's binary is more than 18% larger than direct libc's with the same guarantees"
    status=1
fi

# The second pair: the blog post's alarm deadline, on procsig as a user
# writes it (block through a guard, wait through the guard, Child::wait)
# and by hand with the same guarantees (a proven pidfd per child).
dp=$target/release/deadline-procsig
dl=$target/release/deadline-libc-pidfd
for bin in "$dp" "$dl"; do
    [ "$("$bin" 1 10)" = "child process finished" ] \
        || { echo "FAIL: $bin 1 10"; status=1; }
    [ "$("$bin" 1 1500)" = "too late; killing child process" ] \
        || { echo "FAIL: $bin 1 1500"; status=1; }
done
sdp=$(size_of "$dp"); sdl=$(size_of "$dl")
printf 'the alarm deadline, stripped, dynamically linked:\n'
printf '  %-40s %6d bytes\n' "procsig (guard, guard wait, Child)" "$sdp" \
    "direct libc, pidfds (same guarantees)" "$sdl"
printf '  procsig / direct libc, pidfds = %s\n' "$(ratio "$sdp" "$sdl")"
# Ratchet: 1.23 measured before issue 16, 1.45 after; the target of 1.10 is
# not met (see docs/minimal-binaries.md). Issue 16 made a guard keep its signals blocked while
# any live guard of the thread holds them, whatever the drop order: per-thread
# hold counts (a slot claimed by compare-and-swap, a count per signal, the
# pthread_self import) are 1272 bytes of this program, and the pid fallback's
# SIGCHLD checks (at each use, and at the fork) 288. The by-hand program
# blocks once and never nests. Review B (item 4): 1.50, the pidfd moved
# above 2 when it lands on a standard descriptor (248 bytes, to 10480).
# Issue 20: 1.48, that check's range test as two comparisons (96 bytes,
# to 10384) and the pidfd's waits inlined (16, to 10368). Then 1.46: the
# by-hand program's pidfd moved above 2 as procsig's is (7016 to 7136;
# 1.453), the same guarantee on both sides. Then 1.44: `Child::wait`
# inlined, the pidfd's proof and the pid check without a function each
# (10368 to 10256; 1.437).
if [ $((sdp * 100)) -gt $((sdl * 144)) ]; then
    echo "FAIL: the deadline program on procsig is more than 44% larger than by hand"
    status=1
fi

# The third pair (issue 20): `procsig::ordered::run`, as an embedder calls
# it (K jobs, at most 64 at a time, no time limit), and its protocol by
# hand with the same guarantees (run_libc_pidfd.rs says which: the turn
# pipes, a proven pidfd per job and the pid fallback, descriptors
# close-on-exec and above 2, the parent-death signal, every job reaped in
# order, everything killed and reaped on a failure). Both print what the
# `ordered` programs print, for a run that needs more jobs than slots too.
rp=$target/release/run-procsig
rl=$target/release/run-libc-pidfd
expected70=$(for i in $(seq 0 69); do echo "child $i done"; done)
for bin in "$rp" "$rl"; do
    [ "$("$bin" 5 --work-ms 1)" = "$expected" ] || { echo "FAIL: $bin 5"; status=1; }
    [ "$("$bin" 70 --work-ms 0)" = "$expected70" ] || { echo "FAIL: $bin 70"; status=1; }
done
srp=$(size_of "$rp"); srl=$(size_of "$rl")
printf 'the ordered runner, stripped, dynamically linked:\n'
printf '  %-40s %6d bytes\n' "procsig::ordered::run" "$srp" \
    "its protocol by hand (same guarantees)" "$srl" "C, stop-and-wait (gcc -Os)" "$sc"
printf '  procsig / by hand = %s\n' "$(ratio "$srp" "$srl")"
printf '  procsig / C       = %s\n' "$(ratio "$srp" "$sc")"
if [ "$srp" -gt "$sc" ]; then echo "FAIL: the runner's binary is larger than C's"; status=1; fi
# A run with no time limit has none of the timed code: no clock, no timed
# wait (18936 bytes when it had them).
for timed in clock_gettime sigtimedwait sigprocmask; do
    if readelf --dyn-syms -W "$rp" | grep -qw "$timed"; then
        echo "FAIL: the runner with no time limit imports $timed (the timed code is in)"
        status=1
    fi
done
# Ratchet: 1.15, the issue's target, met (1.147; docs/minimal-binaries.md).
# The runner was 18936 bytes: a run with no time limit kept all the timed
# code (deadlines, `clock_gettime`, the `SIGCHLD` timed wait), since the
# reap looked at a job's deadline before the limit; looking at the limit
# first lets a constant `None` drop it (to 14504). Closing pipes without
# `into_iter().for_each` (two functions fewer), `done_line` without
# indexing (no panic path), the range test as comparisons: 13816; the
# pidfd's waits inlined: 13784; a reported slot freed by its phase alone
# (`end` already released the rest) and a job given up after its fork
# killed as a `Child`, not through a whole `Slot` built for it: 13592;
# with no time limit, an ended job reaped by one blocking wait, without a
# `try_wait` first: 13432. Then: a `Slot` with no drop code (its `Child`
# in a `ManuallyDrop`, dropped by the run itself: the caller's array of
# 64 slots had drop glue, five functions), the clean-up inlining
# `kill_and_reap` and freeing a slot by its fields: 12888; the pidfd's
# proof, the pid check and `pipe_above_stdio` without a function or a
# second error path each: 12824 (1.147). What
# stays, against the by-hand program: the pid fallback's checks (the
# disposition read at the fork and at each signal and wait; the owner's
# pid), a `WaitStatus` decoded completely (`Signal::from_raw`, the
# real-time range import) where the program compares one status, the
# handle's reaped state, and more small functions, each with its unwind
# table entry (eh_frame and its index: 1668 bytes against 1276).
if [ $((srp * 100)) -gt $((srl * 115)) ]; then
    echo "FAIL: the runner on procsig is more than 15% larger than its protocol by hand"
    status=1
fi

# The `trace` feature. On: each raw call prints one line to stderr. Off:
# none of it is in the binary, not a byte (the format strings are the
# giveaway: the default build must not contain them).
cargo build --release --quiet --locked --bin ordered-procsig --features procsig/trace \
    --target-dir "$target/trace"
traced=$target/trace/release/ordered-procsig
out=$("$traced" 3 --work-ms 1 2>"$target/trace/stderr")
expected3=$(for i in 0 1 2; do echo "child $i done"; done)
[ "$out" = "$expected3" ] || { echo "FAIL: traced fixture printed: $out"; status=1; }
for line in 'fork() = 0' 'kill(' 'waitid(P_PIDFD, ' '_exit(0)'; do
    grep -qF "$line" "$target/trace/stderr" \
        || { echo "FAIL: the trace has no line with '$line'"; status=1; }
done
if grep -qaF 'waitid(' "$procsig"; then
    echo "FAIL: the default build contains trace format strings"; status=1
fi
printf '  with the trace feature %20s %6d bytes (%d trace lines for 3 children)\n' "" \
    "$(size_of "$traced")" "$(wc -l < "$target/trace/stderr")"
printf '  trace off: no trace code or strings in the %d-byte binary\n' "$sp"

# Static with musl: a complete fork/signal/wait program with no shared
# library at all, against the C version built with musl-gcc -Os -static.
# Needs `rustup target add x86_64-unknown-linux-musl` and musl-tools (CI
# installs both); says so and skips otherwise. The libc crate without its
# `std` feature does not link the C library on musl, so `-lc` is given.
musl=x86_64-unknown-linux-musl
if [ "$(uname -m)" = x86_64 ] && command -v musl-gcc >/dev/null \
        && rustup target list --installed 2>/dev/null | grep -qx "$musl"; then
    RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-lc" cargo build --release --quiet \
        --locked --target "$musl" --target-dir "$target/musl"
    musl-gcc -Os -static -o "$target/c/ordered-c-musl" ordered.c
    strip "$target/c/ordered-c-musl"
    printf 'static, musl (no shared library; file size, then code and data):\n'
    for bin in "$target/musl/$musl/release/ordered-procsig" \
            "$target/musl/$musl/release/ordered-libc-pidfd" "$target/c/ordered-c-musl"; do
        out=$("$bin" 5 --work-ms 1)
        [ "$out" = "$expected" ] || { echo "FAIL: $bin printed: $out"; status=1; }
        if readelf -l "$bin" | grep -q INTERP; then echo "FAIL: $bin is not static"; status=1; fi
        text=$(size "$bin" | awk 'NR == 2 { print $1 + $2 }')
        printf '  %-45s %6d bytes (text+data %d)\n' "$bin" "$(size_of "$bin")" "$text"
    done
else
    echo "  SKIPPED: the static musl build needs the $musl target (rustup target add $musl)" \
        "and musl-gcc (apt-get install musl-tools)"
fi
# ---- The container init (issue 20): examples/init's own files built as a
# `#![no_std]`, `#![no_main]` binary (src/init.rs), dynamically against
# glibc and statically against musl (`+crt-static`), each run, and their
# stripped sizes beside tini's. Debian's /usr/bin/tini (dynamic, glibc) is
# measured here when installed; tini 0.19 built static against musl with
# -Os is the issue's measurement (60,184 bytes stripped), stated, not
# rebuilt: tini's source is not in this repository.
init_dyn=$target/release/init
cargo build --release --quiet --locked --bin init --target-dir "$target"
# One run of an init build: `init_runs BIN` checks the exit statuses of a
# child's exit, a missing program and a forwarded TERM. The child sends
# TERM to init itself ($PPID), so no sleep orders anything: init passes it
# back, and `sleep 30` only waits to be killed; `timeout` is the watchdog
# (a lost TERM ends in 124 or 0, not 143).
init_runs() {
    local bin=$1 code
    code=0; timeout 20 "$bin" -s -- sh -c 'exit 3' || code=$?
    [ "$code" = 3 ] || { echo "FAIL: $bin -s -- sh -c 'exit 3' exited $code, not 3"; status=1; }
    code=0; timeout 20 "$bin" -s -- /nonexistent 2>/dev/null || code=$?
    [ "$code" = 127 ] || { echo "FAIL: $bin -s -- /nonexistent exited $code, not 127"; status=1; }
    code=0; timeout 20 "$bin" -s -- sh -c 'kill -TERM $PPID; exec sleep 30' || code=$?
    [ "$code" = 143 ] || { echo "FAIL: $bin did not pass TERM on: exited $code, not 143"; status=1; }
    # Signal 32, reserved by glibc and musl (no procsig Signal): passed on,
    # not fatal to init (-e 160: 0 only if the child died of it), and a
    # child killed by it gives 128 + 32.
    code=0; timeout 20 "$bin" -s -e 160 -- sh -c 'kill -32 $PPID; exec sleep 30' || code=$?
    [ "$code" = 0 ] || { echo "FAIL: $bin did not pass signal 32 on: status $code"; status=1; }
    code=0; timeout 20 "$bin" -s -- sh -c 'kill -32 $$' || code=$?
    [ "$code" = 160 ] || { echo "FAIL: $bin -s -- sh -c 'kill -32 \$\$' exited $code, not 160"; status=1; }
    # The version line names procsig's version, written out in src/init.rs.
    local version
    version=$(sed -n 's/^version = "\(.*\)"$/\1/p' ../../Cargo.toml | head -n 1)
    [ "$("$bin" --version)" = "procsig init $version, compatible with tini version 0.19.0" ] \
        || { echo "FAIL: $bin --version does not name procsig $version (src/init.rs)"; status=1; }
}
init_runs "$init_dyn"
printf 'the container init (examples/init as no_std, no_main), stripped:\n'
printf '  %-50s %6d bytes\n' "init, dynamic (glibc)" "$(size_of "$init_dyn")"
if [ -x /usr/bin/tini ]; then
    strip -o "$target/c/tini" /usr/bin/tini
    printf '  %-50s %6d bytes\n' "Debian's /usr/bin/tini 0.19, dynamic (glibc)" \
        "$(size_of "$target/c/tini")"
    printf '  init / tini, dynamic = %s\n' "$(ratio "$(size_of "$init_dyn")" "$(size_of "$target/c/tini")")"
else
    echo "  SKIPPED: Debian's tini (apt-get install tini) is not installed: no dynamic comparison"
fi
if [ "$(uname -m)" = x86_64 ] && command -v musl-gcc >/dev/null \
        && rustup target list --installed 2>/dev/null | grep -qx "$musl"; then
    RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-lc" cargo build --release --quiet \
        --locked --bin init --target "$musl" --target-dir "$target/musl"
    init_static=$target/musl/$musl/release/init
    if readelf -l "$init_static" | grep -q INTERP; then
        echo "FAIL: $init_static is not static"; status=1
    fi
    init_runs "$init_static"
    si=$(size_of "$init_static")
    printf '  %-50s %6d bytes (text+data %d)\n' "init, static (musl, +crt-static)" "$si" \
        "$(size "$init_static" | awk 'NR == 2 { print $1 + $2 }')"
    printf '  %-50s %6d bytes (the issue'"'"'s measurement)\n' \
        "tini 0.19, static (musl-gcc -Os)" 60184
    printf '  init / tini, static = %s\n' "$(ratio "$si" 60184)"
    # No panic path in the init's own code: an unstripped build of the same
    # program, and no call from init's functions to a panicking one (the
    # panic handler is then unreached from them).
    if command -v objdump >/dev/null; then
        RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-lc" \
            CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --quiet --locked \
            --bin init --target "$musl" --target-dir "$target/musl-symbols"
        panics=$(objdump -d --no-show-raw-insn -C "$target/musl-symbols/$musl/release/init" \
            | awk '/^[0-9a-f]+ <.*>:$/ { fn = $0 }
                   /call.*(panicking|expect_failed|unwrap_failed|panic_fmt)/ && fn ~ /<init::/ {
                       print fn
                   }' | sort -u)
        if [ -n "$panics" ]; then
            echo "FAIL: the init's own code calls a panicking function:"; echo "$panics"; status=1
        else
            echo "  no call from the init's own code to a panicking function"
        fi
    else
        echo "  SKIPPED: the init's panic-path check needs objdump (apt-get install binutils)"
    fi
    # Issue 20's target is half of tini 0.19 static: 30,000 bytes. Not met:
    # this is a ratchet at what is measured, 38,624 (63,200 before procsig's
    # error and signal tables were packed into strings; 46,816 before the
    # Rust objects' unwind tables were left out at the link, build.rs and
    # no-unwind-tables.ld, and the init stopped holding every signal's name
    # and a table of &str for its strsignal texts, and Errno's numbers
    # became u16; its messages' head and end are no longer inlined). The file is four segments, and the linker starts the
    # code's and the read-only data's on a page of their own
    # (-z separate-code) and ends the relocated data (RELRO) on one, so it
    # shrinks a page (4,096 bytes) at a time. Where the 38,624 go
    # (unstripped build, `nm --size-sort`, `readelf -lSW`;
    # docs/minimal-binaries.md): headers and relocations, 1 page; code
    # 22,863 bytes, 6 pages (the init's own 12,550, procsig's out-of-line
    # functions 2,064, core's 519, musl, its start-up and the PLT the
    # rest; 24,274 since the review's fixes, 24,434 since the second
    # review's, 142 bytes short of a seventh page, so a page less now needs
    # 3.9 KB less code); read-only data 7,416 and relocated data 752, 2 pages; then
    # `.data` and the section table. A page less needs 2.4 KB less code
    # (5 pages), or 4.1 KB less read-only and relocated data (1 page).
    # Built as musl-gcc -Os -static builds tini (non-PIE, still separate
    # code pages) it is 38,120; 34,024 without separate code pages too.
    # Those are hardening, kept.
    if [ "$si" -gt 38624 ]; then
        echo "FAIL: the static init is $si bytes stripped, more than 38,624" \
            "(the ratchet; the target is 30,000, issue 20)"; status=1
    fi
else
    echo "  SKIPPED: the static init needs the $musl target (rustup target add $musl)" \
        "and musl-gcc (apt-get install musl-tools)"
fi
exit $status
