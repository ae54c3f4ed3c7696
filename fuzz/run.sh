#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each on its seed corpus: the CI
# smoke test, so that a regression in a reader fails the build.
#
#   fuzz/run.sh SECONDS [TARGET...]
#
# New inputs go to a temporary directory, so the committed corpus stays as it is. A crash,
# a failed property, a time-out (10 s for one input) or a leak fails the run; libFuzzer
# saves the input under fuzz/artifacts/TARGET/ and the log says how to replay it.
#
# Works on a stable toolchain: cargo-fuzz's instrumentation needs rustc's -Z flags, which
# RUSTC_BOOTSTRAP=1 unlocks. cargo-fuzz is installed from crates.io when missing.
# FUZZ_INSTRUMENT_C=1 also instruments the C of tree-sitter (coverage and AddressSanitizer)
# with clang-14 (Debian package clang-14), for long runs.
set -euo pipefail

seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(header constraint gomod gowork modules_txt config check)
fi

if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --version 0.13.2 --locked
fi
if [[ "${FUZZ_INSTRUMENT_C:-0}" == 1 ]]; then
    export CC=clang-14
    export CFLAGS="-fsanitize=address -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp -fno-omit-frame-pointer"
fi

# -O: optimised, as the linter ships; -a: with debug assertions and overflow checks.
cargo fuzz build -O -a

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for target in "${targets[@]}"; do
    mkdir -p "$work/$target"
    log="$work/$target.log"
    extra=()
    if [[ "$target" == check ]]; then
        # golayout::check starts a thread pool per call, whose threads free their
        # thread-local parsers as they exit, after the call returns: LeakSanitizer's check
        # right after each input would take that for a leak.
        extra=(-detect_leaks=0)
    fi
    if cargo fuzz run -O -a "$target" "$work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        "${extra[@]}" >"$log" 2>&1; then
        runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' || echo '?')
        cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
        echo "fuzz: $target: clean after $runs runs in ${seconds}s (coverage $cov)"
    else
        failed+=("$target")
        echo "fuzz: $target: FAILED" >&2
        tail -n 60 "$log" >&2
    fi
done

echo "fuzz: $((${#targets[@]} - ${#failed[@]})) passed, ${#failed[@]} failed"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: failing targets: ${failed[*]} (inputs under fuzz/artifacts/)" >&2
    exit 1
fi
