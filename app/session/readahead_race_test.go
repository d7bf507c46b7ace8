package session

import (
	"context"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/vault"
)

// heldGet holds the first Get after arm until release: a keyring slow to answer (an unlock
// prompt on show, a busy Secret Service) while PrepareUnlock's read ahead is waiting on it.
// Only readAhead calls with context.Background() (the test's own calls carry a value), and the
// hold signals nothing back, so that the race detector sees the accesses as they are.
type heldGet struct {
	vault.Store
	release chan struct{}
}

func (h *heldGet) Get(ctx context.Context, account string) ([]byte, error) {
	if ctx == context.Background() {
		<-h.release
	}
	return h.Store.Get(ctx, account)
}

type ctxKey struct{}

// readAhead must not read m.Vault unlocked, while UseSessionOnly replaces it
// under both. Locked, the read ahead waits on a slow keyring; the person signs out from the
// Unlock screen and the next sign-in chooses "this session only" (the keyring is the very
// thing that is failing): under -race this is a DATA RACE on Manager.Vault.
func TestSession_readAheadOnASlowKeyringDoesNotRaceSessionOnly(t *testing.T) {
	h := &heldGet{Store: &vault.Memory{}, release: make(chan struct{})}
	r := newRig(t, h)
	r.register("erin", erinSecret, "739205")
	ctx := context.WithValue(context.Background(), ctxKey{}, 1)
	m := r.manager()
	if st := startedState(m, ctx); st != Locked {
		t.Fatalf("restart: %v, want Locked", st)
	}
	m.PrepareUnlock()
	time.Sleep(300 * time.Millisecond) // the read ahead is now waiting on the keyring
	if err := m.SignOut(ctx); err != nil {
		t.Fatalf("sign out from the Unlock screen: %v", err)
	}
	if st := m.State(); st != NoCredential {
		t.Fatalf("after sign-out: %v, want NoCredential", st)
	}
	m.UseSessionOnly() // writes m.Vault while the read ahead still uses the one it read
	close(h.release)
	m.Close()
}
