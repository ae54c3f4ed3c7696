#!/usr/bin/env bash
# End-to-end test of the pre-commit hooks in .pre-commit-hooks.yaml.
#
#   bash tests/pre-commit.sh [HOOK_REPO]
#
# HOOK_REPO defaults to the checkout this script lives in. pre-commit clones it
# at its HEAD commit, so only COMMITTED content is tested: the hooks file, the
# pre-commit package (pyproject.toml) and the golayout sources as of
# `git rev-parse HEAD`, not the working tree.
#
# The script installs pre-commit from PyPI into a throwaway virtualenv, makes a
# scratch git repository holding a small Go module, and checks that
#   (a) committing a directory with two packages is rejected with golayout's
#       multiple-packages finding,
#   (b) the commit succeeds once the package clause is fixed,
#   (c) a finding suppressed with `//golayout:ignore multiple-packages <reason>`
#       commits fine (and the same fault unsuppressed is rejected),
#   (d) the whole-tree hook run with --all-files fails on a faulty tree and
#       passes on a clean one.
# It does so twice:
#   [python] with the hooks `golayout` and `golayout-full` (`language: python`),
#       with NO cargo or rustc on PATH and pip confined to local files
#       (PIP_NO_INDEX, PIP_FIND_LINKS): pre-commit's `pip install .` of the
#       hook repository must get golayout from the wheel built by
#       tests/wheel.sh, and the hook environment's golayout must be that
#       wheel's binary. (d) runs `pre-commit try-repo HOOK_REPO golayout-full`.
#   [rust] with the hooks `golayout-src` and `golayout-full-src`
#       (`language: rust`, built by `cargo install`). (d) runs
#       `pre-commit run --hook-stage manual golayout-full-src --all-files`
#       from the same config, so golayout is compiled once, not twice as
#       try-repo's fresh store would.
# It prints one PASS or FAIL line per check and exits non-zero if any failed.
#
# Environment:
#   WHEEL_DIR         the directory holding the golayout wheel (default:
#                     dist/ of this checkout, where tests/wheel.sh
#                     writes it). Its version must be the one the hook
#                     repository's pyproject.toml pins (golayout==X).
#   CARGO_TARGET_DIR  cargo's target directory for the rust hooks' `cargo
#                     install` (default: target/ of this checkout). A release
#                     build already there is reused: only the golayout crate
#                     itself is compiled again. Afterwards the golayout crate's
#                     fingerprints there are removed, so that the checkout's
#                     next `cargo build` compiles its own working tree rather
#                     than taking the hook's build (of HEAD) as up to date.
#   GOLAYOUT_KEEP_TMP=1 keeps the temporary directory (removed on exit otherwise).
#
# Needs python3 (with venv), git and a Rust toolchain (cargo) on PATH, and
# network access to PyPI and crates.io.
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0
# The build backend of the hook repository's pyproject.toml; fetched here before
# pip is confined to local files, so that `pip install .` can build the package.
SETUPTOOLS_VERSION=84.2.1

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
checkout=$(cd "$here/.." && pwd)
hook_repo=$(cd "${1:-$checkout}" && pwd)

for tool in python3 git cargo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "pre-commit.sh: $tool is required but not on PATH" >&2
        exit 2
    fi
done

# Nothing from the caller's git, pre-commit or pip environment may leak in: a
# developer's global git config (core.hooksPath, commit signing, templates),
# variables set when this runs from inside a git hook, pre-commit's SKIP, or
# pip settings that pick another index or installation target.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
    GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PREFIX GIT_CEILING_DIRECTORIES \
    SKIP PRE_COMMIT PRE_COMMIT_ALLOW_NO_CONFIG PRE_COMMIT_NO_CONCURRENCY \
    PIP_NO_INDEX PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TARGET PIP_PREFIX \
    PIP_USER PIP_REQUIRE_VIRTUALENV VIRTUAL_ENV
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore

if ! hook_rev=$(git -C "$hook_repo" rev-parse --verify --quiet 'HEAD^{commit}'); then
    echo "pre-commit.sh: $hook_repo is not a git checkout with a commit" >&2
    exit 2
fi
for file in .pre-commit-hooks.yaml pyproject.toml; do
    if ! git -C "$hook_repo" cat-file -e "$hook_rev:$file" 2>/dev/null; then
        echo "pre-commit.sh: $file is not committed in $hook_repo (HEAD $hook_rev);" \
            "pre-commit only sees committed content, so commit it first" >&2
        exit 2
    fi
done

# The wheel the python hooks must install: the version the committed
# pyproject.toml pins, from WHEEL_DIR.
pin=$(git -C "$hook_repo" show "$hook_rev:pyproject.toml" | sed -n 's/.*"golayout==\([^"]*\)".*/\1/p' | head -n 1)
if [[ -z "$pin" ]]; then
    echo "pre-commit.sh: the committed pyproject.toml of $hook_repo has no \"golayout==X\" requirement" >&2
    exit 2
fi
wheel_dir=${WHEEL_DIR:-$checkout/dist}
shopt -s nullglob
wheels=()
if [[ -d "$wheel_dir" ]]; then
    wheel_dir=$(cd "$wheel_dir" && pwd)
    wheels=("$wheel_dir/golayout-$pin-"*.whl)
fi
shopt -u nullglob
if ((${#wheels[@]} == 0)); then
    echo "pre-commit.sh: no golayout $pin wheel (golayout-$pin-*.whl) in $wheel_dir;" \
        "build it with 'bash tests/wheel.sh' (it writes to \$WHEEL_DIR, default dist/)," \
        "or point WHEEL_DIR at the directory that holds it" >&2
    exit 2
fi
if [[ "$wheel_dir" =~ [[:space:]] ]]; then
    # PIP_FIND_LINKS is a whitespace-separated list.
    echo "pre-commit.sh: WHEEL_DIR must not contain whitespace: $wheel_dir" >&2
    exit 2
fi

# For the rust hooks (see the [rust] part below); absolute before any cd.
target_dir=${CARGO_TARGET_DIR:-$checkout/target}
mkdir -p "$target_dir"
target_dir=$(cd "$target_dir" && pwd)

script=pre-commit.sh
# shellcheck source=tests/lib.sh
source "$here/lib.sh"
make_work_dir

cat >"$work/gitconfig" <<'EOF'
[user]
	name = golayout pre-commit test
	email = pre-commit-test@golayout.invalid
[init]
	defaultBranch = main
[commit]
	gpgsign = false
[advice]
	detachedHead = false
[safe]
	directory = *
EOF
export GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_NOSYSTEM=1
# One pre-commit store for every step, so each hook environment is built once
# (try-repo still uses a fresh store of its own).
export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never


# The hook's failure as pre-commit prints it: golayout's exit status 1 (findings,
# not 2 for an error) and its concise finding for the multiple-packages rule.
reports_multiple_packages() {
    grep -q -- '- exit code: 1$' <<<"$out" && grep -q -- '(multiple-packages)$' <<<"$out"
}

echo "== hook repository: $hook_repo at $hook_rev"
if [[ -n "$(git -C "$hook_repo" status --porcelain --untracked-files=no)" ]]; then
    echo "   note: it has uncommitted changes; they are NOT tested (pre-commit clones $hook_rev)"
fi
echo "   wheel for the python hooks: ${wheels[*]}"
if ((${#wheels[@]} > 1)); then
    echo "   note: ${#wheels[@]} golayout $pin wheels; pip picks one, the binary check compares with the first"
fi

echo "== installing pre-commit $PRE_COMMIT_VERSION into a throwaway virtualenv"
must_run python3 -m venv "$work/venv"
must_run "$work/venv/bin/python" -m pip install --quiet "pre-commit==$PRE_COMMIT_VERSION"
pre_commit="$work/venv/bin/pre-commit"
must_run "$pre_commit" --version
must_run "$work/venv/bin/python" -m pip download --quiet --only-binary=:all: \
    --dest "$work/pip-local" "setuptools==$SETUPTOOLS_VERSION"

# commit_expect_rejected LABEL: commits everything, expects the golayout hook to
# reject the commit with a multiple-packages finding.
commit_expect_rejected() {
    local before
    before=$(git rev-parse HEAD)
    git add -A
    run git commit -m "$1"
    if [[ "$status" -ne 0 ]] && [[ "$(git rev-parse HEAD)" == "$before" ]] && reports_multiple_packages; then
        pass "$1: commit rejected with golayout's multiple-packages finding"
    else
        fail "$1: expected the commit to be rejected (exit status $status) with '- exit code: 1' and a '(multiple-packages)' finding"
    fi
}

# commit_expect_accepted LABEL: commits everything, expects the hook to pass.
commit_expect_accepted() {
    local before
    before=$(git rev-parse HEAD)
    git add -A
    run git commit -m "$1"
    if [[ "$status" -eq 0 ]] && [[ "$(git rev-parse HEAD)" != "$before" ]] && grep -q '^golayout\.*Passed$' <<<"$out"; then
        pass "$1: commit accepted, golayout hook Passed"
    else
        fail "$1: expected the commit to succeed with the golayout hook Passed (exit status $status)"
    fi
}

# new_scratch LABEL HOOKS_YAML: a fresh scratch repository holding go.mod and a
# pre-commit config whose hooks list is HOOKS_YAML, with pre-commit installed as
# its git hook; the working directory is left in it.
new_scratch() {
    local scratch="$work/scratch-$1"
    mkdir -p "$scratch"
    cd "$scratch"
    must_run git init --quiet
    printf 'module example.com/scratch\n\ngo 1.22\n' >go.mod
    cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hook_repo
    rev: $hook_rev
    hooks:
$2
EOF
    must_run "$pre_commit" install
}

# commit_checks LABEL: checks (a) to (c) in the current scratch repository,
# whose config runs one of the golayout hooks at commit time.
commit_checks() {
    local label=$1
    git add -A
    must_run git commit --quiet -m "go.mod and the pre-commit config"

    echo "== $label (a) a directory with two packages"
    mkdir -p foo
    printf 'package foo\n' >foo/foo1.go
    printf 'package bar\n' >foo/bar1.go
    commit_expect_rejected "$label (a) faulty tree"

    echo "== $label (b) the package clause fixed"
    printf 'package foo\n' >foo/bar1.go
    commit_expect_accepted "$label (b) fixed tree"

    echo "== $label (c) a second fault, first unsuppressed, then suppressed"
    mkdir -p baz
    printf 'package baz\n' >baz/baz1.go
    printf 'package baz\n' >baz/baz2.go
    printf 'package qux\n' >baz/qux1.go
    commit_expect_rejected "$label (c) unsuppressed second fault"
    printf 'package qux //golayout:ignore multiple-packages moving this file next week\n' >baz/qux1.go
    commit_expect_accepted "$label (c) suppressed second fault"
}

# full_tree_checks LABEL DESCRIPTION CMD...: check (d): CMD, a run of the
# whole-tree hook with --all-files, fails on a faulty tree and passes on a clean one.
full_tree_checks() {
    local label=$1 what=$2
    shift 2
    echo "== $label (d) $what"
    mkdir -p ham
    printf 'package ham\n' >ham/ham1.go
    printf 'package eggs\n' >ham/eggs1.go
    git add -A # --all-files lints what git tracks; staged is enough
    run "$@"
    if [[ "$status" -ne 0 ]] && reports_multiple_packages && grep -q 'ham/eggs1\.go:' <<<"$out"; then
        pass "$label (d) $what fails on a faulty tree"
    else
        fail "$label (d) $what: expected failure with a multiple-packages finding in ham/ (exit status $status)"
    fi
    printf 'package ham\n' >ham/eggs1.go
    git add -A
    run "$@"
    if [[ "$status" -eq 0 ]] && grep -q '^golayout (whole tree)\.*Passed$' <<<"$out"; then
        pass "$label (d) $what passes on a clean tree"
    else
        fail "$label (d) $what: expected it to pass on a clean tree (exit status $status)"
    fi
}

# ---------------------------------------------------------------------------
# [python]: golayout and golayout-full, from the wheel, without a Rust toolchain.

echo "== [python] a PATH without cargo or rustc, pip confined to local files"
# Each PATH directory that holds cargo, rustc or rustup is replaced by a copy made
# of symlinks to everything else in it (a directory such as /usr/bin may hold
# git and python3 too); the others stay as they are.
saved_path=$PATH
no_rust_path=
shadows=0
IFS=: read -r -a path_dirs <<<"$PATH"
for dir in "${path_dirs[@]}"; do
    [[ -n "$dir" && -d "$dir" ]] || continue
    if [[ -e "$dir/cargo" || -e "$dir/rustc" || -e "$dir/rustup" ]]; then
        shadows=$((shadows + 1))
        shadow="$work/path-without-rust/$shadows"
        mkdir -p "$shadow"
        shopt -s nullglob
        for entry in "$dir"/*; do
            case ${entry##*/} in
            cargo* | rustc* | rustup*) ;;
            *) ln -s "$entry" "$shadow/" ;;
            esac
        done
        shopt -u nullglob
        echo "   on PATH, $dir is replaced by $shadow (without cargo*, rustc*, rustup*)"
        dir=$shadow
    fi
    no_rust_path+=${no_rust_path:+:}$dir
done
# A fresh shell, so that no command hashed by this one is found.
if env PATH="$no_rust_path" sh -c 'command -v cargo || command -v rustc'; then
    fail "[python] cargo or rustc is still found on the reduced PATH ($no_rust_path)"
    echo "pre-commit.sh: cannot continue ($(elapsed))" >&2
    exit 1
fi
for tool in git python3; do
    if ! env PATH="$no_rust_path" sh -c "command -v $tool" >/dev/null; then
        fail "[python] $tool is not on the reduced PATH ($no_rust_path)"
        echo "pre-commit.sh: cannot continue ($(elapsed))" >&2
        exit 1
    fi
done
pass "[python] no cargo and no rustc on PATH for the python hooks"
export PATH=$no_rust_path
# pip may not look at any index: golayout comes from the wheel directory, the
# build backend of the hook repository's package from the download above.
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheel_dir $work/pip-local"

new_scratch python "      - id: golayout"
echo "== [python] building the hook environment (pip install of the hook repository and the wheel)"
must_run "$pre_commit" install-hooks
echo "   hook environment ready after $(elapsed)"
shopt -s nullglob
envs=("$PRE_COMMIT_HOME"/repo*/py_env-*/bin/golayout)
shopt -u nullglob
if ((${#envs[@]} == 1)); then
    # The executable in the hook environment is byte for byte the wheel's.
    run "$work/venv/bin/python" - "${wheels[0]}" "${envs[0]}" <<'EOF'
import hashlib, sys, zipfile

wheel, installed = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as zf:
    [name] = [n for n in zf.namelist() if n.endswith(".data/scripts/golayout")]
    packed = hashlib.sha256(zf.read(name)).hexdigest()
with open(installed, "rb") as f:
    local = hashlib.sha256(f.read()).hexdigest()
print(f"wheel {name}: {packed}\ninstalled {installed}: {local}")
sys.exit(0 if packed == local else 1)
EOF
    if [[ "$status" -eq 0 ]]; then
        pass "[python] the hook environment's golayout is the wheel's binary"
    else
        fail "[python] the hook environment's golayout differs from the wheel's binary"
    fi
else
    fail "[python] expected one golayout in a python hook environment, found ${#envs[@]}: ${envs[*]}"
fi
commit_checks "[python]"
full_tree_checks "[python]" "try-repo golayout-full --all-files" \
    "$pre_commit" try-repo "$hook_repo" golayout-full --ref "$hook_rev" --all-files
cd "$work"
export PATH=$saved_path
unset PIP_NO_INDEX PIP_FIND_LINKS

# ---------------------------------------------------------------------------
# [rust]: golayout-src and golayout-full-src, built by cargo install.

# `cargo install` builds in this target directory and keeps it; a release build
# of this checkout already there leaves only the golayout crate to compile (from
# the hook repository's clone, whose files are all new to cargo).
export CARGO_TARGET_DIR=$target_dir
# That build is of the hook repository's HEAD, but its fingerprints would make
# cargo take it as up to date for this checkout's own (possibly edited) sources:
# forget the golayout crate's fingerprints once the hooks are built.
forget_hook_build() {
    rm -rf "$CARGO_TARGET_DIR"/release/.fingerprint/golayout-*
}
trap 'forget_hook_build; remove_work_dir' EXIT

# golayout-full-src is in the same config, in the manual stage: commits run
# golayout-src only, and both share one hook environment (one cargo install).
new_scratch rust "      - id: golayout-src
      - id: golayout-full-src
        stages: [manual]"
echo "== [rust] building the hook environment (cargo install of golayout into $CARGO_TARGET_DIR)"
build_start=$SECONDS
must_run "$pre_commit" install-hooks
echo "   hook environment built in $((SECONDS - build_start))s, ready after $(elapsed)"
shopt -s nullglob
envs=("$PRE_COMMIT_HOME"/repo*/rustenv-*/bin/golayout)
shopt -u nullglob
# `golayout <version> (<commit>)`: the version line names what it was built from.
if ((${#envs[@]} == 1)) && run "${envs[0]}" --version && [[ "$status" -eq 0 ]] \
    && [[ "$out" == "golayout $pin" || "$out" == "golayout $pin "* ]]; then
    pass "[rust] cargo install built golayout into the hook environment: $out"
else
    fail "[rust] expected one golayout $pin in a rust hook environment, found ${#envs[@]}: ${envs[*]}"
fi
commit_checks "[rust]"
full_tree_checks "[rust]" "run --hook-stage manual golayout-full-src --all-files" \
    "$pre_commit" run --hook-stage manual golayout-full-src --all-files

if [[ "$failures" -ne 0 ]]; then
    echo "pre-commit.sh: $failures check(s) FAILED ($(elapsed))"
    exit 1
fi
echo "pre-commit.sh: all checks passed ($(elapsed))"
