package session

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
)

// ErrPolicyChanged means the organisation now requires two-step authentication and this device
// must sign in again to set it up.
var ErrPolicyChanged = errors.New("session: your organization now requires two-step authentication; sign in again")

// revokeAccount names the keyring entry that holds a revoke key, beside the credential. The
// key can do nothing but revoke its device, so it is stored unsealed: a device whose
// credential is locked, wiped or half-stored can still sign itself out. Entries are named by
// a random ref made before the sign-in (see Prepare) and carry their server, so a revocation
// still owed survives signing in again as someone else or elsewhere.
func revokeAccount(ref string) string { return "revoke:" + ref }

// revokeTimeout bounds a revocation the person waits for (sign-out, the 10th wrong PIN), so
// an unreachable server does not keep them; the revocation is owed and retried at the next start.
const revokeTimeout = 10 * time.Second

// revokeEntry is a revoke key: Proposed when this client made it and sent its digest at
// sign-in (revoked by key alone), otherwise issued by the server for DeviceID.
type revokeEntry struct {
	V         int    `json:"v"`
	Server    string `json:"server"`
	DeviceID  string `json:"device_id,omitempty"`
	RevokeKey string `json:"revoke_key"`
	Proposed  bool   `json:"proposed,omitempty"`
}

func (m *Manager) setRevokeEntry(ctx context.Context, ref string, e revokeEntry) error {
	e.V = 1
	raw, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return m.Vault.Set(ctx, revokeAccount(ref), pin.Wrap(raw))
}

// SignOut signs this device out in every state: it records the intent (the revocation is owed
// from here on), revokes the device on the server (with the session when unlocked, with the
// revoke key when locked), then wipes the credential. When the server could not be told the
// error says why and the revocation stays owed: it is sent at the next start.
func (m *Manager) SignOut(ctx context.Context) error {
	m.mu.Lock()
	state, c, st := m.state, m.client, m.st
	m.mu.Unlock()
	switch {
	case state == Registering:
		m.Abandon()
		return nil
	case !st.Registered():
		return nil
	}
	m.wmu.Lock()
	_, err := m.update(func(s *config.State) error {
		s.Journal = config.Change{Op: config.OpSignOut, DeviceID: st.DeviceID, Account: accountOf(st), RevokeRef: st.RevokeRef}
		s.Owe(st.RevokeRef)
		return nil
	})
	m.wmu.Unlock()
	if err != nil {
		return err
	}
	rctx, cancel := context.WithTimeout(ctx, revokeTimeout)
	defer cancel()
	// The revoke key first, locked or not: it also takes back a second device that a retried
	// sign-in may have registered with the same key. The session's bearer token serves a
	// registration that has no key.
	var revokeErr error
	if m.hasRevokeEntry(rctx, st.RevokeRef) {
		revokeErr = m.revokeWithKey(rctx, st.RevokeRef)
	} else if c != nil && state.Ready() {
		revokeErr = c.RevokeDevice(rctx, st.DeviceID)
		if errors.Is(revokeErr, client.ErrInvalidGrant) || errors.Is(revokeErr, client.ErrNotFound) {
			revokeErr = nil // already signed out on the server
		}
	}
	m.wmu.Lock()
	defer m.wmu.Unlock()
	if err := m.finishWipe(ctx, st.DeviceID, accountOf(st), st.RevokeRef, revokeErr != nil); err != nil {
		return err
	}
	return revokeErr
}

// wipe signs the device out locally (the 10th wrong PIN, a damaged or missing credential, the
// server's word): journalled like a sign-out, with the revocation owed when owe is set. Call
// with wmu held; it returns the revoke entry to send (RetryPendingRevokes sends all owed).
func (m *Manager) wipe(ctx context.Context, owe bool) (string, error) {
	return m.wipeEntry(ctx, owe, accountOf(m.snapshot()), false)
}

// wipeForeign signs the device out when its entry holds another device's sign-in: another
// profile's, left in the entry that versions before KeyringID shared. The revocation of this
// device (whose own sign-in was overwritten) is owed; the entry is deleted only when it is
// this profile's by name, never the shared one, and the shared entry a credential was moved
// from is forgotten, not deleted (it held another device's). Call with wmu held.
func (m *Manager) wipeForeign(ctx context.Context) (string, error) {
	m.tell(NoticeSharedSignIn)
	st := m.snapshot()
	acct := ""
	if st.KeyringID != "" {
		acct = accountOf(st)
	}
	return m.wipeEntry(ctx, true, acct, true)
}

// wipeEntry is wipe, deleting the keyring entry acct ("": none); foreign forgets the shared
// entry the credential was moved from instead of deleting it (see finishWipe).
func (m *Manager) wipeEntry(ctx context.Context, owe bool, acct string, foreign bool) (string, error) {
	st := m.snapshot()
	if _, err := m.update(func(s *config.State) error {
		s.Journal = config.Change{Op: config.OpSignOut, DeviceID: st.DeviceID, Account: acct, RevokeRef: st.RevokeRef}
		if foreign {
			s.LegacyAccount, s.LegacyDigest = "", ""
		}
		if owe {
			s.Owe(st.RevokeRef)
		}
		return nil
	}); err != nil {
		return "", err
	}
	return st.RevokeRef, m.finishWipe(ctx, st.DeviceID, acct, st.RevokeRef, owe)
}

// finishWipe deletes the credential, the shared entry it was moved from if that still holds
// what was moved (deleteLegacy), and the revoke key unless the revocation is still owed;
// then it forgets the registration and clears the journal. Call with wmu held.
func (m *Manager) finishWipe(ctx context.Context, device, account, ref string, owed bool) error {
	m.mu.Lock()
	m.dropLocked()
	m.state = NoCredential
	m.mu.Unlock()
	pin.Cool() // no PIN will be typed for this registration any more
	if account != "" {
		if err := m.Vault.Delete(ctx, account); err != nil {
			return err
		}
	}
	if err := m.deleteLegacy(ctx, device); err != nil {
		return err
	}
	if !owed && ref != "" {
		if err := m.Vault.Delete(ctx, revokeAccount(ref)); err != nil {
			return err
		}
	}
	_, err := m.update(func(s *config.State) error {
		if owed {
			s.Owe(ref)
		} else {
			s.Paid(ref)
		}
		if s.DeviceID == device || device == "" {
			forgetRegistration(s)
		}
		s.Journal = config.Change{}
		return nil
	})
	if m.SignedOut != nil {
		m.SignedOut()
	}
	return err
}

// readRevokeEntry reads revoke entry ref; ok is false when there is none or it is unusable.
func (m *Manager) readRevokeEntry(ctx context.Context, ref string) (e revokeEntry, ok bool, err error) {
	m.wmu.Lock()
	blob, err := m.Vault.Get(ctx, revokeAccount(ref))
	m.wmu.Unlock()
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return e, false, nil
	case err != nil:
		return e, false, err
	}
	raw, err := pin.Open("", blob)
	if err != nil || json.Unmarshal(raw, &e) != nil || e.RevokeKey == "" {
		return e, false, nil
	}
	return e, true, nil
}

// hasRevokeEntry says whether the keyring holds the revoke entry ref (an unreadable keyring
// counts as yes: revokeWithKey then fails and the revocation stays owed).
func (m *Manager) hasRevokeEntry(ctx context.Context, ref string) bool {
	if ref == "" {
		return false
	}
	m.wmu.Lock()
	defer m.wmu.Unlock()
	_, err := m.Vault.Get(ctx, revokeAccount(ref))
	return !errors.Is(err, vault.ErrNotFound)
}

// revokeWithKey revokes the device of revoke entry ref, and forgets what is owed for it once
// the server has taken it (or knows no such device).
func (m *Manager) revokeWithKey(ctx context.Context, ref string) error {
	if ref == "" {
		return nil
	}
	e, ok, err := m.readRevokeEntry(ctx, ref)
	if err != nil {
		return err
	}
	if !ok {
		return m.paid(ctx, ref) // no usable key: nothing this computer can do
	}
	server := e.Server
	if m.Server != "" && m.snapshot().ServerURL == m.Server {
		server = m.Server // demo mode: the in-process server moved
	}
	cl, err := client.New(server, pinOptions(m.snapshot(), server, m.ClientOptions)...)
	if err != nil {
		return m.paid(ctx, ref)
	}
	if e.Proposed {
		err = cl.RevokeByKey(ctx, e.RevokeKey)
	} else {
		err = cl.RevokeWithKey(ctx, e.DeviceID, e.RevokeKey)
	}
	if err != nil && !errors.Is(err, client.ErrNotFound) {
		return err
	}
	if err == nil && ref == m.undoneRef() {
		// A sign-in cut off by a crash had registered a device after all: say it was removed.
		m.tell(NoticeRegistrationUndone)
	}
	if err := m.paid(ctx, ref); err != nil {
		return err
	}
	return m.unpinRevoked(server)
}

// undoneRef is the revoke entry of a sign-in that Start rolled back before any device was
// known ("" when none).
func (m *Manager) undoneRef() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.undone
}

func (m *Manager) paid(ctx context.Context, ref string) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	if err := m.Vault.Delete(ctx, revokeAccount(ref)); err != nil {
		return err
	}
	_, err := m.update(func(s *config.State) error { s.Paid(ref); return nil })
	return err
}

// RetryPendingRevokes sends every revocation still owed (a sign-out or wipe that could not
// reach the server, a registration abandoned or interrupted). Start calls it; it returns the
// first error and leaves what failed owed.
func (m *Manager) RetryPendingRevokes(ctx context.Context) error {
	var first error
	for _, ref := range m.snapshot().PendingRevokes {
		if err := m.revokeWithKey(ctx, ref); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// handle looks at an error from an account call: when the server says this device was signed
// out, the device is wiped; when it must enrol first, it is wiped and its revocation sent (it
// is still valid on the server). The reason is returned for the front end, which then shows
// Sign in. Other errors come back unchanged.
func (m *Manager) handle(ctx context.Context, gen uint64, err error) error {
	var owe bool
	var reason error
	switch {
	case errors.Is(err, client.ErrInvalidGrant):
		reason = ErrSignedOutByServer
	case errors.Is(err, client.ErrEnrollmentRequired):
		reason, owe = ErrPolicyChanged, true
	default:
		return err
	}
	m.wmu.Lock()
	m.mu.Lock()
	current := gen == m.gen
	m.mu.Unlock()
	var ref string
	if current {
		ref, _ = m.wipe(ctx, owe)
	}
	m.wmu.Unlock()
	if owe {
		rctx, cancel := context.WithTimeout(context.Background(), revokeTimeout)
		defer cancel()
		_ = m.revokeWithKey(rctx, ref)
	}
	return reason
}
