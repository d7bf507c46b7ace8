package session

import (
	"context"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
)

// inFlight waits until n account calls are running in m.
func inFlight(t *testing.T, m *Manager, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		m.mu.Lock()
		calls := m.calls
		m.mu.Unlock()
		if calls == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d calls in flight, want %d", calls, n)
		}
	}
}

// Trusting a certificate for a server the live client does not talk to has no client to
// remake, so it neither waits for the calls in flight nor cancels them: a slow call to the
// session's own server (longer than Lock's grace) goes on and succeeds.
func TestSession_trustForAnotherServerLeavesTheCallsInFlight(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	r.fault(`{"path":"/api/v1/me","delay_ms":3500,"times":1}`)
	slow := make(chan error, 1)
	go func() { _, err := m.Account(context.Background()); slow <- err }()
	inFlight(t, m, 1)
	fp := client.Fingerprint([]byte("another server's certificate"))
	if err := m.TrustCertificate(context.Background(), "https://sync.example.org", fp); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-slow:
		t.Errorf("TrustCertificate for another server waited for the call in flight (which ended with %v)", err)
	default:
		if err := <-slow; err != nil {
			t.Errorf("the call in flight, after trusting another server: %v", err)
		}
	}
	if got := m.Pins()["https://sync.example.org"]; got != fp {
		t.Errorf("the pin kept: %q, want %q", got, fp)
	}
}
