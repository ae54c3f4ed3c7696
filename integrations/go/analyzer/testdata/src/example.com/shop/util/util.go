// Package util helps.
package util

// Help helps.
func Help() {}
