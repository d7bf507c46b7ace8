package session

import (
	"context"
	"maps"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
)

// Certificate pins: a certificate a person trusted for a server is kept in the config file by
// fingerprint (it is not a secret), and every API client made for that server trusts it and
// nothing else: the session's, a revocation's, an abandoned registration's.

// TrustCertificate pins a certificate (its fingerprint, as client.Fingerprint formats it) for
// server; an empty fingerprint forgets the pin. The wizard calls it when the person chose
// "Trust this certificate"; the account window when a changed certificate was trusted (the
// live client is then remade with its tokens). In session-only mode it is kept in memory.
func (m *Manager) TrustCertificate(ctx context.Context, server, fingerprint string) error {
	if fingerprint != "" {
		fp, err := client.NormalizeFingerprint(fingerprint)
		if err != nil {
			return err
		}
		fingerprint = fp
	}
	m.wmu.Lock()
	_, err := m.update(func(s *config.State) error { *s = s.WithPin(server, fingerprint); return nil })
	m.wmu.Unlock()
	if err != nil {
		return err
	}
	if fingerprint != "" {
		// A revocation owed to this server may have failed on the certificate just trusted.
		m.background(func(ctx context.Context) { _ = m.RetryPendingRevokes(ctx) })
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.liveOnLocked(server) {
		return nil // no client pins this server's old certificate: nothing to remake or wait for
	}
	// A call in flight may rotate the tokens of the live client: the client is remade once
	// none runs, from the pair it ended with. (Not under wmu: such a call saves its rotation
	// under wmu.) The wait lasts while ctx does, and no longer than Lock's grace: then the
	// calls are cancelled (a refresh cut off is retried with the old token within the
	// server's grace, which answers with the same new pair).
	cancelCalls := m.cancelCalls
	stopCtx := context.AfterFunc(ctx, cancelCalls)
	grace := time.AfterFunc(lockGrace, cancelCalls)
	for m.calls > 0 {
		m.idle.Wait()
	}
	ctxEnded, graceEnded := !stopCtx(), !grace.Stop()
	if ctxEnded || graceEnded { // the calls were cancelled: later ones get a live context
		m.callCtx, m.cancelCalls = context.WithCancel(context.Background())
	}
	if m.liveOnLocked(server) { // still, after the wait: it pins the old certificate
		return m.connectLocked(m.server, m.client.Tokens())
	}
	return nil
}

// liveOnLocked says whether the session's live client talks to server. Call with mu held.
func (m *Manager) liveOnLocked(server string) bool {
	return m.client != nil && m.state.Ready() && config.PinKey(server) == config.PinKey(m.server)
}

// Pins lists the trusted certificates by server origin, for About.
func (m *Manager) Pins() map[string]string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.st.Pins)
}

// withPin adds server's pin, if there is one, to the client options. Call with mu held (or
// pass a snapshot's pins through pinOptions).
func (m *Manager) withPin(server string, opts []client.Option) []client.Option {
	return pinOptions(m.st, server, opts)
}

func pinOptions(st config.State, server string, opts []client.Option) []client.Option {
	if fp := st.Pin(server); fp != "" {
		return append(append([]client.Option(nil), opts...), client.WithPinnedCertificate(fp))
	}
	return opts
}

// pinFor is the fingerprint trusted for server, "" when none.
func (m *Manager) pinFor(server string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st.Pin(server)
}

// connectPinned makes the wizard's client for a server trusted by fingerprint.
func (m *Manager) connectPinned(server, fingerprint string) (wizard.API, error) {
	return client.New(server, append(append([]client.Option(nil), m.ClientOptions...), client.WithPinnedCertificate(fingerprint))...)
}

// pinsAfterSignOut is the pins a forgotten registration leaves: the signed-out server's pin
// goes, except while a revocation is still owed (it must reach the server through it).
// Other servers keep theirs.
func pinsAfterSignOut(s *config.State) map[string]string {
	if len(s.PendingRevokes) > 0 {
		return s.Pins
	}
	return s.WithPin(s.ServerURL, "").Pins
}

// unpinRevoked forgets the pin of a server once nothing more is owed to it and this computer
// is not registered there.
func (m *Manager) unpinRevoked(server string) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	_, err := m.update(func(s *config.State) error {
		if len(s.PendingRevokes) == 0 && (!s.Registered() || config.PinKey(s.ServerURL) != config.PinKey(server)) {
			*s = s.WithPin(server, "")
		}
		return nil
	})
	return err
}
