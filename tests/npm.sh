#!/usr/bin/env bash
# End-to-end test of golayout's npm packages (npm/golayout and its platform
# package npm/golayout-linux-x64-gnu), packed and installed as a user would.
#
#   bash tests/npm.sh
#
# The binary comes from $GOLAYOUT, or else ${CARGO_TARGET_DIR:-target}/release/golayout
# (build it first: cargo build --release); this script builds nothing. It packs
# both packages with that binary inside the platform one, installs the two
# tarballs into a scratch npm project with the network off, and checks that
#   - the versions of both package.json files (and the launcher's pin of its
#     platform packages) are the version in Cargo.toml,
#   - `npx golayout check ./examples/shop/...` reports the example's findings,
#   - `npx golayout --version` prints that version,
#   - exit statuses, stdin and signals pass through the launcher,
#   - the launcher explains itself and exits 2 when no platform package is
#     installed, and GOLAYOUT_BINARY overrides the lookup.
# It prints one PASS or FAIL line per check and exits non-zero if any failed.
#
# Needs node (>= 18) and npm on PATH (Debian: apt-get install nodejs npm), and a
# Linux x64 glibc machine, the only platform the packages are built for so far.
# No network: golayout's packages come from the packed tarballs, and npm runs
# with --offline. Everything it writes goes into one temporary directory that
# is removed on exit (set GOLAYOUT_KEEP_TMP=1 to keep it). Takes a few seconds.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

for tool in node npm timeout mkfifo tar; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "npm.sh: $tool is required but not on PATH" >&2
        exit 2
    fi
done

binary=${GOLAYOUT:-${CARGO_TARGET_DIR:-target}/release/golayout}
if [[ ! -x "$binary" ]]; then
    echo "npm.sh: no golayout binary at '$binary': build it (cargo build --release)" \
        "or point GOLAYOUT at one" >&2
    exit 2
fi
binary=$(readlink -f "$binary")

script=npm.sh
# shellcheck source=tests/lib.sh
source "$here/lib.sh"
make_work_dir
background=()
cleanup() {
    local pid
    for pid in "${background[@]}"; do
        kill -KILL "$pid" 2>/dev/null || true
    done
    remove_work_dir
}
trap cleanup EXIT

# npm sees nothing of the caller's configuration (no ~/.npmrc, no npm_config_*
# from an enclosing `npm run`), uses a cache of its own, and never goes to the
# network: --offline turns any registry lookup into an immediate ENOTCACHED
# instead of a download, and the registry is an address nothing listens on.
while read -r name; do
    unset "$name"
done < <(compgen -e | grep -i '^npm_config_' || true)
unset GOLAYOUT_BINARY NODE_PATH NODE_OPTIONS
touch "$work/npmrc"
export npm_config_userconfig="$work/npmrc" \
    npm_config_cache="$work/npm-cache" \
    npm_config_offline=true \
    npm_config_registry=http://127.0.0.1:9/ \
    npm_config_fetch_retries=0 \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false \
    npm_config_loglevel=warn


# run CMD...: as lib.sh's, within a time limit, with stderr shown apart (`! ` lines) and
# kept in $err.
run() {
    echo "\$ $*"
    set +e
    out=$(timeout 120 "$@" 2>"$work/stderr")
    status=$?
    set -e
    err=$(<"$work/stderr")
    if [[ -n "$out" ]]; then
        printf '%s\n' "$out" | sed 's/^/    | /'
    fi
    if [[ -n "$err" ]]; then
        printf '%s\n' "$err" | sed 's/^/    ! /'
    fi
    echo "    (exit status $status)"
}

json_field() { node -p "const v = require(process.argv[1])$2; v === undefined ? '' : v" "$1"; }

echo "== binary: $binary"
echo "== node $(node --version), npm $(npm --version)"

echo "== versions"
cargo_version=$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\(.*\)"/\1/p' Cargo.toml)
launcher_json="$repo/npm/golayout/package.json"
launcher_version=$(json_field "$launcher_json" .version)
mismatched=()
[[ -n "$cargo_version" && "$launcher_version" == "$cargo_version" ]] ||
    mismatched+=("npm/golayout: $launcher_version")
# Every platform package the launcher names is a directory npm/<name> of the
# same version, and every such directory is named.
platforms=$(node -p "Object.keys(require(process.argv[1]).optionalDependencies || {}).join('\n')" "$launcher_json")
for name in $platforms; do
    pin=$(json_field "$launcher_json" ".optionalDependencies['$name']")
    [[ "$pin" == "$cargo_version" ]] || mismatched+=("npm/golayout pins $name at $pin")
    if [[ -f "npm/$name/package.json" ]]; then
        version=$(json_field "$repo/npm/$name/package.json" .version)
        [[ "$version" == "$cargo_version" ]] || mismatched+=("npm/$name: $version")
    else
        mismatched+=("npm/$name: no package.json")
    fi
done
for dir in npm/golayout-*/; do
    name=$(basename "$dir")
    grep -qx -- "$name" <<<"$platforms" || mismatched+=("npm/$name: not in the launcher's optionalDependencies")
done
if [[ ${#mismatched[@]} -eq 0 ]] && grep -qx golayout-linux-x64-gnu <<<"$platforms"; then
    pass "Cargo.toml, npm/golayout and its platform packages ($(paste -sd ' ' <<<"$platforms")) are all version $cargo_version"
else
    fail "versions differ from Cargo.toml's $cargo_version: ${mismatched[*]:-golayout-linux-x64-gnu missing from optionalDependencies}"
fi

run node --check npm/golayout/bin/golayout
if [[ "$status" -eq 0 ]]; then
    pass "node --check accepts the launcher"
else
    fail "node --check rejects npm/golayout/bin/golayout"
fi

echo "== packing"
cp -R npm/golayout npm/golayout-linux-x64-gnu "$work/"
rm -rf "$work/golayout/node_modules" "$work/golayout-linux-x64-gnu/bin"
mkdir "$work/golayout-linux-x64-gnu/bin"
cp "$binary" "$work/golayout-linux-x64-gnu/bin/golayout"
chmod 755 "$work/golayout-linux-x64-gnu/bin/golayout"
mkdir "$work/dist"
# npm pack prints the tarball's file name last.
cd "$work/golayout"
must_run npm pack --pack-destination "$work/dist"
launcher_tgz="$work/dist/${out##*$'\n'}"
cd "$work/golayout-linux-x64-gnu"
must_run npm pack --pack-destination "$work/dist"
platform_tgz="$work/dist/${out##*$'\n'}"
cd "$repo"
listing=$(tar -tvzf "$launcher_tgz"; tar -tvzf "$platform_tgz")
printf '%s\n' "$listing" | sed 's/^/    | /'
if grep -Eq '^-rwx.* package/bin/golayout$' <<<"$listing" &&
    [[ $(grep -c ' package/bin/golayout$' <<<"$listing") -eq 2 ]] &&
    grep -q ' package/README.md$' <<<"$listing"; then
    pass "the tarballs hold the launcher, its README and the executable binary"
else
    fail "the tarballs lack package/bin/golayout (executable) or package/README.md"
fi

echo "== installing both tarballs into a scratch project"
project="$work/project"
mkdir "$project"
cd "$project"
must_run npm init -y
# Both tarballs in one install, from the files. Naming the platform tarball makes
# golayout-linux-x64-gnu a dependency of the project itself, installed at
# node_modules/golayout-linux-x64-gnu; the launcher's optional dependency
# golayout-linux-x64-gnu@<version> is then met by that package (same name, same
# version), so npm has no reason to ask a registry for it. Installed alone, the
# launcher's optional dependency would be looked up in the registry (and, with
# --offline, silently skipped). No override or registry stub is needed.
must_run npm install --offline --no-audit --no-fund --cache "$work/npm-cache" \
    "$launcher_tgz" "$platform_tgz"
run npm ls --all --offline
resolved=$(json_field "$project/node_modules/.package-lock.json" \
    ".packages['node_modules/golayout-linux-x64-gnu'].resolved")
if [[ "$status" -eq 0 && "$resolved" == file:* && -L node_modules/.bin/golayout &&
    ! -e node_modules/golayout/node_modules ]]; then
    pass "both packages installed from the tarballs, offline; the optional dependency is met by the local one ($resolved)"
else
    fail "install: npm ls exit $status, golayout-linux-x64-gnu resolved from '$resolved'"
fi

echo "== npx golayout check ./examples/shop/..."
mkdir -p examples
cp -R "$repo/examples/shop" examples/shop
run npx golayout check ./examples/shop/... --format concise
shop_out=$out
shop_status=$status
direct=$("$binary" check ./examples/shop/... --format concise 2>/dev/null || true)
lines=$(grep -c . <<<"$shop_out" || true)
well_formed=$(grep -Ec '^examples/shop/[^:]+\.go:[0-9]+:[0-9]+: .+ \([a-z-]+\)$' <<<"$shop_out" || true)
if [[ "$shop_status" -eq 1 && "$lines" -eq 6 && "$well_formed" -eq 6 && "$shop_out" == "$direct" ]]; then
    pass "npx golayout check ./examples/shop/...: exit 1, six findings one line each, as the binary prints them"
else
    fail "npx golayout check ./examples/shop/...: expected exit 1 and 6 concise findings (got exit $shop_status, $lines lines, $well_formed well formed, same as the binary: $([[ "$shop_out" == "$direct" ]] && echo yes || echo no))"
fi

run npx golayout --version
if [[ "$status" -eq 0 ]] && grep -q -- "$launcher_version" <<<"$out"; then
    pass "npx golayout --version prints $launcher_version"
else
    fail "npx golayout --version: expected exit 0 and a line with $launcher_version (exit $status)"
fi

echo "== exit statuses"
mkdir -p clean/foo
printf 'module example.com/clean\n\ngo 1.22\n' >clean/go.mod
printf 'package foo\n' >clean/foo/a.go
printf 'package foo\n' >clean/foo/b.go
run npx golayout check ./clean/... --format concise
if [[ "$status" -eq 0 && -z "$out" ]]; then
    pass "exit status 0 forwarded on a clean module"
else
    fail "a clean module: expected exit 0 and no findings (exit $status)"
fi
run npx golayout check ./does-not-exist/... --format concise
if [[ "$status" -eq 2 ]] && grep -q 'does-not-exist' <<<"$err"; then
    pass "exit status 2 forwarded on a missing path, with the binary's error"
else
    fail "a missing path: expected exit 2 and an error naming it (exit $status)"
fi

echo "== stdin"
printf 'package bar\n' >"$work/b.go"
run npx golayout check --stdin-filename clean/foo/b.go --format concise ./clean/... <"$work/b.go"
if [[ "$status" -eq 1 ]] && grep -q '^clean/foo/b\.go:1:9: .*(multiple-packages)$' <<<"$out"; then
    pass "stdin reaches the binary: --stdin-filename finds the piped file's multiple-packages"
else
    fail "--stdin-filename with a file piped in: expected exit 1 and a multiple-packages finding at clean/foo/b.go:1:9 (exit $status)"
fi

echo "== signals"
# children_of PID: the processes whose parent is PID, as "pid comm" lines.
children_of() {
    local stat line pid comm rest ppid
    for stat in /proc/[0-9]*/stat; do
        { read -r line <"$stat"; } 2>/dev/null || continue
        pid=${line%% *}
        comm=${line#*(}
        comm=${comm%)*}
        rest=${line##*) }
        read -r _ ppid _ <<<"$rest"
        [[ "$ppid" == "$1" ]] && echo "$pid $comm"
    done
    return 0
}
# golayout_under PID: waits (up to 60 s) for PID's child process named golayout
# and prints its pid; prints nothing if none appears.
golayout_under() {
    local i pid comm
    for ((i = 0; i < 600; i++)); do
        while read -r pid comm; do
            if [[ "$comm" == golayout ]]; then
                echo "$pid"
                return 0
            fi
        done < <(children_of "$1")
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
}
alive() { [[ -e "/proc/$1" ]] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }

# A stdin that stays open: the fifo is also held open for writing here, so its
# reader waits for input instead of seeing end of file.
mkfifo "$work/stdin"
exec 3<>"$work/stdin"

# start_launcher ARGS...: starts the installed launcher in the background on the
# fifo, under `timeout` (which the caller waits for), and sets $watchdog,
# $launcher (the node process) and $child (the golayout process).
start_launcher() {
    echo "\$ node_modules/.bin/golayout $* <fifo &"
    timeout 60 node_modules/.bin/golayout "$@" <"$work/stdin" >"$work/bg.out" 2>"$work/bg.err" &
    watchdog=$!
    background+=("$watchdog")
    launcher=
    local i
    for ((i = 0; i < 600; i++)); do
        launcher=$(children_of "$watchdog" | cut -d' ' -f1)
        [[ -z "$launcher" ]] || break
        sleep 0.1
    done
    child=$(golayout_under "${launcher:-0}")
    echo "    timeout $watchdog, launcher ${launcher:-none}, golayout ${child:-none}"
    if [[ -n "$launcher" && -n "$child" ]]; then
        background+=("$launcher" "$child")
    fi
}
# finish_launcher: waits for the watchdog and sets $status.
finish_launcher() {
    set +e
    # (bash's own "Killed" notice for the job goes to /dev/null)
    wait "$watchdog" 2>/dev/null
    status=$?
    set -e
    # Only a process left running (a failed check) is still ours to kill on exit.
    background=()
    if [[ -n "$child" ]] && alive "$child"; then
        background+=("$child")
    fi
    sed 's/^/    ! /' "$work/bg.err"
    echo "    (exit status $status)"
}

# SIGTERM to the launcher alone (not its process group): only forwarding can
# bring it to the language server, which then shuts down (exit 0), and the
# launcher exits with it. 143 would mean the signal reached the server before it
# installed its handler and the launcher died of the same signal: also fine.
start_launcher server
if [[ -n "$child" ]] && alive "$child"; then
    kill -TERM "$launcher"
    finish_launcher
    if [[ "$status" -eq 0 || "$status" -eq 143 ]] && ! alive "$child"; then
        pass "SIGTERM to the launcher reaches golayout server; both exit (status $status), nothing hangs"
    elif [[ "$status" -eq 124 ]]; then
        fail "SIGTERM to the launcher: it was still running after 60 s (golayout alive: $(alive "$child" && echo yes || echo no))"
    else
        fail "SIGTERM to the launcher: exit status $status, golayout alive: $(alive "$child" && echo yes || echo no)"
    fi
else
    fail "golayout server did not start under the launcher"
    finish_launcher
fi

# The child killed by a signal: the launcher dies of the same signal (137 = 128 + SIGKILL).
start_launcher check --stdin-filename clean/foo/b.go ./clean/...
if [[ -n "$child" ]] && alive "$child"; then
    kill -KILL "$child"
    finish_launcher
    if [[ "$status" -eq 137 ]]; then
        pass "the child killed by SIGKILL: the launcher dies of SIGKILL too (exit status 137)"
    else
        fail "the child killed by SIGKILL: expected the launcher to end with status 137, got $status"
    fi
else
    fail "golayout check --stdin-filename did not start under the launcher"
    finish_launcher
fi
exec 3>&-

echo "== no platform package"
# The packed launcher on its own, away from any node_modules holding the platform package.
mkdir "$work/bare"
tar -xzf "$launcher_tgz" -C "$work/bare"
run node "$work/bare/package/bin/golayout" --version
if [[ "$status" -eq 2 ]] &&
    grep -q 'no golayout binary for this platform (linux-x64-gnu)' <<<"$err" &&
    grep -q 'golayout-linux-x64-gnu' <<<"$err" &&
    grep -q 'pip install golayout' <<<"$err" &&
    grep -q 'cargo install --path' <<<"$err" &&
    [[ $(grep -c '^golayout: error:' <<<"$err") -eq 1 ]]; then
    pass "without the platform package the launcher exits 2 with one error naming linux-x64-gnu, golayout-linux-x64-gnu and the alternatives"
else
    fail "without the platform package: expected exit 2 and an error naming the platform, the package, pip and cargo (exit $status)"
fi

run env GOLAYOUT_BINARY="$binary" node "$work/bare/package/bin/golayout" --version
if [[ "$status" -eq 0 ]] && grep -q -- "$launcher_version" <<<"$out"; then
    pass "GOLAYOUT_BINARY runs the binary it names"
else
    fail "GOLAYOUT_BINARY=$binary: expected exit 0 and $launcher_version (exit $status)"
fi

# As npm leaves it with --omit=optional: the launcher installed, the platform package not.
mkdir "$work/no-optional"
cd "$work/no-optional"
must_run npm init -y
must_run npm install --offline --omit=optional --no-audit --no-fund --cache "$work/npm-cache" "$launcher_tgz"
run npx golayout --version
if [[ "$status" -eq 2 && ! -e node_modules/golayout-linux-x64-gnu ]] &&
    grep -q 'the package golayout-linux-x64-gnu is not installed' <<<"$err"; then
    pass "installed with --omit=optional: npx golayout exits 2 saying golayout-linux-x64-gnu is not installed"
else
    fail "installed with --omit=optional: expected exit 2 and 'the package golayout-linux-x64-gnu is not installed' (exit $status)"
fi

if [[ "$failures" -ne 0 ]]; then
    echo "npm.sh: $failures check(s) FAILED ($(elapsed))"
    exit 1
fi
echo "npm.sh: all checks passed ($(elapsed))"
