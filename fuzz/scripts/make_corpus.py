#!/usr/bin/env python3
"""Builds the seed corpus of every fuzz target from a Go source tree.

    python3 fuzz/scripts/make_corpus.py GOROOT

Only small files are kept (headers cut after the imports, at most 2 KiB each), a few
hundred in all. The choice is deterministic: the same GOROOT gives the same corpus.
Hand-written seeds for the odd cases (BOM, CRLF, unterminated things, configs) are added
too. Each seed is named by the SHA-1 of its contents, as libFuzzer names its own.
"""

import hashlib
import os
import re
import struct
import sys

MAX = 2048


def save(target, data):
    if isinstance(data, str):
        data = data.encode()
    if not data or len(data) > MAX:
        return False
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", target)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
    return True


def go_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".go"):
                yield os.path.join(dirpath, name)


IMPORT_END = re.compile(rb"^\)\s*$|^import\s+(\w+\s+|[._]\s+)?\"[^\"]*\"\s*$", re.M)


def header(data):
    """The file cut a little after its last import (or its package clause)."""
    m = re.search(rb"^package\s+\w+", data, re.M)
    if not m:
        return data[:MAX]
    end = m.end()
    for im in IMPORT_END.finditer(data, end):
        # stop at the first declaration after the imports
        if re.search(rb"^(func|type|var|const)\b", data[end:im.start()], re.M):
            break
        end = im.end()
    return data[: min(len(data), end + 40)]


def main():
    goroot = sys.argv[1]
    src = os.path.join(goroot, "src")

    # header: headers of real files, picked for variety: constraints, cgo, named,
    # dot and blank imports, raw strings, long import lists, comments, generated code.
    picked = {}
    for path in go_files(src):
        data = open(path, "rb").read()
        h = header(data)
        if len(h) > MAX:
            continue
        kinds = []
        if b"//go:build" in h:
            kinds.append("build")
        if b"// +build" in h:
            kinds.append("plus")
        if b'import "C"' in h:
            kinds.append("cgo")
        if re.search(rb"^\s+\w+\s+\"", h, re.M):
            kinds.append("alias")
        if re.search(rb"^\s+[._]\s+\"", h, re.M):
            kinds.append("dotblank")
        if b"`" in h.split(b"package", 1)[-1][:200]:
            kinds.append("raw")
        if b"Code generated" in h:
            kinds.append("generated")
        if b"/*" in h:
            kinds.append("block")
        if b"\r\n" in h:
            kinds.append("crlf")
        if h.startswith(b"\xef\xbb\xbf"):
            kinds.append("bom")
        if b"testdata" in path.encode():
            kinds.append("testdata")
        if not kinds:
            kinds.append("plain")
        for kind in kinds:
            picked.setdefault(kind, []).append(h)
    n = 0
    for kind, heads in sorted(picked.items()):
        step = max(1, len(heads) // 9)
        for h in heads[::step][:9]:
            n += save("header", h)
    for seed in [
        b"\xef\xbb\xbfpackage bom\r\n\r\nimport (\r\n\t\"fmt\"\r\n)\r\n",
        b"package p\nimport (",
        b"package p\nimport \"abc",
        b"package p\nimport (/*",
        b"package",
        b"// only a comment\n",
        b"package \xff\n",
        b"\x00\x01garbage",
        b"//go:build a\n//go:build b\n\npackage p\n",
        b"//golayout:file-ignore package-dir-mismatch generated\npackage p // golayout:ignore x\n\nimport (\n\t//golayout:ignore duplicate-import reason\n\t\"fmt\"\r\n\t\"os\" //golayout:ignore x why\r\n)\n",
        b"package p\nimport (\"example.com/x\\u0079z\"; `raw/p`)\nimport m \"lib/math\"\nvar x = `import \"b\"`\n",
        b"package p; import \"a\"; import (\"b\"); func f() {}",
        b"/* a */ package /* b */ p /* c */\nimport/* d */\"e\"\n",
        # found by fuzzing: `/*/` does not close; a byte order mark after comments
        b"/*/ package q */ package p\n",
        b"// c\n\xef\xbb\xbfpackage p\n",
        b"/* c */\xef\xbb\xbfpackage p\n",
        # found by fuzzing: a vertical tab ends the header; a form feed is an error
        b"package importC\x0b\nimport \"C\"\n",
        b"package p\x0c\nimport \"C\"\n",
        # found by fuzzing: a NUL right after the header is read by go/build's reader
        b"package drb\r\x00\nimport (\n\t\"bytes\"\n)\n",
        # found by fuzzing: a second semicolon ends the imports
        b"package x\n\nimport \"import4\";;;\nimport \"b\"\n",
    ]:
        n += save("header", seed)
    print("header", n)

    # constraint: 8 bytes of seed for the tag assignment, then a line or a header.
    lines = set()
    for path in go_files(src):
        with open(path, "rb") as f:
            for line in f.read(4096).split(b"\n"):
                line = line.strip()
                if line.startswith(b"//go:build") or line.startswith(b"// +build"):
                    lines.add(line)
    lines = sorted(lines, key=lambda l: (len(l), l))
    n = 0
    step = max(1, len(lines) // 80)
    for i, line in enumerate(lines[::step][:80]):
        n += save("constraint", struct.pack("<Q", i * 0x9E3779B97F4A7C15 % 2**64) + line)
    for i, text in enumerate([
        b"//go:build !(linux && amd64) || (darwin && !cgo) || go1.21\n\npackage p\n",
        b"// +build linux,386 darwin,!cgo\n\n// +build !ignore\n\npackage p\n",
        b"// +build linux\npackage p\n",
        b"/* a */ // +build x\n\npackage p\n",
        b"\xef\xbb\xbf//go:build foo\r\n\r\npackage p\r\n",
        b"//go:build a\n//go:build b\n",
        b"//go:build !!a",
        b"//go:build (a",
        b"//go:build a &| b",
        b"//go:buildx",
        b"// +build !!x !, ,x",
        b"x_linux_amd64_test.go",
        b"x_windows.go",
        b"//go:build " + b"(" * 40 + b"a" + b")" * 40,
    ]):
        n += save("constraint", struct.pack("<Q", i * 7919) + text)
    print("constraint", n)

    # gomod: the go.mod files of the tree and those of the go command's test scripts.
    mods = [open(p, "rb").read() for p in sorted(
        os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f == "go.mod")]
    works = []
    script = os.path.join(src, "cmd", "go", "testdata", "script")
    for name in sorted(os.listdir(script)):
        data = open(os.path.join(script, name), "rb").read()
        for m in re.finditer(rb"^-- ([^\n]*?) --\n(.*?)(?=^-- |\Z)", data, re.M | re.S):
            file, body = m.group(1), m.group(2)
            if file.endswith(b"go.mod"):
                mods.append(body)
            elif file.endswith(b"go.work"):
                works.append(body)
    n = 0
    step = max(1, len(mods) // 40)
    for body in mods[::step][:40]:
        n += save("gomod", body)
    n += save("gomod", b'module "quoted/m" // c\ngo 1.21rc1\nrequire (\n\tx v1.0.0 // indirect\n)\nreplace a v1 => ../b\nreplace (\n\tc => d v1.2.3-pre+build\n)\n')
    n += save("gomod", b"module m\nrequire `raw` v1\nrequire \"x\\n\" v1.0.0-0.20200101000000-abcdef123456\nretract [v1.0.0, v1.1.0]\n")
    print("gomod", n)
    n = 0
    step = max(1, len(works) // 30)
    for body in works[::step][:30]:
        n += save("gowork", body)
    n += save("gowork", b"go 1.22\n\nuse (\n\t./a\n\t\"./b c\"\n)\nreplace x => C:\\dir\nreplace y v1 => z v2.0.0\n")
    print("gowork", n)

    # modules_txt: the vendor lists of the tree, whole when small, else in pieces.
    n = 0
    for p in sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f == "modules.txt"):
        data = open(p, "rb").read()
        for i in range(0, len(data), MAX):
            start = data.rfind(b"\n# ", 0, i) + 1 if i else 0
            n += save("modules_txt", data[start:start + MAX])
    n += save("modules_txt", b"# a v1.0.0 => ../a\n## explicit; go 1.21\na\na/b\n# b => ./b\n## explicit\nb/c\n# c\n# d v1\nd\n")
    print("modules_txt", n)

    # config: the documented keys, and the mistakes the reader must point at.
    n = 0
    for text in [
        'exclude = ["third_party/**"]\ntags = ["integration"]\n\n[rules]\ndot-import = "error"\nredundant-import-alias = "off"\n\n[rules.package-dir-mismatch]\nmode = "goimports"\nallow = ["internal/storage/v1/api"]\n\n[aliases]\n"k8s.io/apimachinery/pkg/apis/meta/v1" = "metav1"\n',
        'generated = "check"\n[rules.misleading-import-alias]\nstd-names = "all"\nallow = ["x/y"]\nlevel = "warning"\n',
        'tags = "x"\n',
        'exclude = ["a/[b"]\n',
        '[rules]\nno-such-rule = "error"\n',
        '[rules.package-dir-mismatch]\nmode = "loose"\n',
        'unknown = 1\n',
        'tags = [\n',
        '\u00e9 = "\u00e9"\n[rules."dot-import"]\nlevel = 3\n',
        '[aliases]\n"x" = 1\n',
    ]:
        n += save("config", text)
    print("config", n)

    # check: files of one directory, cut at "\n--\n" (a.go, b.go, a_test.go, x_linux.go,
    # y_windows_amd64.go, doc.go); example.com/m/q is `package quux`.
    n = 0
    for text in [
        "package p\n--\npackage p\n--\npackage p_test\n",
        "package p\n--\npackage other\n--\npackage wrong_test\n--\npackage linux\n--\npackage windows\n--\npackage documentation\n",
        'package p\n\nimport (\n\t"example.com/m/q"\n\tquux "example.com/m/q"\n\tfmt "fmt"\n\tq2 "example.com/m/q"\n\t. "strings"\n\t_ "embed"\n\t"example.com/m/q"\n)\n\nvar _ = quux.X\nvar _ = q.Y\n',
        'package p\n\nimport string "strings" //golayout:ignore misleading-import-alias reason\n--\npackage p\n\nimport s "strings"\n--\npackage p_test\n\nimport strs "strings"\n//golayout:ignore redundant-import-alias\nimport fmt "fmt"\n',
        "//go:build ignore\n\npackage main\n--\n//go:build tools\n\npackage tools\n--\npackage p\n--\n// +build linux\n\npackage lin\n",
        "//golayout:file-ignore multiple-packages generated\npackage a\n--\n// Code generated by x. DO NOT EDIT.\n\npackage b\n\nimport m \"example.com/m/q\"\n",
        "\ufeffpackage p\r\n\r\nimport (\r\n\tquux \"example.com/m/q\"\r\n)\r\n\r\nfunc f() { quux.F(); var quux = 1; _ = quux }\r\n",
        'package p\nimport "C"\nimport m "math/rand/v2"\nimport yaml "gopkg.in/yaml.v3"\nimport v1 "k8s.io/api/core/v1beta1"\n',
        # found by fuzzing: a fix realigning a comment on the first line
        "package f //",
        # found by fuzzing: many custom tags (words of a garbage +build line) made the search
        # for tag sets that split the directory try every subset (a time-out)
        b'// Copyright 2023 The Go Authors. All rights reserved.\n// Use urn int(C.F()) }\n\nfun\n--\n// Copyright 2011 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that rings"\n\t"sync"\n\t"testing"\n)\n\n// tests holds some simplcan be found in the LICENSE file.\n\npackage types_testyle\n// license that can be found in the LICENSE file.\n\npackage types_test\n\nimport (\n\t"fmt"\n\t"go/ast"\n\t"go/token"\n\t"internal/testenv"\n\t"slices"\n\t"testing"\n\n\t. "go/types"\n)\n\ntype resolveTestId\n\nimport (\n\t"bytes"\n\t"crypto/sha512"\n\t"fmt"\n\t"internal/race"\n\t"internal/testenv"\n\t"io"\n\t"os"\n\t"os/execst\n\nimport (\n\t"fmt"\n\t"go/ast"\n\t"go/token"\n\t"internal/testenv"\n\t"slices"\n\t"testing"\n\n\t. "go/types"\n)\n\ntype re()) }\n\nfun\n--\n// Copyright 2011 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\npackage types_test\n\nimport (\n\t"fmt"\n\t"go/ast"\n\t"go/tokesssssssssssssssssssssssssssssssssssssssssssssssssssssssssn"\n\t"internal/testenv"\n\t"slices"\n\t"testing"\n\n\t. "go/types"\n)\n\ntype resolveTestId\n\nimport (\n\t"bytes"\n\t"crypto/sha256"\n\t"fmt"\n\t"internal/race"\n\t"internal/testenv"\n\t"io"\n\t"os"\n\t"os/exec"\n\t"path/filepath"\n\t"strings"\n\t"sync"\n\t"testing"\n)\n\n// tests holds some simple test cases, \n--\n//gu:boild blahblh && linux && !linux && windows && darwin\n// +build blahblh,linux,!lCopyright 2023 The Go Authors. All rights reserved.\n// Use of this source code is governed by a BSD-style\n// license that can be found in the LICENSE file.\n\npackage zstd\n\nimport (\n\t"bytes"\n\t"crypto/sha256"\n\t"fmt"\n\t"internal/race"\n\t"internal/testenv"\n\t"io"\n\t"os"\n\t"os/exec"\n\t"path/filepath"\n\t"strings"\n\t"sync"\n\t"testing"\n)\n\n// tests holds some simple test cases, \n--\n//gu:boild blahblh  &&linux && !linux && windows && darwin\n// +build blahblh,linux,!inux,windows,darwin\n\npackage x\n\nimport "import4"\n',
    ]:
        n += save("check", text)
    heads = sorted(os.listdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "header")))
    base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "header")
    for i in range(0, min(len(heads), 40), 2):
        a = open(os.path.join(base, heads[i]), "rb").read()
        b = open(os.path.join(base, heads[i + 1]), "rb").read()
        n += save("check", a + b"\n--\n" + b)
    print("check", n)


if __name__ == "__main__":
    main()
