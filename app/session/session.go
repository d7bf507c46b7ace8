// Package session holds the signed-in device: it stores a finished registration (credential in
// the vault, sealed with the PIN when there is one; non-secret state in the config file),
// unlocks it at launch with the PIN (attempt counting, growing delay, wipe after ten), and
// signs out. The access token lives only in memory, inside the API client.
package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// PIN attempt rules: from the 5th wrong PIN a growing delay, at the 10th the credential is wiped.
const (
	DelayFrom = 5
	WipeAt    = 10
	baseDelay = 30 * time.Second
)

// State is where the session stands at launch.
type State int

// The states.
const (
	NeedsRegistration State = iota // no device registered: run the wizard
	Locked                         // registered, PIN required: show Unlock
	Unlocked                       // ready: show the account window
)

// Errors.
var (
	ErrWrongPIN  = errors.New("session: wrong PIN")
	ErrWiped     = errors.New("session: too many wrong PINs; this device was signed out")
	ErrSignedOut = errors.New("session: this device was signed out")
	ErrNotLocked = errors.New("session: not locked")
)

// TooSoonError says how long to wait before the next PIN attempt.
type TooSoonError struct{ Wait time.Duration }

func (e *TooSoonError) Error() string {
	return fmt.Sprintf("session: wait %v before the next PIN", e.Wait)
}

// credential is the keyring value's payload: small (well under a kilobyte) and versioned.
type credential struct {
	V            int    `json:"v"`
	DeviceID     string `json:"device_id"`
	RefreshToken string `json:"refresh_token"`
	RequirePIN   bool   `json:"require_pin"`
}

// Manager is the session. Set the exported fields, then call Start.
type Manager struct {
	Vault  vault.Store
	Config config.File
	KDF    pin.Params
	Now    func() time.Time
	// ClientOptions are passed to every API client made (tests inject transports).
	ClientOptions []client.Option

	st          config.State
	pin         string // held while unlocked, to re-seal rotated refresh tokens
	client      *client.Client
	sessionOnly bool
}

func (m *Manager) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func (m *Manager) account() string {
	host := m.st.ServerURL
	if u, err := url.Parse(m.st.ServerURL); err == nil && u.Host != "" {
		host = u.Host
	}
	return vault.Account(host, m.st.Username)
}

// KeyringAccount is the keyring account name of this registration's credential.
func (m *Manager) KeyringAccount() string { return m.account() }

// Client is the API client of an unlocked session, or nil.
func (m *Manager) Client() *client.Client { return m.client }

// State is the current non-secret state.
func (m *Manager) State() config.State { return m.st }

// Start loads the state and says what the app should show. A damaged config file is a fresh
// start (config.ErrCorrupt is returned beside NeedsRegistration so the UI can say why).
func (m *Manager) Start(ctx context.Context) (State, error) {
	st, err := m.Config.Load()
	m.st = st
	if err != nil || !st.Registered() {
		return NeedsRegistration, err
	}
	if st.PINSet {
		return Locked, nil
	}
	blob, err := m.Vault.Get(ctx, m.account())
	if errors.Is(err, vault.ErrNotFound) {
		// Registered in the config but nothing in the keyring: a crash between the two writes,
		// or the entry was removed. Start clean.
		return NeedsRegistration, m.forget()
	}
	if err != nil {
		return Locked, err // unavailable: keep everything, let the person fix the keyring
	}
	return Unlocked, m.open("", blob)
}

// Finish stores a completed registration: the wizard's Finisher. The keyring is written
// first, the config second, so a crash in between leaves the app signed out, never half in.
func (m *Manager) Finish(ctx context.Context, server, username, deviceName string, t api.Tokens, p string) error {
	m.st = config.State{
		Version: config.Version, ServerURL: server, Username: username, DeviceName: deviceName,
		AutoLockMinutes: m.st.AutoLockMinutes, PendingRevoke: m.st.PendingRevoke,
	}
	if err := m.store(ctx, t, p); err != nil {
		return err
	}
	if err := m.keepRevokeKey(ctx, t); err != nil {
		return err
	}
	if !m.sessionOnly {
		m.st.DeviceID, m.st.PINSet = t.DeviceID, p != ""
	}
	if err := m.Config.Save(m.st); err != nil {
		return err
	}
	return m.connect(t, p)
}

func (m *Manager) store(ctx context.Context, t api.Tokens, p string) error {
	raw, err := json.Marshal(credential{V: 1, DeviceID: t.DeviceID, RefreshToken: t.RefreshToken, RequirePIN: t.Policy.RequirePIN})
	if err != nil {
		return err
	}
	blob := pin.Wrap(raw)
	if p != "" {
		if blob, err = pin.Seal(p, raw, m.KDF); err != nil {
			return err
		}
	}
	return m.Vault.Set(ctx, m.account(), blob)
}

// connect makes the API client; rotated tokens are written to the vault before they are used.
func (m *Manager) connect(t api.Tokens, p string) error {
	opts := append([]client.Option{
		client.WithTokens(t),
		client.WithTokenSaver(func(ctx context.Context, nt api.Tokens) error { return m.store(ctx, nt, m.pin) }),
	}, m.ClientOptions...)
	c, err := client.New(m.st.ServerURL, opts...)
	if err != nil {
		return err
	}
	m.client, m.pin = c, p
	return nil
}

func (m *Manager) open(p string, blob []byte) error {
	raw, err := pin.Open(p, blob)
	if err != nil {
		return err
	}
	var c credential
	if err := json.Unmarshal(raw, &c); err != nil || c.RefreshToken == "" {
		return pin.ErrCorrupt
	}
	return m.connect(api.Tokens{DeviceID: c.DeviceID, RefreshToken: c.RefreshToken, Policy: api.Policy{RequirePIN: c.RequirePIN}}, p)
}

// Delay is how long the next PIN attempt must wait (0 when it may go now).
func (m *Manager) Delay() time.Duration {
	if m.st.PINFailures < DelayFrom {
		return 0
	}
	d := baseDelay << min(m.st.PINFailures-DelayFrom, 10)
	return max(0, m.st.LastPINFailure.Add(d).Sub(m.now()))
}

// AttemptsLeft is how many wrong PINs remain before the wipe.
func (m *Manager) AttemptsLeft() int { return WipeAt - m.st.PINFailures }

// Unlock opens the credential with the PIN. The attempt is counted in the config file before
// the PIN is checked, so killing the app mid-attempt does not reset the count.
func (m *Manager) Unlock(ctx context.Context, p string) error {
	if !m.st.PINSet {
		return ErrNotLocked
	}
	if d := m.Delay(); d > 0 {
		return &TooSoonError{Wait: d}
	}
	blob, err := m.Vault.Get(ctx, m.account())
	if errors.Is(err, vault.ErrNotFound) {
		_ = m.forget()
		return ErrSignedOut
	}
	if err != nil {
		return err
	}
	m.st.PINFailures++
	m.st.LastPINFailure = m.now()
	if err := m.Config.Save(m.st); err != nil {
		return err
	}
	if err := m.open(p, blob); err != nil {
		if m.st.PINFailures >= WipeAt {
			m.wipeOwingRevocation(ctx, m.st.DeviceID)
			// Best effort: the revoke key needs no unlocked credential. When the server cannot
			// be reached now, the revocation stays owed and is sent at the next start.
			rctx, cancel := context.WithTimeout(ctx, revokeTimeout)
			defer cancel()
			_ = m.RetryPendingRevoke(rctx)
			return ErrWiped
		}
		return ErrWrongPIN
	}
	m.st.PINFailures, m.st.LastPINFailure = 0, time.Time{}
	return m.Config.Save(m.st)
}

// Lock forgets the unlocked credential; the next use needs the PIN again.
func (m *Manager) Lock() {
	if m.st.PINSet {
		m.client, m.pin = nil, ""
	}
}

// wipe removes the credential, its revoke key and the registration, keeping the server and
// username so the wizard can prefill them.
func (m *Manager) wipe(ctx context.Context) {
	if m.st.DeviceID != "" {
		_ = m.Vault.Delete(ctx, revokeAccount(m.st.DeviceID))
	}
	m.wipeOwingRevocation(ctx, "")
}

// wipeOwingRevocation is wipe for a device the server has not been told about yet: its revoke
// key entry stays and the config records it as owing a revocation. Only one revocation is
// owed at a time; an older one still owed is given up (it was best effort).
func (m *Manager) wipeOwingRevocation(ctx context.Context, device string) {
	if old := m.st.PendingRevoke; device != "" && old != "" && old != device {
		_ = m.Vault.Delete(ctx, revokeAccount(old))
	}
	_ = m.Vault.Delete(ctx, m.account())
	if m.client != nil {
		m.client.ForgetTokens()
	}
	m.client, m.pin = nil, ""
	if device != "" {
		m.st.PendingRevoke = device
	}
	_ = m.forget()
}

func (m *Manager) forget() error {
	m.st = config.State{
		Version: config.Version, ServerURL: m.st.ServerURL, Username: m.st.Username, DeviceName: m.st.DeviceName,
		AutoLockMinutes: m.st.AutoLockMinutes, PendingRevoke: m.st.PendingRevoke,
	}
	return m.Config.Save(m.st)
}

// Default is the session on this computer: the OS keyring, the config file in the user's
// config folder and the default PIN cost. Demo mode keeps its own state file, so a demo run
// against the in-process mock server never touches a real registration.
func Default(demo bool) (*Manager, error) {
	file, err := config.Default()
	if err != nil {
		return nil, err
	}
	if demo {
		file.Path = filepath.Join(filepath.Dir(file.Path), "demo-"+config.FileName)
	}
	return &Manager{Vault: vault.Keyring{}, Config: file, KDF: pin.Default}, nil
}
