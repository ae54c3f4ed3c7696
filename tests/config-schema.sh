#!/usr/bin/env bash
# Validates every golayout.toml the repository holds or shows (fixtures, the rule
# documents' examples, the README's Configuration section) against golayout.schema.json
# with check-jsonschema from PyPI, which reads TOML, and with `golayout config check`;
# and shows that the schema rejects what the parser rejects (an unknown key, rule, option
# or value). One PASS or FAIL line per check; exit 1 if any failed.
set -euo pipefail

CHECK_JSONSCHEMA_VERSION=0.37.1

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
golayout="${GOLAYOUT:-${CARGO_TARGET_DIR:-$repo/target}/release/golayout}"
if [[ ! -x "$golayout" ]]; then
    echo "config-schema: no golayout binary at $golayout (cargo build --release)" >&2
    exit 2
fi
script="config-schema.sh"
# shellcheck source=tests/lib.sh
source "$repo/tests/lib.sh"
make_work_dir

python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "check-jsonschema==$CHECK_JSONSCHEMA_VERSION"
check_jsonschema="$work/venv/bin/check-jsonschema"

# Every config: the fixtures' files as they are, and each ```toml block of a rule
# document that follows a `golayout.toml` path line or of the README's Configuration
# section, written out as a file of its own.
mkdir -p "$work/configs"
find "$repo/fixtures" -name golayout.toml -o -name .golayout.toml | sort >"$work/list"
python3 - "$repo" "$work/configs" >>"$work/list" <<'PY'
import pathlib, re, sys
repo, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
blocks = []
for doc in sorted((repo / "rules").glob("*.md")):
    text = doc.read_text()
    for n, m in enumerate(re.finditer(r"`golayout\.toml`:\n```toml\n(.*?)```", text, re.S)):
        blocks.append((f"{doc.stem}-{n}", m.group(1)))
readme = (repo / "README.md").read_text()
section = readme.split("\n### Configuration\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
for n, body in enumerate(re.findall(r"```toml\n(.*?)```", section, re.S)):
    blocks.append((f"README-{n}", body))
for name, body in blocks:
    path = out / name / "golayout.toml"
    path.parent.mkdir(parents=True)
    path.write_text(body)
    print(path)
PY
count=$(wc -l <"$work/list")
if [[ "$count" -lt 10 ]]; then
    fail "found only $count configs to validate (expected the fixtures', the docs' and the README's)"
fi

mapfile -t configs <"$work/list"
if out=$("$check_jsonschema" --schemafile "$repo/golayout.schema.json" "${configs[@]}" 2>&1); then
    pass "check-jsonschema accepts all $count configs (fixtures, rule documents, README)"
else
    fail "check-jsonschema rejects some of the $count configs:"
    printf '%s\n' "$out" | sed 's/^/    | /'
fi
rejected=0
for config in "${configs[@]}"; do
    if ! out=$("$golayout" config check "$config" 2>&1); then
        rejected=$((rejected + 1))
        printf '%s\n' "$out" | sed 's/^/    | /'
    fi
done
if [[ "$rejected" -eq 0 ]]; then
    pass "golayout config check accepts all $count configs"
else
    fail "golayout config check rejects $rejected of the $count configs"
fi

# What the parser rejects, the schema rejects too.
bad=(
    'colour = "always"'
    $'[rules]\nno-such-rule = "error"'
    $'[rules.package-dir-mismatch]\nstrict = true'
    $'[rules.package-dir-mismatch]\nmode = "loose"'
    $'[rules]\nmultiple-packages = "loud"'
    'generated = "always"'
    $'[rules.inconsistent-import-alias]\nmajority = 0.4'
)
for text in "${bad[@]}"; do
    file="$work/bad.toml"
    printf '%s\n' "$text" >"$file"
    label="${text//$'\n'/ }"
    if "$golayout" config check "$file" >/dev/null 2>&1; then
        fail "golayout config check accepts a bad config: $label"
    elif "$check_jsonschema" --schemafile "$repo/golayout.schema.json" "$file" >/dev/null 2>&1; then
        fail "the schema accepts what golayout rejects: $label"
    else
        pass "both reject: $label"
    fi
done

if [[ "$failures" -ne 0 ]]; then
    echo "config-schema: $failures check(s) failed" >&2
    exit 1
fi
echo "config-schema: all checks passed"
