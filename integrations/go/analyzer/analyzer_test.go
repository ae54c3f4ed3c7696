package analyzer_test

import (
	"os"
	"os/exec"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/golayout/golayout/integrations/go/analyzer"
)

// needGolayout skips the test when no golayout binary can be found, the way the
// analyzer looks for one: $GOLAYOUT, else golayout on the PATH. It also clears GOFLAGS:
// analysistest loads testdata in GOPATH mode, where module flags such as -modfile fail.
func needGolayout(t *testing.T) {
	t.Helper()
	t.Setenv("GOFLAGS", "")
	name := os.Getenv("GOLAYOUT")
	if name == "" {
		name = "golayout"
	}
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("no golayout binary (%v): build it with cargo build --release and set GOLAYOUT=target/release/golayout", err)
	}
}

// TestFindings checks the findings on package clauses: one in a built file, and two in
// files the host build leaves out (a windows-only file, a file behind a custom tag),
// reported on the package clause of a built file with the real file named. The config
// directory also has an external test package, which must not report the left-out
// file's finding a second time.
func TestFindings(t *testing.T) {
	needGolayout(t)
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer,
		"example.com/shop/config", "example.com/shop/fsutil", "example.com/shop/util")
}

// TestSafeFix checks that golayout's safe fixes become suggested fixes.
func TestSafeFix(t *testing.T) {
	needGolayout(t)
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), analyzer.Analyzer, "example.com/shop/report")
}

// TestUnsafeFix checks that golayout's unsafe fixes are offered only when asked for,
// and that a fix editing two files becomes one suggested fix.
func TestUnsafeFix(t *testing.T) {
	needGolayout(t)
	for _, r := range analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "example.com/shop/storage") {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) != 0 {
				t.Errorf("%s: unsafe fix offered without -unsafe-fixes: %v", r.Pass.Fset.Position(d.Pos), d.SuggestedFixes)
			}
		}
	}
	a := analyzer.New(analyzer.Config{UnsafeFixes: true})
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a, "example.com/shop/storage")
}
