//go:build !golayout_offline

package plugin_test

import (
	"testing"

	"github.com/golangci/plugin-module-register/register"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("golayout")
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]any{"binary": "/opt/golayout", "unsafe-fixes": true}
	p, err := newPlugin(settings)
	if err != nil {
		t.Fatalf("settings %v: %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeSyntax {
		t.Errorf("load mode %q, want %q", got, register.LoadModeSyntax)
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(analyzers) != 1 || analyzers[0].Name != "golayout" {
		t.Fatalf("analyzers %v, want the golayout analyzer alone", analyzers)
	}
	flags := analyzers[0].Flags
	if got := flags.Lookup("binary").Value.String(); got != "/opt/golayout" {
		t.Errorf("binary %q, want /opt/golayout", got)
	}
	if got := flags.Lookup("unsafe-fixes").Value.String(); got != "true" {
		t.Errorf("unsafe-fixes %s, want true", got)
	}
}

func TestNoSettings(t *testing.T) {
	newPlugin, err := register.GetPlugin("golayout")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newPlugin(nil); err != nil {
		t.Errorf("no settings: %v", err)
	}
}

func TestUnknownSetting(t *testing.T) {
	newPlugin, err := register.GetPlugin("golayout")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newPlugin(map[string]any{"golayout": "/opt/golayout"}); err == nil {
		t.Error("an unknown setting was accepted")
	}
}
