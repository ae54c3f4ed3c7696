#!/usr/bin/env bash
# Builds the golayout wheel (python/pyproject.toml: maturin, `bindings = "bin"`)
# and checks it the way a user without a Rust toolchain gets it.
#
#   bash tests/wheel.sh
#
# It builds from the checkout this script lives in (its working tree, not a
# commit), and checks that
#   (a) maturin builds exactly one wheel, golayout-<Cargo.toml version>, tagged
#       for manylinux2014 (glibc 2.17) on x86-64,
#   (b) the wheel holds the golayout executable, its metadata (version, license
#       expression, README) and nothing else, and is not huge,
#   (c) `auditwheel show` finds it consistent with manylinux2014,
#   (d) `pip install <the .whl file>` works in a fresh virtualenv without any
#       package index,
#   (e) the installed `golayout --version` prints the version, and
#   (f) the installed `golayout check ./examples/shop/... --format concise`
#       exits 1 with the example's six findings.
# It prints one PASS or FAIL line per check and exits non-zero if any failed.
#
# The host's glibc is newer than 2.17, so the binary is linked with zig
# (`maturin build --zig --compatibility manylinux2014`), which links against
# glibc 2.17's symbol versions; maturin, ziglang and auditwheel come from PyPI
# into a virtualenv kept in the target directory (see below).
#
# Environment:
#   WHEEL_DIR         where the wheel is written (default: <repo>/dist).
#                     Older golayout wheels there are removed first, so it then
#                     holds exactly the wheel just built; tests/pre-commit.sh
#                     reads it from there.
#   CARGO_TARGET_DIR  cargo's target directory (default: <repo>/target). The zig
#                     build is a build for an explicit target, so it lands in its
#                     x86_64-unknown-linux-gnu/ subdirectory and shares nothing
#                     with `cargo build --release` (whose compiler, linker and
#                     glibc differ anyway); a second run reuses the first one's
#                     build (and the wheel-tools/ virtualenv kept there).
#   GOLAYOUT_KEEP_TMP=1 keeps the temporary directory (removed on exit otherwise).
#
# Needs python3 (with venv) and a Rust toolchain (cargo) on PATH, and network
# access to PyPI and crates.io.
set -euo pipefail

MATURIN_VERSION=1.16.0
ZIGLANG_VERSION=0.17.1
AUDITWHEEL_VERSION=6.8.2
# The wheel stays under this size (it is ~2.5 MB: a stripped binary of ~6 MB, compressed).
MAX_WHEEL_BYTES=$((25 * 1024 * 1024))

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
repo=$(cd "$here/.." && pwd)

for tool in python3 cargo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "wheel.sh: $tool is required but not on PATH" >&2
        exit 2
    fi
done

# The version every artifact must carry: [package] version in Cargo.toml.
version=$(sed -n 's/^version = "\([^"]*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)
if [[ -z "$version" ]]; then
    echo "wheel.sh: no version = \"...\" line in $repo/Cargo.toml" >&2
    exit 2
fi

wheel_dir=${WHEEL_DIR:-$repo/dist}
mkdir -p "$wheel_dir"
wheel_dir=$(cd "$wheel_dir" && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
# Absolute, since maturin runs from python/.
mkdir -p "$CARGO_TARGET_DIR"
CARGO_TARGET_DIR=$(cd "$CARGO_TARGET_DIR" && pwd)

script=wheel.sh
# shellcheck source=tests/lib.sh
source "$here/lib.sh"
make_work_dir

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
# The caller's pip settings must not pick another index or installation target.
unset PIP_NO_INDEX PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TARGET PIP_PREFIX \
    PIP_USER PIP_REQUIRE_VIRTUALENV VIRTUAL_ENV


echo "== golayout $version from $repo"
echo "   wheel directory: $wheel_dir"
echo "   cargo target directory: $CARGO_TARGET_DIR"

# The build tools live in a virtualenv kept in the target directory, at a path
# fixed by their versions: maturin writes that path into the zig wrappers it
# hands cargo as compiler and linker, and cargo rebuilds every crate when they
# change, so a throwaway virtualenv would make each run a cold build.
tools="$CARGO_TARGET_DIR/wheel-tools/maturin-$MATURIN_VERSION-ziglang-$ZIGLANG_VERSION"
echo "== maturin $MATURIN_VERSION, ziglang $ZIGLANG_VERSION, auditwheel $AUDITWHEEL_VERSION in $tools"
if ! "$tools/bin/python" -c '' 2>/dev/null; then
    rm -rf "$tools"
    must_run python3 -m venv "$tools"
fi
must_run "$tools/bin/python" -m pip install --quiet \
    "maturin==$MATURIN_VERSION" "ziglang==$ZIGLANG_VERSION" "auditwheel==$AUDITWHEEL_VERSION"
echo "   tools ready after $(elapsed)"

echo "== (a) maturin build --release --zig --compatibility manylinux2014"
shopt -s nullglob
old=("$wheel_dir"/golayout-*.whl)
if ((${#old[@]} > 0)); then
    rm -f -- "${old[@]}"
fi
build_start=$SECONDS
# From python/, so that maturin reads python/pyproject.toml (whose manifest-path
# is ../Cargo.toml) and not the pre-commit package at the root. The venv's bin
# comes first on PATH: maturin runs zig as `python3 -m ziglang` from there.
cd "$repo/python"
must_run env PATH="$tools/bin:$PATH" maturin build --release --locked \
    --zig --compatibility manylinux2014 --out "$wheel_dir"
echo "   wheel built in $((SECONDS - build_start))s"
cd "$repo"
wheels=("$wheel_dir"/golayout-*.whl)
shopt -u nullglob
if ((${#wheels[@]} != 1)); then
    fail "(a) expected exactly one golayout wheel in $wheel_dir, found ${#wheels[@]}"
    echo "wheel.sh: cannot continue ($(elapsed))" >&2
    exit 1
fi
wheel=${wheels[0]}
name=$(basename "$wheel")
# manylinux2014 is manylinux_2_17; maturin writes both names into the tag.
if [[ "$name" == "golayout-$version-py3-none-"*manylinux_2_17_x86_64*.whl ]] \
    && [[ "$name" == *manylinux2014_x86_64* ]]; then
    pass "(a) built $name"
else
    fail "(a) expected golayout-$version-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl, got $name"
fi

echo "== (b) the wheel's contents"
run "$tools/bin/python" - "$wheel" "$version" "$MAX_WHEEL_BYTES" <<'EOF'
import email.parser, os, stat, sys, zipfile

path, version, max_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3])
problems = []
size = os.path.getsize(path)
print(f"wheel: {size / 1e6:.1f} MB compressed")
if size > max_bytes:
    problems.append(f"{size} bytes, more than {max_bytes}")
with zipfile.ZipFile(path) as wheel:
    infos = wheel.infolist()
    for info in infos:
        print(f"  {info.file_size:>10}  {info.filename}")
    names = {info.filename for info in infos}
    data, dist = f"golayout-{version}.data", f"golayout-{version}.dist-info"
    script = f"{data}/scripts/golayout"
    expected = {script, f"{dist}/METADATA", f"{dist}/WHEEL", f"{dist}/RECORD"}
    for name in sorted(expected - names):
        problems.append(f"missing {name}")
    for name in sorted(names - expected):
        # maturin adds a CycloneDX SBOM of the crates compiled in (dist-info/sboms/);
        # dist-info/licenses/ would hold license files (the repository has none yet).
        if not name.startswith((f"{dist}/sboms/", f"{dist}/licenses/")):
            problems.append(f"unexpected file {name}")
    if script in names:
        mode = wheel.getinfo(script).external_attr >> 16
        if not mode & stat.S_IXUSR:
            problems.append(f"{script} is not executable (mode {oct(mode)})")
        if wheel.read(script)[:4] != b"\x7fELF":
            problems.append(f"{script} is not an ELF executable")
    if f"{dist}/METADATA" in names:
        meta = email.parser.Parser().parsestr(wheel.read(f"{dist}/METADATA").decode())
        checks = {
            "Name": "golayout",
            "Version": version,
            "License-Expression": "MIT OR Apache-2.0",
            "Description-Content-Type": "text/markdown; charset=UTF-8; variant=GFM",
        }
        for key, want in checks.items():
            if meta.get(key) != want:
                problems.append(f"METADATA {key}: {meta.get(key)!r}, expected {want!r}")
        if "golayout check" not in (meta.get_payload() or ""):
            problems.append("METADATA has no README (python/README.md) as its description")
for problem in problems:
    print(f"problem: {problem}")
sys.exit(1 if problems else 0)
EOF
if [[ "$status" -eq 0 ]]; then
    pass "(b) the wheel holds the golayout executable and its metadata, nothing else"
else
    fail "(b) the wheel's contents (see the problems above)"
fi

echo "== (c) auditwheel show"
run "$tools/bin/auditwheel" show "$wheel"
# auditwheel names the most compatible tag the wheel is consistent with; for a
# binary linked against glibc 2.17 that is manylinux_2_17 (manylinux2014). It
# wraps its sentences to the terminal's width: compare them on one line.
flat=$(tr -s '[:space:]' ' ' <<<"$out")
if [[ "$status" -eq 0 ]] && grep -q 'consistent with the following platform tag: "manylinux_2_17_x86_64"' <<<"$flat"; then
    pass "(c) auditwheel: consistent with manylinux_2_17_x86_64 (manylinux2014)"
else
    fail "(c) auditwheel show: expected the platform tag manylinux_2_17_x86_64 (exit status $status)"
fi

echo "== (d) pip install $name into a fresh virtualenv, without an index"
must_run python3 -m venv "$work/user-venv"
run "$work/user-venv/bin/python" -m pip install --no-index "$wheel"
golayout="$work/user-venv/bin/golayout"
if [[ "$status" -eq 0 && -x "$golayout" ]]; then
    pass "(d) pip installed the wheel; $golayout is executable"
else
    fail "(d) pip install $name: expected success and an executable $golayout (exit status $status)"
    echo "wheel.sh: cannot continue ($(elapsed))" >&2
    exit 1
fi

echo "== (e) golayout --version"
run "$golayout" --version
# `golayout <version>`, possibly followed by what it was built from: ` (<commit>)`.
if [[ "$status" -eq 0 ]] && grep -qE "^golayout ${version//./\\.}( |$)" <<<"$out"; then
    pass "(e) the installed golayout --version prints '$(head -n 1 <<<"$out")'"
else
    fail "(e) golayout --version: expected a line 'golayout $version' (maybe followed by ' (...)') and exit status 0 (exit status $status)"
fi

echo "== (f) golayout check ./examples/shop/... --format concise"
run "$golayout" check ./examples/shop/... --format concise
findings=$(grep -cE '^examples/shop/[^:]+\.go:[0-9]+:[0-9]+: .* \([a-z-]+\)$' <<<"$out" || true)
rules_seen=0
for rule in multiple-packages test-package-mismatch package-dir-mismatch invalid-go-file; do
    if grep -q "($rule)\$" <<<"$out"; then
        rules_seen=$((rules_seen + 1))
    fi
done
if [[ "$status" -eq 1 && "$findings" -eq 6 && "$rules_seen" -eq 4 ]]; then
    pass "(f) the installed golayout on examples/shop: exit status 1, six findings of the four rules"
else
    fail "(f) golayout on examples/shop: expected exit status 1 and six findings of four rules, got exit status $status, $findings findings, $rules_seen rules"
fi

if [[ "$failures" -ne 0 ]]; then
    echo "wheel.sh: $failures check(s) FAILED ($(elapsed))"
    exit 1
fi
echo "wheel.sh: all checks passed; the wheel is $wheel ($(elapsed))"
