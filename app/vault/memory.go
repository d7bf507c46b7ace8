package vault

import (
	"context"
	"sync"
)

// Memory keeps credentials in this process only: the session-only mode for a machine whose
// keyring cannot be used. SessionOnly tells the UI to say so.
type Memory struct {
	mu sync.Mutex
	m  map[string][]byte
}

// SessionOnly reports that nothing survives the process.
func (*Memory) SessionOnly() bool { return true }

// Get returns the value for account or ErrNotFound.
func (m *Memory) Get(_ context.Context, account string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[account]
	if !ok {
		return nil, ErrNotFound
	}
	return append([]byte(nil), v...), nil
}

// Set stores a copy of value.
func (m *Memory) Set(_ context.Context, account string, value []byte) error {
	if len(value) > MaxValue {
		return ErrTooLarge
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string][]byte{}
	}
	m.m[account] = append([]byte(nil), value...)
	return nil
}

// Delete removes account's value.
func (m *Memory) Delete(_ context.Context, account string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, account)
	return nil
}
