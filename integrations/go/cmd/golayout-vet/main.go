// Command golayout-vet runs golayout under go vet:
//
//	go vet -vettool=$(which golayout-vet) ./...
//
// It needs the golayout binary: -golayout.binary=PATH, else $GOLAYOUT, else golayout on
// the PATH. go vet runs it once per package, so it checks each package's directory alone
// (-golayout.per-package, on by default here); -golayout.module-wide also runs golayout's
// module-wide rules over the whole module, and -golayout.unsafe-fixes offers golayout's
// unsafe fixes too.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/golayout/golayout/integrations/go/analyzer"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		printVersion()
		return
	}
	unitchecker.Main(analyzer.New(analyzer.Config{PerPackage: true}))
}

// printVersion answers go vet's -V=full. go vet caches each package's results under the
// tool's ID, so the ID covers what the findings depend on besides the Go files: this
// binary, the golayout binary, and the golayout config files at and above the current
// directory. A new golayout or an edited config must not replay the old findings.
func printVersion() {
	h := sha256.New()
	for _, path := range toolInputs() {
		fmt.Fprintf(h, "%s\n", path)
		if err := hashFile(h, path); err != nil {
			fmt.Fprintln(os.Stderr, "golayout-vet:", err)
			os.Exit(1)
		}
	}
	fmt.Printf("golayout-vet version devel golayout buildID=%x\n", h.Sum(nil))
}

// toolInputs returns the files whose contents make up the tool's ID.
func toolInputs() []string {
	var paths []string
	if self, err := os.Executable(); err == nil {
		paths = append(paths, self)
	}
	// A golayout named by -golayout.binary is not known here; $GOLAYOUT or the PATH is.
	golayout := os.Getenv("GOLAYOUT")
	if golayout == "" {
		golayout = "golayout"
	}
	if path, err := exec.LookPath(golayout); err == nil {
		paths = append(paths, path)
	}
	dir, err := os.Getwd()
	if err != nil {
		return paths
	}
	for {
		for _, name := range []string{"golayout.toml", ".golayout.toml"} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() {
				paths = append(paths, filepath.Join(dir, name))
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return paths
		}
		dir = parent
	}
}

// hashFile writes the contents of the file at path to w.
func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("hashing %s for the tool ID: %w", path, err)
	}
	defer f.Close()
	if _, err := io.Copy(w, f); err != nil {
		return fmt.Errorf("hashing %s for the tool ID: %w", path, err)
	}
	return nil
}
