package session

import (
	"context"
	"errors"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
)

// DefaultAutoLock is the idle time before an unlocked app with a PIN locks itself.
const DefaultAutoLock = 15 * time.Minute

// SetPIN sets a first PIN on an unlocked session: the credential is sealed (fresh salt and
// nonce) under it. A PIN already set is changed only with ChangePIN, which checks the current
// one: otherwise anyone at an unlocked computer left alone could change it. Journalled: see
// recover.go.
func (m *Manager) SetPIN(ctx context.Context, p, confirm string) error {
	if err := pin.ValidatePair(p, confirm); err != nil {
		return err
	}
	if !m.State().Ready() {
		return ErrNotUnlocked
	}
	if m.Info().PINSet {
		return ErrCurrentPINNeeded
	}
	return m.sealUnder(ctx, config.OpSetPIN, p)
}

// ChangePIN seals the credential under a new PIN once the current PIN has opened the stored
// credential. That check is an Unlock attempt: counted in the config file under its lock
// before the PIN is checked (countAttempt, the same counter), refused while the delay after
// DelayFrom wrong PINs runs, and at the WipeAt-th wrong PIN the device is wiped and revoked as
// Unlock does. With no PIN set it is SetPIN. A new PIN that breaks a rule is refused first,
// spending no attempt.
func (m *Manager) ChangePIN(ctx context.Context, current, p, confirm string) error {
	if err := pin.ValidatePair(p, confirm); err != nil {
		return err
	}
	if !m.State().Ready() {
		return ErrNotUnlocked
	}
	if !m.Info().PINSet {
		return m.SetPIN(ctx, p, confirm)
	}
	if err := m.checkCurrent(ctx, current); err != nil {
		return err
	}
	return m.sealUnder(ctx, config.OpChangePIN, p)
}

// checkCurrent is the check of the current PIN that Change PIN and Remove PIN go through:
// an Unlock attempt (checkPIN), run as Unlock runs its own (attempt).
func (m *Manager) checkCurrent(ctx context.Context, current string) error {
	return m.attempt(ctx, current, m.checkPIN)
}

// checkPIN opens the stored credential with p, counted as an Unlock attempt; it names the
// revoke entry to send after a wipe. A keyring that cannot be read spends no attempt.
func (m *Manager) checkPIN(ctx context.Context, p string) (string, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	blob, err := m.Vault.Get(ctx, accountOf(m.snapshot()))
	if err != nil {
		return "", err
	}
	if !pin.IsSealed(blob) { // a PIN is set, so an unsealed credential was not written by us
		m.tell(NoticeDamaged)
		return m.wipeFor(ctx, ErrDamaged)
	}
	st, wait, err := m.countAttempt()
	switch {
	case errors.Is(err, errTooSoon):
		m.keep(st)
		return "", &TooSoonError{Wait: wait}
	case errors.Is(err, errNotLocked):
		return m.notLockedHere(ctx, st)
	case err != nil:
		return "", err
	}
	_, key, err := pin.OpenKey(p, blob)
	key.Zero() // only the answer matters: the new PIN makes its own key
	switch {
	case errors.Is(err, pin.ErrWrongPIN) && st.PINFailures >= WipeAt:
		return m.wipeFor(ctx, ErrWiped)
	case errors.Is(err, pin.ErrWrongPIN):
		return "", ErrWrongPIN
	case err != nil:
		m.tell(NoticeDamaged)
		return m.wipeFor(ctx, ErrDamaged)
	}
	_, err = m.update(func(s *config.State) error { s.PINFailures, s.LastPINFailure = 0, time.Time{}; return nil })
	return "", err
}

// notLockedHere answers a PIN check that countAttempt refused for a device no longer behind
// a PIN here: another copy signed it out, is wiping it (the wipe is then done here, as that
// copy may have been killed), or removed the PIN. Call with wmu held.
func (m *Manager) notLockedHere(ctx context.Context, st config.State) (string, error) {
	switch {
	case !st.Registered():
		m.mu.Lock()
		m.dropLocked()
		m.st, m.state = st, NoCredential
		m.mu.Unlock()
		return "", ErrSignedOut
	case st.PINSet:
		return m.wipeFor(ctx, ErrWiped)
	}
	m.keep(st)
	return "", ErrNotLocked
}

// keep takes st as the session's copy of the config.
func (m *Manager) keep(st config.State) {
	m.mu.Lock()
	m.st = st
	m.mu.Unlock()
}

// sealUnder derives the key of the PIN p (the slow part, outside every lock) and reseals the
// credential under it.
func (m *Manager) sealUnder(ctx context.Context, op, p string) error {
	key, err := pin.NewKey(p, m.KDF)
	if err != nil {
		return err
	}
	if err := m.reseal(ctx, op, key); err != nil {
		key.Zero()
		return err
	}
	return nil
}

// RemovePIN stores the credential without a PIN, when the policy allows it, once the current
// PIN has opened the stored credential: as for ChangePIN, so that anyone at an unlocked
// computer left alone cannot strip it, and a wrong one is an Unlock attempt (checkCurrent:
// the same counter, delays and wipe).
func (m *Manager) RemovePIN(ctx context.Context, current string) error {
	i := m.Info()
	switch {
	case !m.State().Ready():
		return ErrNotUnlocked
	case i.PINRequired:
		return ErrPINRequired
	case !i.PINSet:
		return nil
	}
	if err := m.checkCurrent(ctx, current); err != nil {
		return err
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
