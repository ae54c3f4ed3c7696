#!/usr/bin/env python3
"""Reruns golayout over the precision projects and compares its findings with the verdicts.

Usage: precision.py [--golayout BIN] [--trees DIR] [--dump DIR] [--markdown] [--untrue]

For every project in projects.txt (made by trees.sh), runs `golayout check ./... --format
json` at the tree's root twice: with the defaults, as a user first meets it, and with
opt-in.toml, which turns on the rules and modes that are off by default. Reads
verdicts/<owner>+<name>.tsv, whose lines are

    rule <TAB> path:line <TAB> verdict <TAB> reason

with verdict one of fix, suppress (a true finding), debatable, false. Prints per rule and
run (`default`, or `opt-in` for a rule the second run changes): findings, judged, judged
true kept and lost (a fault another rule now reports at the same place, or names there as
a related location, is listed as moved, not lost), judged false or debatable still
reported, findings nobody judged yet, and the strict precision (true / judged, over the
findings still reported). A judged true finding is lost when neither run reports it.
--dump writes each project's unjudged findings as verdict-file lines with an empty
verdict, to judge. Exits 1 when a rule is below 0.9 in the default run, a judged true
finding is lost, or a verdict line is malformed.
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TRUE = {"fix", "suppress"}
VERDICTS = TRUE | {"debatable", "false"}
THRESHOLD = 0.9
OPT_IN = os.path.join(HERE, "opt-in.toml")


def opt_in_rules():
    """The rules whose findings opt-in.toml changes."""
    with open(OPT_IN, "rb") as f:
        return set(tomllib.load(f).get("rules", {}))


def projects():
    with open(os.path.join(HERE, "projects.txt")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, commit = line.split()
                yield name, commit


def findings(golayout, tree, *config):
    run = subprocess.run(
        [golayout, "check", "./...", "--format", "json", *config],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"precision: golayout failed in {tree} ({run.returncode}): {run.stderr}")
    found, related = {}, set()
    for d in json.loads(run.stdout):
        key = (d["rule"], f'{d["path"]}:{d["line"]}')
        found.setdefault(key, d["message"])
        related.update(f'{r["path"]}:{r["line"]}' for r in d["related"])
    return found, related


def verdicts(path):
    judged = {}
    if not os.path.exists(path):
        return judged
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4 or fields[2] not in VERDICTS or not fields[3].strip():
                sys.exit(f"precision: {path}:{number}: want rule, path:line, verdict, reason")
            if (fields[0], fields[1]) in judged:
                sys.exit(f"precision: {path}:{number}: {fields[0]} {fields[1]} is judged twice")
            judged[(fields[0], fields[1])] = fields[2]
    return judged


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--golayout", default=os.path.join(ROOT, "target/release/golayout"))
    parser.add_argument(
        "--trees",
        default=os.environ.get("PRECISION_TREES", os.path.join(ROOT, "target/precision-trees")),
    )
    parser.add_argument("--dump", help="write unjudged findings here, one file per project")
    parser.add_argument("--markdown", action="store_true", help="print the README table")
    parser.add_argument(
        "--untrue", action="store_true", help="list the findings judged untrue still reported"
    )
    parser.add_argument(
        "--lint", action="store_true", help="only check that the verdict files are well formed"
    )
    args = parser.parse_args()
    golayout = os.path.abspath(args.golayout)
    if args.lint:
        count = 0
        for name, _ in projects():
            path = os.path.join(HERE, "verdicts", name.replace("/", "+") + ".tsv")
            if not os.path.exists(path):
                sys.exit(f"precision: no verdicts for {name}: {path}")
            count += len(verdicts(path))
        print(f"precision: {count} verdicts, well formed")
        return 0

    changed = opt_in_rules()
    rows = collections.defaultdict(collections.Counter)
    lost = []
    moved = []
    untrue = []
    for name, _ in projects():
        slug = name.replace("/", "+")
        tree = os.path.join(args.trees, slug)
        if not os.path.isdir(tree):
            sys.exit(f"precision: no tree for {name} in {args.trees}: run trees.sh first")
        default, related = findings(golayout, tree)
        opted, opted_related = findings(golayout, tree, "--config", OPT_IN)
        related |= opted_related
        judged = verdicts(os.path.join(HERE, "verdicts", slug + ".tsv"))
        unjudged = {}
        runs = [
            ("default", default),
            ("opt-in", {k: m for k, m in opted.items() if k[0] in changed}),
        ]
        for run, found in runs:
            for (rule, at), message in sorted(found.items()):
                row = rows[(rule, run)]
                row["findings"] += 1
                verdict = judged.get((rule, at))
                if verdict is None:
                    row["unjudged"] += 1
                    unjudged[(rule, at)] = f"{rule}\t{at}\t\t{message}"
                elif verdict in TRUE:
                    row["true"] += 1
                else:
                    row["untrue"] += 1
                    untrue.append(f"{name}: {rule} [{run}] {at} ({verdict}): {message}")
        # A fault still reported at its place by another rule (a duplicate import that
        # duplicate-import names) is moved, not lost.
        found = default | opted
        places = {at for (_, at) in found} | related
        for (rule, at), verdict in sorted(judged.items()):
            if verdict in TRUE and (rule, at) not in found:
                if at in places:
                    moved.append(f"{name}: {rule} {at}")
                    continue
                rows[(rule, "default")]["lost"] += 1
                lost.append(f"{name}: {rule} {at}")
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            with open(os.path.join(args.dump, slug + ".tsv"), "w") as f:
                f.writelines(unjudged[key] + "\n" for key in sorted(unjudged))

    # Every default-on rule has a row, those with no finding on these projects too.
    listing = subprocess.run([golayout, "rules"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[1] != "off":
            rows[(fields[0], "default")]["findings"] += 0
    for rule in changed:
        rows[(rule, "opt-in")]["findings"] += 0
    failed = bool(lost)
    header = ("rule", "run", "findings", "judged", "true", "untrue", "lost", "unjudged",
              "precision")
    lines = []
    for rule, run in sorted(rows):
        row = rows[(rule, run)]
        judged = row["true"] + row["untrue"]
        precision = row["true"] / judged if judged else None
        if run == "default" and precision is not None and precision < THRESHOLD:
            failed = True
        lines.append(
            (rule, run, row["findings"], judged, row["true"], row["untrue"], row["lost"],
             row["unjudged"], "-" if precision is None else f"{precision:.2f}")
        )
    if args.markdown:
        print("| rule | run | findings | judged | precision |")
        print("|---|---|---:|---:|---:|")
        for line in lines:
            print(f"| `{line[0]}` | {line[1]} | {line[2]} | {line[3]} | {line[8]} |")
    else:
        print("".join(f"{h:>26}" if i == 0 else f"{h:>10}" for i, h in enumerate(header)))
        for line in lines:
            print("".join(f"{v:>26}" if i == 0 else f"{v!s:>10}" for i, v in enumerate(line)))
    if args.untrue:
        for item in untrue:
            print(f"untrue: {item}")
    for item in moved:
        print(f"moved (judged true, now reported by another rule at its place): {item}",
              file=sys.stderr if args.markdown else sys.stdout)
    for item in lost:
        print(f"lost (judged true, no longer reported): {item}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
