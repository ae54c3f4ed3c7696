//go:build dev

// Development settings, in a package of their own by mistake.
package devconfig

// Debug is on in development builds.
const Debug = true
