package session

import (
	"context"
	"os"
	"testing"

	"github.com/x360sync/desktop/app/vault"
)

// The organization the server named with the challenge is kept with the registration (not a
// secret), so a later launch, still locked, can name the account it opens.
func TestSession_organizationIsKeptForTheNextLaunch(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("erin", erinSecret, "739205")
	if got := m.Info().Organization; got != "Globex" {
		t.Fatalf("after registering: got %q, want %q", got, "Globex")
	}
	again := r.manager()
	if st := startedState(again, context.Background()); st != Locked {
		t.Fatalf("restart: %v, want Locked", st)
	}
	if got := again.Info().Organization; got != "Globex" {
		t.Errorf("locked at the next launch: got %q, want %q", got, "Globex")
	}
}

// A sign-in without a challenge is told no organization; the account's own answer names it,
// and from then on it is kept.
func TestSession_organizationLearntFromTheAccount(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	if _, err := m.Account(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := m.Info().Organization; got != "Acme" {
		t.Fatalf("after reading the account: got %q, want %q", got, "Acme")
	}
	if got := startedInfo(t, r.manager()).Organization; got != "Acme" {
		t.Errorf("at the next launch: got %q, want %q", got, "Acme")
	}
}

// A state file written before the organization was kept loads, and names none.
func TestSession_stateWithoutOrganizationStillLoads(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("erin", erinSecret, "739205")
	r.makeOldStyle(r.file) // and its credential where that version kept it
	st, err := r.file.Load()
	if err != nil {
		t.Fatal(err)
	}
	old := `{"version": 1, "server_url": "` + st.ServerURL + `", "username": "erin", "device_id": "` + st.DeviceID + `", "device_name": "laptop", "pin_set": true}`
	if err := os.WriteFile(r.file.Path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	m := r.manager()
	if st := startedState(m, context.Background()); st != Locked {
		t.Fatalf("an older state file: %v, want Locked", st)
	}
	if got := m.Info(); got.Organization != "" || got.Username != "erin" {
		t.Errorf("an older state file: organization %q, user %q; want none and erin", got.Organization, got.Username)
	}
}

func startedInfo(t *testing.T, m *Manager) Info {
	t.Helper()
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m.Info()
}
