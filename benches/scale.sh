#!/usr/bin/env bash
# How golayout's cost grows with the size of a tree: synthetic modules of N files.
#
#   benches/scale.sh [N...]          N defaults to 10000 100000 1000000
#
# Writes each tree once with `cargo run --release --example gen -- DIR N` into
# $SCALE_DIR/N (default /tmp/golayout-scale/N; kept for the next run, delete it to free the
# disk: 1M files take about 4.5 GB), then, in one hyperfine run per size, times
#   golayout   golayout check ./... --format json         (every default rule)
#   floor      rg -c '^package ' -g '*.go' (walks the tree, reads every byte)
#   one file   golayout check p000/q003/f0.go --format json
# and prints, per size: medians, time per file, the ratio to the floor, peak memory
# (/usr/bin/time -v) and memory per file, and whether the system swapped meanwhile.
#
# Environment: RUNS (default 5; 3 from 1M files), SCALE_DIR. Needs hyperfine, ripgrep,
# python3, GNU time (/usr/bin/time).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
scale_dir=${SCALE_DIR:-/tmp/golayout-scale}
for tool in hyperfine rg python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "scale.sh: $tool is missing" >&2; exit 2; }
done

echo "building golayout and the generator (cargo build --release)..." >&2
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin golayout --example gen
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
golayout="$target/release/golayout"
gen="$target/release/examples/gen"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
swap_used() { awk '/^Swap:/ {print $3}' < <(free -m); }
peak() {
    (cd "$1" && /usr/bin/time -v "${@:2}" >/dev/null 2>"$tmp/time.txt") || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt"
}

rows=()
for n in "${sizes[@]}"; do
    tree="$scale_dir/$n"
    if [ ! -f "$tree/go.mod" ]; then
        rm -rf "$tree"
        need_kb=$((n * 5))
        mkdir -p "$scale_dir"
        free_kb=$(df -Pk "$scale_dir" | awk 'NR == 2 {print $4}')
        if [ "$free_kb" -lt "$need_kb" ]; then
            echo "scale.sh: $n files need about $((need_kb / 1024)) MB, $scale_dir has $((free_kb / 1024)) MB: skipped" >&2
            continue
        fi
        echo "writing $n files into $tree..." >&2
        "$gen" "$tree" "$n" >&2
    fi
    runs=${RUNS:-$([ "$n" -ge 1000000 ] && echo 3 || echo 5)}
    swap_before=$(swap_used)
    echo "load before: $(uptime)" >&2
    (cd "$tree" && hyperfine -N -i --style basic --warmup 1 --runs "$runs" \
        --export-json "$tmp/$n.json" \
        -n golayout "$golayout check ./... --format json" \
        -n floor "rg -c --no-require-git -g *.go '^package '" \
        -n "one file" "$golayout check p000/q003/f0.go --format json") >&2
    rss_full=$(peak "$tree" "$golayout" check ./... --format json)
    rss_one=$(peak "$tree" "$golayout" check p000/q003/f0.go --format json)
    rss_floor=$(peak "$tree" rg -c --no-require-git -g '*.go' '^package ')
    swap_after=$(swap_used)
    files=$(cd "$tree" && rg --files --no-require-git -g '*.go' | wc -l)
    rows+=("$n $tmp/$n.json $files $rss_full $rss_one $rss_floor $swap_before $swap_after")
done

python3 - "${rows[@]}" <<'PY'
import json, sys

print("| files | golayout median | per file | floor median | golayout/floor | one file (peak RSS) | one file/golayout | peak RSS | RSS per file | floor peak RSS | swap used, MB before/after |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for row in sys.argv[1:]:
    n, path, files, rss, rss_one, rss_floor, swap_before, swap_after = row.split()
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    g = results["golayout"]["median"]
    f = results["floor"]["median"]
    o = results["one file"]["median"]
    files = int(files)
    print(f"| {files:,} | {g * 1000:.0f} ms | {g / files * 1e6:.1f} µs | {f * 1000:.0f} ms "
          f"| {g / f:.2f} | {o * 1000:.1f} ms ({int(rss_one) / 1024:.1f} MB) | {o / g:.4f} | {int(rss) / 1024:.1f} MB "
          f"| {int(rss) / files * 1024:.0f} B | {int(rss_floor) / 1024:.1f} MB | {swap_before}/{swap_after} |")
PY
