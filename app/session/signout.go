package session

import (
	"context"
	"encoding/json"
	"errors"

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
// the server could not be told, the refresh token is kept in the keyring under a separate
// entry used for nothing but the revocation, which RetryPendingRevoke sends at the next start.
func (m *Manager) SignOut(ctx context.Context) error {
	var revokeErr error
	var tokens api.Tokens
	if m.client != nil && m.st.DeviceID != "" {
		tokens = m.client.Tokens()
		revokeErr = m.client.RevokeDevice(ctx, m.st.DeviceID)
	}
	gone := revokeErr == nil || errors.Is(revokeErr, client.ErrInvalidGrant) || errors.Is(revokeErr, client.ErrNotFound)
	device := m.st.DeviceID
	acct := m.account()
	m.wipe(ctx)
	if gone {
		return nil
	}
	raw, _ := json.Marshal(credential{V: 1, DeviceID: device, RefreshToken: tokens.RefreshToken})
	if err := m.Vault.Set(ctx, acct+revokeSuffix, pin.Wrap(raw)); err == nil {
		m.st.PendingRevoke = device
		_ = m.Config.Save(m.st)
	}
	return revokeErr
}

const revokeSuffix = "#pending-revoke"

// RetryPendingRevoke sends a revocation that an earlier sign-out could not; the app calls it
// in the background at start. It is done (and forgotten) once the server has taken it or the
// device is already gone.
func (m *Manager) RetryPendingRevoke(ctx context.Context) error {
	if m.st.PendingRevoke == "" {
		return nil
	}
	acct := m.account() + revokeSuffix
	blob, err := m.Vault.Get(ctx, acct)
	if errors.Is(err, vault.ErrNotFound) {
		return m.clearPending(ctx, acct)
	}
	if err != nil {
		return err
	}
	var c credential
	raw, err := pin.Open("", blob)
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return m.clearPending(ctx, acct)
	}
	cl, err := client.New(m.st.ServerURL, append([]client.Option{client.WithTokens(api.Tokens{DeviceID: c.DeviceID, RefreshToken: c.RefreshToken})}, m.ClientOptions...)...)
	if err != nil {
		return m.clearPending(ctx, acct)
	}
	err = cl.RevokeDevice(ctx, c.DeviceID)
	if err == nil || errors.Is(err, client.ErrInvalidGrant) || errors.Is(err, client.ErrNotFound) || errors.Is(err, client.ErrEnrollmentRequired) {
		return m.clearPending(ctx, acct)
	}
	return err
}

func (m *Manager) clearPending(ctx context.Context, acct string) error {
	_ = m.Vault.Delete(ctx, acct)
	m.st.PendingRevoke = ""
	return m.Config.Save(m.st)
}

// UseSessionOnly keeps the credential in memory for this run only, for a computer whose
// keyring cannot be used; SessionOnly tells the UI to show its banner. Nothing of the
// registration is written to disk then, so the next launch starts at the wizard.
func (m *Manager) UseSessionOnly() { m.Vault, m.sessionOnly = &vault.Memory{}, true }

// SessionOnly says whether credentials are held for this run only.
func (m *Manager) SessionOnly() bool { return m.sessionOnly }
