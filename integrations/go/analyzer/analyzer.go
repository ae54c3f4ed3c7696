// Package analyzer runs golayout, the Go package-layout linter, as a go/analysis
// analyzer, so that its findings show up wherever analyzers run: go vet (through
// cmd/golayout-vet), golangci-lint (through the module plugin in the plugin directory),
// or a multichecker of your own.
//
// The analyzer does not reimplement golayout: it runs the golayout binary with
// --format json, once per module in each process (or once per package directory, see
// [Config.PerPackage]), and turns each finding in the analyzed package's directory into an
// [analysis.Diagnostic] at the finding's position. A finding in a file the host build
// leaves out of the package (a windows-only file on Linux, a file behind a custom build
// tag, a //go:build ignore generator with its own package clause) is reported on the
// package clause of a built file, with the real file named at the start of the message.
// golayout's fixes become suggested fixes when every file they edit is in the package.
package analyzer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// moduleWideRules are the rules whose verdict on a package depends on other packages of
// the module that are not its dependencies. Drivers cache results per package, so these
// rules run only with [Config.ModuleWide].
const moduleWideRules = "inconsistent-import-alias,misleading-import-alias"

// Config holds the analyzer's settings. The JSON names are the keys of the golangci-lint
// plugin's settings; the flags of [Analyzer] have the same names.
type Config struct {
	// Binary is the golayout binary: a path, or a name looked up on the PATH. When empty,
	// $GOLAYOUT is used, and when that is empty too, golayout on the PATH.
	Binary string `json:"binary"`
	// ModuleWide also runs the rules whose verdict on a package depends on the rest of the
	// module (inconsistent-import-alias, misleading-import-alias). It is off by default
	// because go vet and golangci-lint cache results per package and would keep a stale
	// verdict after another package changes. It implies a run over the whole module.
	ModuleWide bool `json:"module-wide"`
	// UnsafeFixes offers golayout's unsafe fixes (renaming a package clause) as suggested
	// fixes too. By default only the safe ones are offered, as golayout --fix applies them.
	UnsafeFixes bool `json:"unsafe-fixes"`
	// PerPackage runs golayout on each package's directory alone instead of once over its
	// module. The findings are the same; it is faster where each process analyzes a single
	// package, as under go vet, and slower where one process analyzes many, as in
	// golangci-lint.
	PerPackage bool `json:"per-package"`
}

// Analyzer reports golayout's findings with the default [Config]; its flags -binary,
// -module-wide, -unsafe-fixes and -per-package set the fields of the same names (go vet
// and multicheckers prefix them with the analyzer's name: -golayout.binary).
var Analyzer = New(Config{})

// New returns an analyzer that reports golayout's findings with the settings of cfg as
// the defaults of its flags. Each analyzer keeps its own cache of golayout runs.
func New(cfg Config) *analysis.Analyzer {
	r := &runner{runs: map[string]*run{}}
	a := &analysis.Analyzer{
		Name: "golayout",
		Doc: `report golayout's package-layout findings

golayout checks the layout of Go packages: package clauses that disagree with their
directory or with the other files beside it, on any platform, and the aliases of
imports. This analyzer runs the golayout binary (the binary flag, else $GOLAYOUT, else
golayout on the PATH) and reports its findings in the analyzed package's directory.`,
		Run: r.run,
	}
	a.Flags.StringVar(&r.cfg.Binary, "binary", cfg.Binary, "the golayout binary (default $GOLAYOUT, else golayout on the PATH)")
	a.Flags.BoolVar(&r.cfg.ModuleWide, "module-wide", cfg.ModuleWide, "also run the module-wide rules "+moduleWideRules)
	a.Flags.BoolVar(&r.cfg.UnsafeFixes, "unsafe-fixes", cfg.UnsafeFixes, "offer golayout's unsafe fixes (package renames) as suggested fixes too")
	a.Flags.BoolVar(&r.cfg.PerPackage, "per-package", cfg.PerPackage, "run golayout on each package directory alone instead of once per module")
	return a
}

// A runner runs golayout for an analyzer and keeps each run's findings.
type runner struct {
	cfg  Config
	mu   sync.Mutex
	runs map[string]*run // by the directory and pattern golayout was run with
}

// A run is one golayout invocation, made once however many packages ask for it.
type run struct {
	once     sync.Once
	findings []finding
	err      error
}

// A position is where golayout's JSON places a finding, a related location or an edit:
// 1-based lines and byte columns, start and end.
type position struct {
	Line      int `json:"line"`
	Column    int `json:"column"`
	EndLine   int `json:"end_line"`
	EndColumn int `json:"end_column"`
}

// A finding is one element of golayout's --format json output, its paths made absolute.
type finding struct {
	position
	Rule    string    `json:"rule"`
	Message string    `json:"message"`
	Path    string    `json:"path"`
	Related []related `json:"related"`
	Fix     *fix      `json:"fix"`
}

type related struct {
	position
	Path    string `json:"path"`
	Message string `json:"message"`
}

type fix struct {
	Applicability string `json:"applicability"`
	Description   string `json:"description"`
	Edits         []edit `json:"edits"`
}

type edit struct {
	position
	Path    string `json:"path"`
	Content string `json:"content"`
}

// run is the analyzer's Run function.
func (r *runner) run(pass *analysis.Pass) (any, error) {
	// The built files by their real name. A file with //line directives (cgo's output)
	// stands for the file they name, but its offsets are not that file's.
	built := map[string]*ast.File{}
	var real []*ast.File
	for _, f := range pass.Files {
		name := filepath.Clean(pass.Fset.Position(f.Package).Filename)
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		if tf := pass.Fset.File(f.Package); tf != nil && filepath.Clean(tf.Name()) == name {
			built[name] = f
			real = append(real, f)
		}
	}
	// A generated test main (package path "p.test") lives in the build cache.
	if len(real) == 0 || pass.Pkg != nil && strings.HasSuffix(pass.Pkg.Path(), ".test") {
		return nil, nil
	}
	dir := filepath.Dir(filepath.Clean(pass.Fset.File(real[0].Package).Name()))
	findings, err := r.findings(dir)
	if err != nil {
		return nil, err
	}
	ignored := map[string]bool{}
	for _, name := range pass.IgnoredFiles {
		ignored[filepath.Clean(name)] = true
	}
	anchor := anchorFile(pass.Fset, real)
	// go vet and golangci-lint analyze the external test package p_test of a directory
	// besides its package p: it reports the findings in files built into neither only
	// when it leaves them out itself, so that p alone reports the rest.
	xtest := isExternalTest(pass.Fset, real)
	for _, f := range findings {
		if filepath.Dir(f.Path) != dir {
			continue
		}
		file, ok := built[f.Path]
		if !ok && xtest && !ignored[f.Path] {
			continue
		}
		pass.Report(r.diagnostic(pass.Fset, built, f, file, anchor))
	}
	return nil, nil
}

// diagnostic converts f, a finding in file (nil when the build leaves the file out), into
// a diagnostic; anchor is the file whose package clause carries the findings of files
// left out.
func (r *runner) diagnostic(fset *token.FileSet, built map[string]*ast.File, f finding, file, anchor *ast.File) analysis.Diagnostic {
	message := fmt.Sprintf("%s (%s)", f.Message, f.Rule)
	if file != nil {
		if pos, end, ok := span(fset, file, f.position); ok {
			d := analysis.Diagnostic{Pos: pos, End: end, Category: f.Rule, Message: message}
			for _, rel := range f.Related {
				if file := built[rel.Path]; file != nil {
					if pos, end, ok := span(fset, file, rel.position); ok {
						d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, End: end, Message: rel.Message})
					}
				}
			}
			if s, ok := r.suggestedFix(fset, built, f.Fix); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{s}
			}
			return d
		}
		// The file changed since golayout read it: fall back on its package clause.
		anchor = file
	}
	at := fmt.Sprintf("%s:%d:%d: ", filepath.Base(f.Path), f.Line, f.Column)
	if file == anchor {
		at = ""
	}
	return analysis.Diagnostic{
		Pos:      anchor.Name.Pos(),
		End:      anchor.Name.End(),
		Category: f.Rule,
		Message:  at + message,
	}
}

// suggestedFix converts golayout's fix, when the analyzer offers fixes of its
// applicability and every file it edits is built.
func (r *runner) suggestedFix(fset *token.FileSet, built map[string]*ast.File, fx *fix) (analysis.SuggestedFix, bool) {
	if fx == nil || len(fx.Edits) == 0 || fx.Applicability != "safe" && !r.cfg.UnsafeFixes {
		return analysis.SuggestedFix{}, false
	}
	s := analysis.SuggestedFix{Message: fx.Description}
	for _, e := range fx.Edits {
		file := built[e.Path]
		if file == nil {
			return analysis.SuggestedFix{}, false
		}
		pos, end, ok := span(fset, file, e.position)
		if !ok || end == token.NoPos {
			return analysis.SuggestedFix{}, false
		}
		s.TextEdits = append(s.TextEdits, analysis.TextEdit{Pos: pos, End: end, NewText: []byte(e.Content)})
	}
	return s, true
}

// span returns the positions in file of golayout's position p, start and end; end is
// NoPos when it does not fit the file, ok is false when the start does not.
func span(fset *token.FileSet, file *ast.File, p position) (pos, end token.Pos, ok bool) {
	tf := fset.File(file.Package)
	pos, ok = offset(tf, p.Line, p.Column)
	if !ok {
		return token.NoPos, token.NoPos, false
	}
	if end, ok := offset(tf, p.EndLine, p.EndColumn); ok && end >= pos {
		return pos, end, true
	}
	return pos, token.NoPos, true
}

// offset returns the position of a 1-based line and byte column in tf.
func offset(tf *token.File, line, col int) (token.Pos, bool) {
	if line < 1 || line > tf.LineCount() || col < 1 {
		return token.NoPos, false
	}
	off := int(tf.LineStart(line)) - tf.Base() + col - 1
	if off > tf.Size() {
		return token.NoPos, false
	}
	return tf.Pos(off), true
}

// anchorFile picks the file whose package clause carries the findings of files left out
// of the build: the first non-test file, else the first file.
func anchorFile(fset *token.FileSet, files []*ast.File) *ast.File {
	for _, f := range files {
		if !strings.HasSuffix(fset.File(f.Package).Name(), "_test.go") {
			return f
		}
	}
	return files[0]
}

// isExternalTest reports whether files make up an external test package p_test.
func isExternalTest(fset *token.FileSet, files []*ast.File) bool {
	for _, f := range files {
		if !strings.HasSuffix(f.Name.Name, "_test") || !strings.HasSuffix(fset.File(f.Package).Name(), "_test.go") {
			return false
		}
	}
	return true
}

// findings returns golayout's findings for dir, running golayout over dir's module, or
// over dir alone, at most once per process.
func (r *runner) findings(dir string) ([]finding, error) {
	root, pattern := r.target(dir)
	key := root + "\x00" + pattern
	r.mu.Lock()
	rn := r.runs[key]
	if rn == nil {
		rn = &run{}
		r.runs[key] = rn
	}
	r.mu.Unlock()
	rn.once.Do(func() { rn.findings, rn.err = r.golayout(root, pattern) })
	return rn.findings, rn.err
}

// target returns the directory to run golayout in and the pattern to check there: the
// module root and ./..., or, per package, outside a module, or where ./... skips dir (in
// testdata, vendor, or a directory whose name starts with _ or .), dir itself.
func (r *runner) target(dir string) (root, pattern string) {
	root = moduleRoot(dir)
	if root == "" {
		return dir, "."
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return dir, "."
	}
	rel = filepath.ToSlash(rel)
	if r.cfg.PerPackage && !r.cfg.ModuleWide {
		return root, "./" + rel
	}
	for _, elem := range strings.Split(rel, "/") {
		if elem != "." && (elem == "testdata" || elem == "vendor" || strings.HasPrefix(elem, "_") || strings.HasPrefix(elem, ".")) {
			return root, "./" + rel
		}
	}
	return root, "./..."
}

// moduleRoot returns the nearest directory at or above dir holding a go.mod, or "".
func moduleRoot(dir string) string {
	for {
		if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// golayout runs golayout check on pattern in dir and returns its findings, their paths
// made absolute.
func (r *runner) golayout(dir, pattern string) ([]finding, error) {
	name := r.cfg.Binary
	if name == "" {
		name = os.Getenv("GOLAYOUT")
	}
	if name == "" {
		name = "golayout"
	}
	bin, err := exec.LookPath(name)
	if err != nil {
		return nil, fmt.Errorf("cannot find the golayout binary (name it with the binary flag or setting, or $GOLAYOUT, or put golayout on the PATH): %w", err)
	}
	args := []string{"check", pattern, "--format", "json", "--quiet", "--exit-zero", "--color", "never"}
	if !r.cfg.ModuleWide {
		args = append(args, "--ignore", moduleWideRules)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("running %s %s in %s: %w", bin, strings.Join(args, " "), dir, err)
	}
	var findings []finding
	if err := json.Unmarshal(stdout.Bytes(), &findings); err != nil {
		return nil, fmt.Errorf("reading the output of %s %s in %s: %w", bin, strings.Join(args, " "), dir, err)
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(dir, filepath.FromSlash(p))
	}
	for i := range findings {
		f := &findings[i]
		f.Path = abs(f.Path)
		for j := range f.Related {
			f.Related[j].Path = abs(f.Related[j].Path)
		}
		if f.Fix != nil {
			for j := range f.Fix.Edits {
				f.Fix.Edits[j].Path = abs(f.Fix.Edits[j].Path)
			}
		}
	}
	return findings, nil
}
