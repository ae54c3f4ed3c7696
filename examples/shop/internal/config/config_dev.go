//go:build dev

// Development defaults, built only with -tags dev. Its package clause is
// wrong: go build passes, go build -tags dev fails.
package devconfig

// Debug turns on verbose logging in development builds.
const Debug = true
