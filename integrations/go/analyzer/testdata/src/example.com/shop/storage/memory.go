package store // want `package store does not match its import path example.com/shop/storage: importers expect storage \(package-dir-mismatch\)`

// Memory keeps items in memory.
type Memory struct{}
