package session

import (
	"context"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
)

// DefaultAutoLock is the idle time before an unlocked app with a PIN locks itself.
const DefaultAutoLock = 15 * time.Minute

// SetPIN sets a first PIN, or changes it, on an unlocked session: the credential is sealed
// anew (fresh salt and nonce) under the new PIN. Journalled: see recover.go.
func (m *Manager) SetPIN(ctx context.Context, p, confirm string) error {
	if err := pin.ValidatePair(p, confirm); err != nil {
		return err
	}
	if !m.State().Ready() {
		return ErrNotUnlocked
	}
	key, err := pin.NewKey(p, m.KDF) // the slow part, outside every lock
	if err != nil {
		return err
	}
	op := config.OpSetPIN
	if m.Info().PINSet {
		op = config.OpChangePIN
	}
	if err := m.reseal(ctx, op, key); err != nil {
		key.Zero()
		return err
	}
	return nil
}

// RemovePIN stores the credential without a PIN, when the policy allows it.
func (m *Manager) RemovePIN(ctx context.Context) error {
	i := m.Info()
	switch {
	case !m.State().Ready():
		return ErrNotUnlocked
	case i.PINRequired:
		return ErrPINRequired
	case !i.PINSet:
		return nil
	}
	return m.reseal(ctx, config.OpRemovePIN, nil)
}

// reseal writes the live credential again, sealed under key (nil: unsealed), between a
// journal entry and the config write that completes it. Rotations wait on wmu meanwhile and
// are sealed with the new key afterwards.
func (m *Manager) reseal(ctx context.Context, op string, key *pin.Key) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	st := m.snapshot()
	if _, err := m.update(func(s *config.State) error {
		s.Journal = config.Change{Op: op, DeviceID: st.DeviceID, Account: accountOf(st)}
		return nil
	}); err != nil {
		return err
	}
	m.mu.Lock()
	if m.client == nil {
		m.mu.Unlock()
		return ErrNotUnlocked
	}
	blob, err := m.sealFor(m.server, m.client.Tokens(), key, key != nil)
	m.mu.Unlock()
	if err != nil {
		return err
	}
	// Not cancelled with the caller (the UI's Cancel, Lock): a keyring write cannot be taken
	// back once sent. When it fails or times out the journal stays, since it may still land,
	// and the next start resolves the change from what the keyring holds.
	if err := m.Vault.Set(context.WithoutCancel(ctx), accountOf(st), blob); err != nil {
		return err
	}
	if _, err := m.update(func(s *config.State) error {
		s.PINSet, s.PINFailures, s.LastPINFailure, s.Journal = key != nil, 0, time.Time{}, config.Change{}
		return nil
	}); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	old := m.key
	m.key = key
	if old != key {
		old.Zero()
	}
	return nil
}

// AutoLock is the idle time after which the front end calls Lock.
func (m *Manager) AutoLock() time.Duration {
	if n := m.snapshot().AutoLockMinutes; n > 0 {
		return time.Duration(n) * time.Minute
	}
	return DefaultAutoLock
}

// SetAutoLock changes the idle time (whole minutes, at least one).
func (m *Manager) SetAutoLock(d time.Duration) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	_, err := m.update(func(s *config.State) error { s.AutoLockMinutes = max(1, int(d/time.Minute)); return nil })
	return err
}
