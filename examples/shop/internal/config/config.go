// Package config reads the shop's settings from the environment.
package config

import "os"

// Config is the service's settings.
type Config struct {
	Addr string
	DSN  string
}

// FromEnv reads the settings, with defaults for production.
func FromEnv() Config {
	return Config{Addr: getenv("SHOP_ADDR", ":8080"), DSN: getenv("SHOP_DSN", "memory:")}
}

func getenv(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}
