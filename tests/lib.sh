# Shared by the test scripts (tests/*.sh), sourced after they set `script` (their name,
# for messages): one PASS or FAIL line per check, and commands run with their output
# shown indented.

start=$SECONDS
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
