//go:build !golayout_offline

// Package plugin registers golayout as a golangci-lint module plugin.
//
// List this module in .custom-gcl.yml, build a golangci-lint binary with
// golangci-lint custom, and enable the linter golayout in .golangci.yml; its settings
// are the fields of [analyzer.Config]: binary, module-wide, unsafe-fixes and per-package.
//
// The build tag golayout_offline leaves this package out, so that the rest of the module
// builds and tests where github.com/golangci/plugin-module-register cannot be downloaded.
package plugin

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/golayout/golayout/integrations/go/analyzer"
)

func init() {
	register.Plugin("golayout", New)
}

// New returns the golayout plugin configured by settings, the linter's settings in
// .golangci.yml.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	if err != nil {
		return nil, fmt.Errorf("golayout: reading the settings in .golangci.yml: %w", err)
	}
	return &Plugin{cfg: cfg}, nil
}

// Plugin is golayout as a golangci-lint module plugin.
type Plugin struct {
	cfg analyzer.Config
}

// BuildAnalyzers returns the golayout analyzer.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.New(p.cfg)}, nil
}

// GetLoadMode asks for syntax only: the analyzer reads the files' names and package
// clauses, never their types.
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeSyntax
}
