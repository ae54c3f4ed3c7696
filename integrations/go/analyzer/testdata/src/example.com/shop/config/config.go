// Package config loads settings.
package config // want `config_dev.go:4:9: found packages config \(config.go\) and devconfig \(config_dev.go\) in config with -tags dev: config_dev.go declares package devconfig, but the directory's package is config \(multiple-packages\)`

// Load loads the settings.
func Load() {}
