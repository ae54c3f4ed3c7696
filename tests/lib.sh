# shellcheck shell=bash
# Shared by the test scripts (tests/*.sh), sourced after they set `script` (their name,
# for messages): one PASS or FAIL line per check, and commands run with their output
# shown indented.

: "${script:?set script to the name of the test script before sourcing tests/lib.sh}"
start=$SECONDS

# make_work_dir: makes $work, a temporary directory for the run, removed when the script
# exits unless GOLAYOUT_KEEP_TMP=1 (then its path is printed). A script with more to
# tidy up sets its own EXIT trap, which calls remove_work_dir.
make_work_dir() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/golayout-${script%.sh}.XXXXXX")
    trap remove_work_dir EXIT
}
remove_work_dir() {
    if [[ "${GOLAYOUT_KEEP_TMP:-}" == 1 ]]; then
        echo "$script: kept $work"
    else
        rm -rf "$work"
    fi
}
failures=0
pass() { printf 'PASS: %s\n' "$1"; }
fail() {
    printf 'FAIL: %s\n' "$1"
    failures=$((failures + 1))
}
elapsed() { printf '%dm%02ds' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)); }

# run CMD...: runs CMD, keeping its combined output in $out and its exit status in
# $status, and shows the output indented.
out=
status=0
run() {
    echo "\$ $*"
    set +e
    out=$("$@" 2>&1)
    status=$?
    set -e
    if [[ -n "$out" ]]; then
        printf '%s\n' "$out" | sed 's/^/    | /'
    fi
    echo "    (exit status $status)"
}

# must_run CMD...: a setup step that has to succeed for anything after it to mean
# something (`run`, or the script's own version of it).
must_run() {
    run "$@"
    if [[ "$status" -ne 0 ]]; then
        fail "setup step failed: $*"
        echo "$script: cannot continue ($(elapsed))" >&2
        exit 1
    fi
}
