package session

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/vault"
)

// The demo's in-process server listens on a new port at every run while its data stays
// (Manager.Server). A registration made there is stored under a keyring account that names
// no port, so the next runs do not go on naming the port of the run that registered.
func TestSession_demoKeyringAccountNamesNoPort(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.manager()
	m.Server = r.ts.URL
	r.registerWith(m, "erin", erinSecret, "739205")
	want := m.Info().KeyringAccount
	if !strings.HasPrefix(want, "127.0.0.1/erin/") {
		t.Fatalf("registered in the demo: keyring account %q, want 127.0.0.1/erin/ and its own id", want)
	}
	next := httptest.NewServer(r.srv) // the next run: the same data, another port
	t.Cleanup(next.Close)
	again := r.manager()
	again.Server = next.URL
	ctx := context.Background()
	if st := startedState(again, ctx); st != Locked {
		t.Fatalf("the next demo run: %v, want Locked", st)
	}
	if err := again.Unlock(ctx, "739205"); err != nil {
		t.Fatalf("the next demo run: %v", err)
	}
	if i := again.Info(); i.KeyringAccount != want || i.Server != next.URL {
		t.Errorf("the next demo run: keyring account %q on %q, want %q on %q", i.KeyringAccount, i.Server, want, next.URL)
	}
	if _, err := again.Account(ctx); err != nil {
		t.Errorf("the next demo run reads the account: %v", err)
	}
}
