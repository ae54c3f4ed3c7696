#!/usr/bin/env bash
# golayout beside the go command and the floor, over one tree, in one hyperfine run.
#
#   benches/compare.sh [TREE]        TREE defaults to the Go source tree, $(go env GOROOT)/src
#
# Times, with warm caches and output to /dev/null:
#   golayout   golayout check ./... --format json      (every default rule)
#   go list    go list -e ./...                          (GOTOOLCHAIN=local GOPROXY=off GOFLAGS=;
#                                                         GO111MODULE=off GOPATH=.. for a GOPATH
#                                                         tree such as /usr/share/gocode/src)
#   floor      rg -c '^package ' -g '*.go' + the skips of ./...: walks the same files and
#              reads every byte of them, in parallel
#   one file   golayout check FILE --format json       (FILE: ONE_FILE, else net/http/server.go
#                                                         in the Go tree, else the first file)
# then prints medians, the ratios golayout/floor, go-list/golayout and one-file/golayout, and
# the peak memory of each (/usr/bin/time -v). Absolute times drift on a shared machine: only
# the ratios within one run mean something, so rerun when `uptime` shows load.
#
# Environment: RUNS (default 10), WARMUP (3), GO (the go command; default `go` on PATH),
# ONE_FILE (relative to TREE). Needs hyperfine, ripgrep, python3, GNU time (/usr/bin/time).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${RUNS:-10}
warmup=${WARMUP:-3}
for tool in hyperfine rg python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "compare.sh: $tool is missing" >&2; exit 2; }
done

export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=
goroot=$("${GO:-go}" env GOROOT)
go="$goroot/bin/go" # not a shim: a wrapper script would be timed too
tree=$(cd "${1:-$goroot/src}" && pwd -P)

echo "building golayout (cargo build --release)..." >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
golayout="$target/release/golayout"

cd "$tree"

# The module the tree belongs to, if any: `go list` needs GOPATH mode otherwise.
in_module=
dir=$tree
while [ "$dir" != / ]; do
    if [ -f "$dir/go.mod" ]; then in_module=$dir; break; fi
    dir=$(dirname "$dir")
done
golist_env=(env)
if [ -z "$in_module" ]; then
    golist_env=(env GO111MODULE=off GOPATH="$(dirname "$tree")")
fi

# The floor skips what ./... skips: testdata, _* and .* (rg skips hidden files itself),
# what is below a vendor directory, and, inside a module, nested modules.
floor_globs=(-g '*.go' -g '!testdata' -g '!_*' -g '!**/vendor/*/')
nested=0
if [ -n "$in_module" ]; then
    while IFS= read -r mod; do
        rel=${mod#./}
        rel=${rel%/go.mod}
        floor_globs+=(-g "!/$rel")
        nested=$((nested + 1))
    done < <(find . -mindepth 2 -name go.mod -not -path '*/testdata/*' | sort)
fi
floor_files=$(rg --files --no-require-git "${floor_globs[@]}" | wc -l)
floor_bytes=$(rg --files --no-require-git "${floor_globs[@]}" -0 | xargs -0 cat | wc -c)

one_file=${ONE_FILE:-}
if [ -z "$one_file" ]; then
    if [ "$tree" = "$(cd "$goroot/src" && pwd -P)" ]; then
        one_file=net/http/server.go
    else
        one_file=$(rg --files --no-require-git "${floor_globs[@]}" | sort | awk 'NR == 1')
    fi
fi

q() { printf '%q ' "$@"; }
cmd_golayout="$(q "$golayout") check ./... --format json"
cmd_golist="$(q "${golist_env[@]}" "$go") list -e ./..."
cmd_floor="rg -c --no-require-git $(q "${floor_globs[@]}") '^package '"
cmd_one="$(q "$golayout") check $(q "$one_file") --format json"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "load before: $(uptime)" >&2
hyperfine -N -i --style basic --warmup "$warmup" --runs "$runs" --export-json "$tmp/times.json" \
    -n golayout "$cmd_golayout" \
    -n "go list" "$cmd_golist" \
    -n floor "$cmd_floor" \
    -n "one file" "$cmd_one" >&2
echo "load after: $(uptime)" >&2

# Peak resident memory of one run of each, in KiB.
peak() {
    eval "/usr/bin/time -v $1" 2>"$tmp/time.txt" >/dev/null || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt"
}
golayout_files=$({ "$golayout" check ./... --format full 2>/dev/null || true; } | tail -n 1 |
    sed -n 's/.* in \([0-9]*\) files\{0,1\}:.*/\1/p')

python3 - "$tmp/times.json" "$tree" "$floor_files" "$floor_bytes" "$nested" \
    "${golayout_files:-?}" "$one_file" "$("$go" version)" \
    "$(peak "$cmd_golayout")" "$(peak "$cmd_golist")" "$(peak "$cmd_floor")" "$(peak "$cmd_one")" <<'PY'
import json, sys

times, tree, floor_files, floor_bytes, nested, gl_files, one_file, go_version = sys.argv[1:9]
peaks = dict(zip(["golayout", "go list", "floor", "one file"], sys.argv[9:13]))
results = {r["command"]: r for r in json.load(open(times))["results"]}
median = {name: r["median"] * 1000 for name, r in results.items()}

print(f"tree:     {tree}")
print(f"files:    golayout checked {gl_files}; the floor reads {floor_files} "
      f"({int(floor_bytes) / 1e6:.1f} MB){f', leaving out {nested} nested modules' if int(nested) else ''}")
print(f"go:       {go_version}")
print()
print(f"| tool | median | min-max | peak RSS |")
print(f"|---|---|---|---|")
for name in ["golayout", "go list", "floor", "one file"]:
    r = results[name]
    rss = peaks[name]
    rss = f"{int(rss) / 1024:.1f} MB" if rss.isdigit() else "?"
    print(f"| {name} | {median[name]:.1f} ms | {r['min'] * 1000:.0f}-{r['max'] * 1000:.0f} ms | {rss} |")
print()
g, l, f, o = (median[n] for n in ["golayout", "go list", "floor", "one file"])
print(f"golayout / floor    = {g / f:.2f}   (target: at most 2)")
print(f"go list / golayout  = {l / g:.2f}   (target: at least 6)")
print(f"one file / golayout = {o / g:.3f}  (checking {one_file}: its directory and its imports')")
PY
