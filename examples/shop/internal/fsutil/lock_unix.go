//go:build unix

// Package fsutil holds small file-system helpers.
package fsutil

import (
	"os"
	"syscall"
)

// Lock takes an exclusive advisory lock on f.
func Lock(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
}
