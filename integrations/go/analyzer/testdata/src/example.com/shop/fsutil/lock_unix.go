//go:build unix

// Package fsutil locks files.
package fsutil // want `lock_windows.go:5:9: lock_windows.go declares package lockfile, but the directory's package is fsutil; on windows/.* \(multiple-packages\)`

// Lock locks a file.
func Lock() {}
