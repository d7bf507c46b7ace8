package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
)

// brokenKeyring is a keyring that cannot be used (no Secret Service) until fixed is set.
type brokenKeyring struct {
	*vault.Memory
	fixed atomic.Bool
}

var errNoService = &vault.UnavailableError{Op: "probe", Remedy: vault.RemedyInstall, Err: errors.New("org.freedesktop.secrets was not provided")}

func (k *brokenKeyring) Probe(context.Context) error {
	if k.fixed.Load() {
		return nil
	}
	return errNoService
}

func (k *brokenKeyring) Get(ctx context.Context, a string) ([]byte, error) {
	if !k.fixed.Load() {
		return nil, errNoService
	}
	return k.Memory.Get(ctx, a)
}

// Without a keyring the sign-in is not sent (no device is registered for nothing); the person
// chooses to keep the credential for this session only, and the sign-in goes through.
func TestMainView_noKeyringAsksBeforeSigningIn(t *testing.T) {
	k := &brokenKeyring{Memory: &vault.Memory{}}
	r := newMainRig(t, k, filepath.Join(t.TempDir(), "state.json"))
	test.Type(r.focusedEntry(), "alice")
	r.win.Canvas().FocusNext()
	r.typeAndEnter(mockserver.DemoPassword)
	if !strings.Contains(r.texts(), "No secure storage was found") || r.m.wiz == nil || r.m.wiz.flow.Step().String() != "SignIn" {
		t.Fatalf("signing in without a keyring:\n%s", r.texts())
	}
	r.button("Retry") // offered beside the choice
	test.Tap(r.button("Use for this session only"))
	r.wait()
	if !strings.Contains(r.texts(), "Your sign-in is kept for this session only") {
		t.Errorf("the Done screen does not say where the sign-in is kept:\n%s", r.texts())
	}
	test.Tap(r.button("Open x360Sync"))
	r.wait()
	if r.sess.State() != session.SessionOnly || !strings.Contains(r.texts(), "held for this run only") {
		t.Errorf("after choosing this session only: %v\n%s", r.sess.State(), r.texts())
	}
}

// A keyring that cannot be read at start keeps the registration and offers Retry, instead of
// a dead end; once it works, Retry opens the account.
func TestMainView_keyringUnavailableAtStartOffersRetry(t *testing.T) {
	store, cfg, _ := registeredWithoutPIN(t)
	k := &brokenKeyring{Memory: store}
	r := newMainRig(t, k, cfg)
	if r.sess.State() != session.Unavailable || !strings.Contains(r.texts(), "Your registration is kept") {
		t.Fatalf("start with the keyring unavailable: %v\n%s", r.sess.State(), r.texts())
	}
	k.fixed.Store(true)
	test.Tap(r.button("Retry"))
	r.wait()
	if r.m.account == nil || r.sess.State() != session.Unlocked {
		t.Errorf("after Retry: %v\n%s", r.sess.State(), r.texts())
	}
}

func registeredWithoutPIN(t *testing.T) (*vault.Memory, string, *mainRig) {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "state.json")
	store := &vault.Memory{}
	first := newMainRig(t, store, cfg)
	if err := finish(first.sess, context.Background(), first.ts.URL, "alice", "laptop", loginAlice(t, first.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	return store, cfg, first
}
