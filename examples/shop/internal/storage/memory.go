package store

import (
	"context"
	"sync"
)

type memory struct {
	mu     sync.Mutex
	orders map[string][]byte
}

func newMemory() *memory { return &memory{orders: make(map[string][]byte)} }

func (m *memory) Put(_ context.Context, id string, order []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.orders[id] = append([]byte(nil), order...)
	return nil
}

func (m *memory) Get(_ context.Context, id string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	order, ok := m.orders[id]
	if !ok {
		return nil, ErrNotFound
	}
	return order, nil
}
