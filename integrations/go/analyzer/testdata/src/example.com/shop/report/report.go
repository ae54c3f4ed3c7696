// Package report writes reports.
package report

import (
	util "example.com/shop/util" // want `alias util is redundant`
)

// Write writes a report.
func Write() { util.Help() }
