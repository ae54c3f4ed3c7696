//go:build tools

// Package tools names the code generators this module uses. Nothing builds
// it without -tags tools, and it is the only package in its directory, so
// the tag is harmless here.
package tools

import _ "golang.org/x/tools/cmd/stringer"
