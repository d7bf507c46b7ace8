package session

import (
	"context"
	"errors"
	"time"

	"github.com/x360sync/desktop/app/pin"
)

// DefaultAutoLock is the idle time before an unlocked app with a PIN locks itself.
const DefaultAutoLock = 15 * time.Minute

// ErrPINRequired means the organisation's policy does not allow removing the PIN.
var (
	ErrPINRequired = errors.New("session: your organisation requires a PIN")
	ErrNotUnlocked = errors.New("session: unlock first")
)

// PINRequired says whether the policy requires a PIN on this device.
func (m *Manager) PINRequired() bool {
	return m.client != nil && m.client.Tokens().Policy.RequirePIN
}

// SetPIN sets or changes the PIN of an unlocked session: the credential is sealed anew (fresh
// salt and nonce) under the new PIN.
func (m *Manager) SetPIN(ctx context.Context, p, confirm string) error {
	if m.client == nil {
		return ErrNotUnlocked
	}
	if err := pin.ValidatePair(p, confirm); err != nil {
		return err
	}
	return m.reseal(ctx, p)
}

// RemovePIN stores the credential without a PIN, when the policy allows it.
func (m *Manager) RemovePIN(ctx context.Context) error {
	if m.client == nil {
		return ErrNotUnlocked
	}
	if m.PINRequired() {
		return ErrPINRequired
	}
	return m.reseal(ctx, "")
}

func (m *Manager) reseal(ctx context.Context, p string) error {
	if err := m.store(ctx, m.client.Tokens(), p); err != nil {
		return err
	}
	m.pin, m.st.PINSet, m.st.PINFailures = p, p != "", 0
	return m.Config.Save(m.st)
}

// AutoLock is the idle time after which the UI calls Lock.
func (m *Manager) AutoLock() time.Duration {
	if m.st.AutoLockMinutes > 0 {
		return time.Duration(m.st.AutoLockMinutes) * time.Minute
	}
	return DefaultAutoLock
}

// SetAutoLock changes the idle time (whole minutes, at least one).
func (m *Manager) SetAutoLock(d time.Duration) error {
	m.st.AutoLockMinutes = max(1, int(d/time.Minute))
	return m.Config.Save(m.st)
}
