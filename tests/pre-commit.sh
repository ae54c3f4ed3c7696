#!/usr/bin/env bash
# End-to-end test of the pre-commit hooks in .pre-commit-hooks.yaml.
#
#   bash tests/pre-commit.sh [HOOK_REPO]
#
# HOOK_REPO defaults to the checkout this script lives in. pre-commit clones it
# at its HEAD commit, so only COMMITTED content is tested: the hooks file and
# the golayout sources as of `git rev-parse HEAD`, not the working tree.
#
# The script installs pre-commit from PyPI into a throwaway virtualenv, makes a
# scratch git repository holding a small Go module, and checks that
#   (a) committing a directory with two packages is rejected with golayout's
#       multiple-packages finding,
#   (b) the commit succeeds once the package clause is fixed,
#   (c) a finding suppressed with `//golayout:ignore multiple-packages <reason>`
#       commits fine (and the same fault unsuppressed is rejected),
#   (d) `pre-commit try-repo HOOK_REPO golayout-full --all-files` fails on a
#       faulty tree and passes on a clean one.
# It prints one PASS or FAIL line per check and exits non-zero if any failed.
#
# Needs python3 (with venv), git and a Rust toolchain (cargo) on PATH, and
# network access to PyPI and crates.io. Everything it writes goes into one
# temporary directory that is removed on exit (set GOLAYOUT_KEEP_TMP=1 to keep
# it). The first hook run compiles golayout in release mode: a few minutes.
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
hook_repo=$(cd "${1:-$here/..}" && pwd)

for tool in python3 git cargo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "pre-commit.sh: $tool is required but not on PATH" >&2
        exit 2
    fi
done

# Nothing from the caller's git or pre-commit environment may leak in: a
# developer's global git config (core.hooksPath, commit signing, templates),
# variables set when this runs from inside a git hook, or pre-commit's SKIP.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
    GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PREFIX GIT_CEILING_DIRECTORIES \
    SKIP PRE_COMMIT PRE_COMMIT_ALLOW_NO_CONFIG PRE_COMMIT_NO_CONCURRENCY

if ! hook_rev=$(git -C "$hook_repo" rev-parse --verify --quiet 'HEAD^{commit}'); then
    echo "pre-commit.sh: $hook_repo is not a git checkout with a commit" >&2
    exit 2
fi
if ! git -C "$hook_repo" cat-file -e "$hook_rev:.pre-commit-hooks.yaml" 2>/dev/null; then
    echo "pre-commit.sh: .pre-commit-hooks.yaml is not committed in $hook_repo (HEAD $hook_rev);" \
        "pre-commit only sees committed content, so commit it first" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/golayout-pre-commit.XXXXXX")
cleanup() {
    if [[ "${GOLAYOUT_KEEP_TMP:-}" == 1 ]]; then
        echo "pre-commit.sh: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

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
# One pre-commit store for every step, so the hook environment is built once.
export PRE_COMMIT_HOME="$work/pre-commit-home"
export PRE_COMMIT_COLOR=never
# `try-repo` always uses a fresh store of its own and so installs the hook
# environment again; a shared cargo target directory keeps those rebuilds to
# the golayout crate itself (its dependencies are compiled once).
export CARGO_TARGET_DIR="$work/cargo-target"

start=$SECONDS
failures=0
pass() { printf 'PASS: %s\n' "$1"; }
fail() {
    printf 'FAIL: %s\n' "$1"
    failures=$((failures + 1))
}
elapsed() { printf '%dm%02ds' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)); }

# run CMD...: runs CMD, keeping its combined output in $out and its exit status
# in $status, and shows the output indented.
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

# must_run CMD...: a setup step that has to succeed.
must_run() {
    run "$@"
    if [[ "$status" -ne 0 ]]; then
        fail "setup step failed: $*"
        echo "pre-commit.sh: cannot continue ($(elapsed))" >&2
        exit 1
    fi
}

# The hook's failure as pre-commit prints it: golayout's exit status 1 (findings,
# not 2 for an error) and its concise finding for the multiple-packages rule.
reports_multiple_packages() {
    grep -q -- '- exit code: 1$' <<<"$out" && grep -q -- '(multiple-packages)$' <<<"$out"
}

echo "== hook repository: $hook_repo at $hook_rev"
if [[ -n "$(git -C "$hook_repo" status --porcelain --untracked-files=no)" ]]; then
    echo "   note: it has uncommitted changes; they are NOT tested (pre-commit clones $hook_rev)"
fi

echo "== installing pre-commit $PRE_COMMIT_VERSION into a throwaway virtualenv"
must_run python3 -m venv "$work/venv"
must_run "$work/venv/bin/python" -m pip install --quiet "pre-commit==$PRE_COMMIT_VERSION"
pre_commit="$work/venv/bin/pre-commit"
must_run "$pre_commit" --version

echo "== scratch repository with a small Go module"
scratch="$work/scratch"
mkdir -p "$scratch"
cd "$scratch"
must_run git init --quiet
git config user.name "golayout pre-commit test"
git config user.email "pre-commit-test@golayout.invalid"
printf 'module example.com/scratch\n\ngo 1.22\n' >go.mod
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hook_repo
    rev: $hook_rev
    hooks:
      - id: golayout
EOF
must_run "$pre_commit" install
echo "== building the hook environment (cargo install of golayout; a few minutes when cold)"
must_run "$pre_commit" install-hooks
echo "   hook environment ready after $(elapsed)"
git add -A
must_run git commit --quiet -m "go.mod and the pre-commit config"

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

echo "== (a) a directory with two packages"
mkdir -p foo
printf 'package foo\n' >foo/foo1.go
printf 'package bar\n' >foo/bar1.go
commit_expect_rejected "(a) faulty tree"

echo "== (b) the package clause fixed"
printf 'package foo\n' >foo/bar1.go
commit_expect_accepted "(b) fixed tree"

echo "== (c) a second fault, first unsuppressed, then suppressed"
mkdir -p baz
printf 'package baz\n' >baz/baz1.go
printf 'package baz\n' >baz/baz2.go
printf 'package qux\n' >baz/qux1.go
commit_expect_rejected "(c) unsuppressed second fault"
printf 'package qux //golayout:ignore multiple-packages moving this file next week\n' >baz/qux1.go
commit_expect_accepted "(c) suppressed second fault"

echo "== (d) pre-commit try-repo ... golayout-full --all-files"
mkdir -p ham
printf 'package ham\n' >ham/ham1.go
printf 'package eggs\n' >ham/eggs1.go
git add -A # --all-files lints what git tracks; staged is enough
run "$pre_commit" try-repo "$hook_repo" golayout-full --ref "$hook_rev" --all-files
if [[ "$status" -ne 0 ]] && reports_multiple_packages && grep -q 'ham/eggs1\.go:' <<<"$out"; then
    pass "(d) try-repo golayout-full --all-files fails on a faulty tree"
else
    fail "(d) try-repo golayout-full --all-files: expected failure with a multiple-packages finding in ham/ (exit status $status)"
fi
printf 'package ham\n' >ham/eggs1.go
git add -A
run "$pre_commit" try-repo "$hook_repo" golayout-full --ref "$hook_rev" --all-files
if [[ "$status" -eq 0 ]] && grep -q '^golayout (whole tree)\.*Passed$' <<<"$out"; then
    pass "(d) try-repo golayout-full --all-files passes on a clean tree"
else
    fail "(d) try-repo golayout-full --all-files: expected it to pass on a clean tree (exit status $status)"
fi

if [[ "$failures" -ne 0 ]]; then
    echo "pre-commit.sh: $failures check(s) FAILED ($(elapsed))"
    exit 1
fi
echo "pre-commit.sh: all checks passed ($(elapsed))"
