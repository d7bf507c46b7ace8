package session

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// ErrPolicyChanged means the organisation now requires two-step authentication and this device
// must sign in again to set it up.
var ErrPolicyChanged = errors.New("session: your organisation now requires two-step authentication; sign in again")

// Handle looks at an error from an account operation: when the server says this device was
// signed out (or must enrol first), the device is wiped and the reason returned for the UI,
// which then shows Sign in. Other errors come back unchanged.
func (m *Manager) Handle(ctx context.Context, err error) error {
	switch {
	case errors.Is(err, client.ErrInvalidGrant):
		m.wipe(ctx)
		return ErrSignedOut
	case errors.Is(err, client.ErrEnrollmentRequired):
		m.wipe(ctx)
		return ErrPolicyChanged
	}
	return err
}

// SignOut revokes this device on the server, then always wipes it locally, even offline. When
// the server could not be told, the device's revoke key stays in the keyring and
// RetryPendingRevoke sends the revocation at the next start.
func (m *Manager) SignOut(ctx context.Context) error {
	var revokeErr error
	if m.client != nil && m.st.DeviceID != "" {
		revokeErr = m.client.RevokeDevice(ctx, m.st.DeviceID)
	}
	if revokeErr == nil || errors.Is(revokeErr, client.ErrInvalidGrant) || errors.Is(revokeErr, client.ErrNotFound) {
		m.wipe(ctx)
		return nil
	}
	m.wipeOwingRevocation(ctx, m.st.DeviceID)
	return revokeErr
}

// revokeAccount names the keyring entry that holds a device's revoke key, beside the
// credential. The key can do nothing but revoke the device, so it is stored unsealed: a device
// whose credential was wiped after too many wrong PINs can still sign itself out. The entry is
// named by device and carries its server, so a revocation still owed survives signing in again
// as someone else or elsewhere.
func revokeAccount(device string) string { return "revoke:" + device }

// revokeTimeout bounds the best-effort revocation after the 10th wrong PIN, so the person is
// not kept waiting on an unreachable server; the revocation is retried at the next start.
const revokeTimeout = 10 * time.Second

type revokeEntry struct {
	V         int    `json:"v"`
	Server    string `json:"server"`
	DeviceID  string `json:"device_id"`
	RevokeKey string `json:"revoke_key"`
}

// keepRevokeKey stores the revoke key of a new registration (a server that issues none gets
// no entry, and its devices can only be revoked while unlocked).
func (m *Manager) keepRevokeKey(ctx context.Context, t api.Tokens) error {
	if t.RevokeKey == "" {
		return nil
	}
	raw, err := json.Marshal(revokeEntry{V: 1, Server: m.st.ServerURL, DeviceID: t.DeviceID, RevokeKey: t.RevokeKey})
	if err != nil {
		return err
	}
	return m.Vault.Set(ctx, revokeAccount(t.DeviceID), pin.Wrap(raw))
}

// RetryPendingRevoke sends a revocation that is still owed (a sign-out that could not reach
// the server, or the wipe after ten wrong PINs) with the device's revoke key; the app calls
// it in the background at start. It is done (and forgotten) once the server has taken it or
// the device is already gone.
func (m *Manager) RetryPendingRevoke(ctx context.Context) error {
	device := m.st.PendingRevoke
	if device == "" {
		return nil
	}
	blob, err := m.Vault.Get(ctx, revokeAccount(device))
	if errors.Is(err, vault.ErrNotFound) {
		return m.clearPending(ctx)
	}
	if err != nil {
		return err
	}
	var e revokeEntry
	raw, err := pin.Open("", blob)
	if err != nil || json.Unmarshal(raw, &e) != nil || e.DeviceID != device {
		return m.clearPending(ctx)
	}
	cl, err := client.New(e.Server, m.ClientOptions...)
	if err != nil {
		return m.clearPending(ctx)
	}
	err = cl.RevokeWithKey(ctx, e.DeviceID, e.RevokeKey)
	if err == nil || errors.Is(err, client.ErrNotFound) {
		return m.clearPending(ctx)
	}
	return err
}

func (m *Manager) clearPending(ctx context.Context) error {
	_ = m.Vault.Delete(ctx, revokeAccount(m.st.PendingRevoke))
	m.st.PendingRevoke = ""
	return m.Config.Save(m.st)
}

// UseSessionOnly keeps the credential in memory for this run only, for a computer whose
// keyring cannot be used; SessionOnly tells the UI to show its banner. Nothing of the
// registration is written to disk then, so the next launch starts at the wizard.
func (m *Manager) UseSessionOnly() { m.Vault, m.sessionOnly = &vault.Memory{}, true }

// SessionOnly says whether credentials are held for this run only.
func (m *Manager) SessionOnly() bool { return m.sessionOnly }
