#!/usr/bin/env bash
# Proof that fixes never break a build: runs `golayout check --fix --unsafe-fixes` over a
# copy of the Go source tree (std as `./...` in src, cmd as `./...` in src/cmd), then
# requires that every package whose files changed still passes `go vet` (GOROOT set to
# the copy) wherever it passed in the original, and that a second run finds nothing to
# fix. Unless FIX_PROOF_GOCODE=0, it does the same for a GOPATH-mode copy of Debian's
# /usr/share/gocode/src (GO111MODULE=off).
#
# The config turns on what is off by default (majority inference), so that every kind of
# fix is exercised. Needs the release build and the Go root that
# scripts/install-test-deps.sh installs ($GOLAYOUT_GOROOT overrides it).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
golayout="${GOLAYOUT:-${CARGO_TARGET_DIR:-$repo/target}/release/golayout}"
config="$repo/tests/fix-proof.toml"
goroot="${GOLAYOUT_GOROOT:-$(python3 -c 'import go, os; print(os.path.dirname(go.__file__))' 2>/dev/null || true)}"
if [[ ! -x "$goroot/bin/go" ]]; then
    echo "fix-proof: no Go root (run scripts/install-test-deps.sh or set GOLAYOUT_GOROOT)" >&2
    exit 1
fi
if [[ ! -x "$golayout" ]]; then
    echo "fix-proof: no golayout binary at $golayout (cargo build --release)" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOPROXY=off GOWORK=off GOTOOLCHAIN=local GOTELEMETRY=off
export GOCACHE="${FIX_PROOF_GOCACHE:-$work/cache}"
failed=0

# Counts the findings in $1 that offer a fix, by applicability.
offered() {
    (cd "$1" && "$golayout" check --config "$config" --format json ./... 2>/dev/null || true) |
        python3 -c 'import json, sys
found = json.load(sys.stdin)
kinds = [d["fix"]["applicability"] for d in found if d["fix"]]
safe, unsafe = kinds.count("safe"), kinds.count("unsafe")
print(len(found), "findings,", len(kinds), f"with a fix offered ({safe} safe, {unsafe} unsafe)")'
}

# Runs the fixes in $1 (a directory), named $2 in what it prints, with the fixes it
# declined (one `not fixed` line each) counted by reason.
fix() {
    echo "fix-proof: $2 before --fix: $(offered "$1")"
    local notes
    notes=$(cd "$1" && "$golayout" check --fix --unsafe-fixes --config "$config" --format concise ./... 2>&1 >/dev/null) || true
    echo "fix-proof: $2 after --fix: $(offered "$1")"
    printf '%s\n' "$notes" | { grep ': not fixed: ' || true; } | python3 -c 'import collections, re, sys
reasons = collections.Counter()
for line in sys.stdin:
    reason = line.split(": not fixed: ", 1)[1].strip()
    # The kind of reason: names, paths and lines left out.
    kind = re.sub(r"\(line \d+\)|\S+:\d+|\S+\.go|\"[^\"]*\"", "...", reason)
    kind = re.sub(r"^\S+ is (declared|possibly)", r"NAME is \1", kind)
    reasons[kind] += 1
print(f"fix-proof: '"$2"' fixes declined: {sum(reasons.values())}")
for kind, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"fix-proof:   {n:4}  {kind}")'
}

# Prints the directories (relative to $1) whose .go files differ between trees $1 and $2.
changed_dirs() {
    { diff -rq "$1" "$2" 2>/dev/null || true; } | sed -n 's/^Files \(.*\) and .* differ$/\1/p' |
        grep '\.go$' | sed "s|^$1/||" | xargs -r -n1 dirname | sort -u
}

# Checks every changed package of one tree; $1 is a label, $2 the vet function (root,
# directory), $3 and $4 the original and fixed roots, $5 the list of changed directories.
prove() {
    local label="$1" vet="$2" before="$3" after="$4" dirs="$5" total=0 broken=0 skipped=0 out
    while read -r dir; do
        [[ -z "$dir" ]] && continue
        total=$((total + 1))
        if ! "$vet" "$before" "$dir" >/dev/null 2>&1; then
            skipped=$((skipped + 1))
            continue
        fi
        if ! out=$("$vet" "$after" "$dir" 2>&1); then
            broken=$((broken + 1))
            echo "fix-proof: $label: $dir passed go vet before the fixes and fails after:" >&2
            printf '%s\n' "$out" >&2
        fi
    done <<<"$dirs"
    echo "fix-proof: $label: $total changed packages, $broken broken, $skipped failed go vet before the fixes"
    [[ "$broken" -eq 0 ]] || failed=1
}

# Second run over $1: nothing left to fix ($2 names the tree).
settled() {
    local out status=0
    out=$(cd "$1" && "$golayout" check --diff --unsafe-fixes --config "$config" ./... 2>&1) || status=$?
    if [[ "$status" -ne 0 ]]; then
        echo "fix-proof: $2: a second run still has fixes (exit $status):" >&2
        printf '%s\n' "$out" | head -40 >&2
        failed=1
    fi
}

# --- The Go source tree -------------------------------------------------------------
cp -a "$goroot" "$work/go"
chmod -R u+w "$work/go"
fix "$work/go/src" std
fix "$work/go/src/cmd" cmd
go_vet() {
    local root="$1" dir="$2" module=src rel="./$2"
    if [[ "$dir" == cmd/* ]]; then
        module=src/cmd
        rel="./${dir#cmd/}"
    fi
    (cd "$root/$module" && GOROOT="$root" "$root/bin/go" vet "$rel")
}
std_dirs="$(changed_dirs "$goroot/src" "$work/go/src")"
prove "Go source tree" go_vet "$goroot" "$work/go" "$std_dirs"
settled "$work/go/src" "std"
settled "$work/go/src/cmd" "cmd"

# --- Debian's GOPATH tree -----------------------------------------------------------
if [[ "${FIX_PROOF_GOCODE:-1}" == 1 && -d /usr/share/gocode/src ]]; then
    mkdir -p "$work/gopath"
    cp -aL /usr/share/gocode/src "$work/gopath/src"
    chmod -R u+w "$work/gopath"
    fix "$work/gopath/src" gocode
    gopath_vet() {
        (cd "$1/src/$2" && GO111MODULE=off GOPATH="$1" GOROOT="$goroot" "$goroot/bin/go" vet .)
    }
    mkdir -p "$work/orig"
    ln -s /usr/share/gocode/src "$work/orig/src"
    gocode_dirs="$(changed_dirs /usr/share/gocode/src "$work/gopath/src")"
    prove "Debian gocode (GOPATH)" gopath_vet "$work/orig" "$work/gopath" "$gocode_dirs"
    settled "$work/gopath/src" "gocode"
fi

if [[ "$failed" -ne 0 ]]; then
    echo "fix-proof: FAILED" >&2
    exit 1
fi
echo "fix-proof: every changed package that passed go vet still does"
