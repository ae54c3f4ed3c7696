#!/usr/bin/env bash
# Makes a work tree of every project in projects.txt at its pinned commit, under
# $PRECISION_TREES (default target/precision-trees), from a bare mirror in
# $PRECISION_MIRRORS/<owner>+<name>/repo when there is one, else by cloning from GitHub.
# None of these trees is ever committed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
trees="${PRECISION_TREES:-$root/target/precision-trees}"
mirrors="${PRECISION_MIRRORS:-/work/.mirror}"
mkdir -p "$trees"

while read -r project commit; do
    [[ -z "$project" || "$project" == \#* ]] && continue
    dest="$trees/${project/\//+}"
    if [[ -f "$dest/.precision-commit" && "$(cat "$dest/.precision-commit")" == "$commit" ]]; then
        continue
    fi
    git_dir="$mirrors/${project/\//+}/repo"
    if [[ ! -d "$git_dir" ]]; then
        git_dir="$trees/.git-${project/\//+}"
        [[ -d "$git_dir" ]] || git clone --bare --filter=blob:none "https://github.com/$project" "$git_dir"
    fi
    [[ -d "$git_dir/.git" ]] && git_dir="$git_dir/.git"
    rm -rf "$dest.part"
    mkdir -p "$dest.part"
    # A mirror may lack its largest files (data, not Go source): check out what it has.
    index="$dest.part/.precision-index"
    GIT_INDEX_FILE="$index" git --git-dir="$git_dir" read-tree "$commit"
    GIT_INDEX_FILE="$index" git --git-dir="$git_dir" checkout-index -a -f --prefix="$dest.part/" 2>/dev/null || true
    rm -f "$index"
    echo "$commit" >"$dest.part/.precision-commit"
    rm -rf "$dest"
    mv "$dest.part" "$dest"
    echo "precision: $project at $commit in $dest" >&2
done <"$here/projects.txt"
