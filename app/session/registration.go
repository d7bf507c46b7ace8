package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
)

// registration is a device the server registered that is not stored yet: the PIN is still
// to be set, or the keyring refused it. Its tokens live only here, in memory.
type registration struct {
	wizard.Registration
	account    string
	keyringID  string // its own part of account (config.State.KeyringID)
	ref        string // its revoke entry
	journalled bool   // the config's journal names the device, so a crash revokes it
	revokeKept bool   // its revoke key is in the keyring
}

// prepared is the revoke key made before a sign-in (see Prepare).
type prepared struct {
	ref, server, digest string
}

var _ wizard.Store = (*Manager)(nil)

// NewFlow makes the wizard for this computer, wired to the session: its API clients carry the
// session's options, the registration is handed to the session as soon as the server makes
// it, and the keyring is probed before the sign-in. Both front ends start registrations here.
func (m *Manager) NewFlow() *wizard.Flow {
	i := m.Info()
	return &wizard.Flow{
		Connect: func(s string) (wizard.API, error) { return client.New(s, m.ClientOptions...) },
		Store:   m, Probe: m.Probe,
		// A certificate the person trusts is pinned in the config and by every later client.
		Trust: m.TrustCertificate, ConnectPinned: m.connectPinned, PinFor: m.pinFor,
		Server: i.Server, Username: i.Username, DeviceName: i.DeviceName,
	}
}

// Probe checks quickly that the keyring can store a credential (nil in session-only mode).
func (m *Manager) Probe(ctx context.Context) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	if p, ok := m.Vault.(interface{ Probe(context.Context) error }); ok {
		return p.Probe(ctx)
	}
	return nil
}

// UseSessionOnly keeps the credential of the next registration in memory for this run only,
// for a computer whose keyring cannot be used: nothing of it is written to disk, so the next
// launch starts at the wizard. Only before a registration is stored.
func (m *Manager) UseSessionOnly() {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.state != NoCredential && m.state != Registering {
		return
	}
	m.Vault, m.sessionOnly = &vault.Memory{}, true
}

// Prepare makes the revoke key of the device a sign-in is about to register, before the
// request is sent: the journal names it first, then the keyring stores it, and the sign-in
// sends only its SHA-256. From then on, whatever happens to the answer (a crash, a lost
// connection), the next start can revoke what the sign-in registered. The same key serves
// every retry of the sign-in to the same server.
func (m *Manager) Prepare(ctx context.Context, server string) (string, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.mu.Lock()
	p, sessionOnly := m.prepared, m.sessionOnly
	m.mu.Unlock()
	if p != nil && p.server == server {
		return p.digest, nil
	}
	ref, key := randomHex(12), "x3c_"+randomHex(32)
	sum := sha256.Sum256([]byte(key))
	p = &prepared{ref: ref, server: server, digest: hex.EncodeToString(sum[:])}
	if !sessionOnly {
		if _, err := m.update(func(s *config.State) error {
			s.Journal = config.Change{Op: config.OpRegister, Server: server, RevokeRef: ref}
			return nil
		}); err != nil {
			return "", err
		}
	}
	if err := m.setRevokeEntry(ctx, ref, revokeEntry{Server: server, RevokeKey: key, Proposed: true}); err != nil {
		return "", err
	}
	m.mu.Lock()
	m.prepared = p
	m.mu.Unlock()
	return p.digest, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Register takes over a registration the server has just made (the wizard's Store). The
// journal entry comes first, then the revoke key, so from here on a crash, Back or closing
// the window revokes the device instead of leaving it orphaned on the server. When no PIN is
// required the credential is stored at once; otherwise it waits in memory for CompletePIN.
func (m *Manager) Register(ctx context.Context, r wizard.Registration) error {
	m.mu.Lock()
	m.initLocked()
	if m.state != NoCredential && m.state != Registering {
		m.mu.Unlock()
		return ErrRegistered
	}
	id := randomHex(8)
	m.reg = &registration{Registration: r, account: withID(m.newAccount(r.Server, r.Username), id), keyringID: id}
	if p := m.prepared; p != nil && p.server == r.Server && r.Tokens.RevokeKey == "" {
		m.reg.ref, m.reg.revokeKept = p.ref, true // the server took the key made before
	}
	m.prepared = nil
	m.state = Registering
	m.mu.Unlock()
	return m.storeRegistration(ctx, nil)
}

// SaveRegistration stores a registration again after Register or CompletePIN failed to.
func (m *Manager) SaveRegistration(ctx context.Context) error { return m.storeRegistration(ctx, nil) }

// CompletePIN seals the waiting registration's credential under a new PIN and stores it.
func (m *Manager) CompletePIN(ctx context.Context, p, confirm string) error {
	if err := pin.ValidatePair(p, confirm); err != nil {
		return err
	}
	key, err := pin.NewKey(p, m.KDF)
	if err != nil {
		return err
	}
	if err := m.storeRegistration(ctx, key); err != nil {
		key.Zero()
		return err
	}
	return nil
}

// storeRegistration runs the registration's writes that have not happened yet, in their one
// order: journal, revoke key, credential (sealed under key when given), then the config.
func (m *Manager) storeRegistration(ctx context.Context, key *pin.Key) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.mu.Lock()
	reg, sessionOnly := m.reg, m.sessionOnly
	if key == nil && m.key != nil {
		key = m.key // a retried save after CompletePIN
	}
	m.mu.Unlock()
	if reg == nil {
		return ErrNothingSaved
	}
	t := reg.Tokens
	if err := m.journalRegistration(ctx, reg, sessionOnly); err != nil {
		return err
	}
	if t.Policy.RequirePIN && key == nil {
		return nil // kept in memory only until CompletePIN
	}
	m.mu.Lock()
	blob, err := m.sealFor(reg.Server, t, key, key != nil)
	m.mu.Unlock()
	if err != nil {
		return err
	}
	if err := m.Vault.Set(ctx, reg.account, blob); err != nil {
		m.mu.Lock()
		m.key = key // kept for SaveRegistration
		m.mu.Unlock()
		return err
	}
	done := config.State{
		ServerURL: reg.Server, Username: reg.Username, DeviceName: reg.DeviceName, DeviceID: t.DeviceID,
		Account: reg.account, KeyringID: reg.keyringID, RevokeRef: reg.ref, PINSet: key != nil, Organization: t.Policy.Organization,
	}
	if !sessionOnly {
		if _, err := m.update(func(s *config.State) error {
			done.Version, done.AutoLockMinutes, done.PendingRevokes, done.Pins, done.Window = s.Version, s.AutoLockMinutes, s.PendingRevokes, s.Pins, s.Window
			*s = done
			return nil
		}); err != nil {
			return err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if sessionOnly {
		done.AutoLockMinutes, done.PendingRevokes, done.Pins = m.st.AutoLockMinutes, m.st.PendingRevokes, m.st.Pins
		m.st = done
	}
	m.reg, m.key = nil, key
	return m.connectLocked(reg.Server, t)
}

// journalRegistration names the device in the journal and keeps a revoke key the server
// issued, once each: from here on a crash revokes the device. Call with wmu held.
func (m *Manager) journalRegistration(ctx context.Context, reg *registration, sessionOnly bool) error {
	t := reg.Tokens
	if reg.ref == "" {
		reg.ref = randomHex(12) // a server that issued its own revoke key
	}
	if !sessionOnly && !reg.journalled {
		if _, err := m.update(func(s *config.State) error {
			s.Journal = config.Change{Op: config.OpRegister, DeviceID: t.DeviceID, Server: reg.Server, Username: reg.Username, Account: reg.account, RevokeRef: reg.ref}
			return nil
		}); err != nil {
			return err
		}
		reg.journalled = true
	}
	if !reg.revokeKept && t.RevokeKey != "" {
		if err := m.setRevokeEntry(ctx, reg.ref, revokeEntry{Server: reg.Server, DeviceID: t.DeviceID, RevokeKey: t.RevokeKey}); err != nil {
			return err
		}
		reg.revokeKept = true
	}
	return nil
}

// Abandon gives up a registration that will not be finished (Back at Set up PIN, closing
// the window): the device is revoked with its revoke key in the background, or owed when the
// server cannot be reached. Close waits for it.
func (m *Manager) Abandon() {
	m.mu.Lock()
	reg := m.reg
	if reg == nil {
		m.mu.Unlock()
		return
	}
	m.reg = nil
	if m.state == Registering {
		m.state = NoCredential
		m.key.Zero() // a PIN's key kept for a retried save
		m.key = nil
	}
	m.mu.Unlock()
	m.background(func(ctx context.Context) {
		if reg.revokeKept {
			m.wmu.Lock()
			_, _ = m.update(func(s *config.State) error {
				s.Owe(reg.ref)
				s.Journal = config.Change{}
				return nil
			})
			m.wmu.Unlock()
			_ = m.revokeWithKey(ctx, reg.ref)
			return
		}
		// No revoke key (session-only, or the keyring failed first): the tokens can do it.
		c, err := client.New(reg.Server, pinOptions(m.snapshot(), reg.Server, append([]client.Option{client.WithTokens(reg.Tokens)}, m.ClientOptions...))...)
		if err == nil {
			_ = c.RevokeDevice(ctx, reg.Tokens.DeviceID)
		}
		m.wmu.Lock()
		_, _ = m.update(func(s *config.State) error { s.Journal = config.Change{}; return nil })
		m.wmu.Unlock()
	})
}

// background runs f off the caller's goroutine, bounded by revokeTimeout; Close waits for it.
func (m *Manager) background(f func(ctx context.Context)) {
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), revokeTimeout)
		defer cancel()
		f(ctx)
	}()
}

// Close abandons a registration not finished and waits (up to revokeTimeout) for work the
// session does in the background. The app calls it when it quits.
func (m *Manager) Close() {
	m.Abandon()
	m.mu.Lock()
	owed := m.sessionOnly && len(m.st.PendingRevokes) > 0
	m.mu.Unlock()
	if owed {
		// A session-only revocation owed has no next start: its key is in this process only.
		m.background(func(ctx context.Context) { _ = m.RetryPendingRevokes(ctx) })
	}
	done := make(chan struct{})
	go func() { m.bg.Wait(); close(done) }()
	<-done
}
