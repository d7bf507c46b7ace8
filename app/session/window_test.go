package session

import (
	"context"
	"testing"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/vault"
)

// The main window's size is the session's to save, like the other settings: it reaches the
// config file, is read back at the next start (clamped), and outlives a sign-out and a new
// registration.
func TestSession_windowSizeIsSavedAndOutlivesASignOut(t *testing.T) {
	ctx := context.Background()
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	if got := m.WindowSize(); !got.IsZero() {
		t.Errorf("a fresh registration remembers %+v", got)
	}
	if err := m.SetWindowSize(config.WindowSize{Width: 1200, Height: 100}); err != nil {
		t.Fatal(err)
	}
	again := r.manager()
	if got, want := again.WindowSize(), (config.WindowSize{Width: 1200, Height: 480}); got != want {
		t.Errorf("before Start the next launch reads %+v, want %+v", got, want)
	}
	if err := again.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := again.WindowSize(), (config.WindowSize{Width: 1200, Height: 480}); got != want {
		t.Errorf("after a restart: %+v, want %+v", got, want)
	}
	if err := again.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	r.registerInto(again, "alice")
	if got, want := r.manager().WindowSize(), (config.WindowSize{Width: 1200, Height: 480}); got != want {
		t.Errorf("after signing out and in again: %+v, want %+v", got, want)
	}
}

// A session held for this run only writes nothing, the window's size included.
func TestSession_sessionOnlySavesNoWindowSize(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.manager()
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.UseSessionOnly()
	if err := m.SetWindowSize(config.WindowSize{Width: 1200, Height: 800}); err != nil {
		t.Fatal(err)
	}
	if st, _ := r.file.Load(); !st.Window.IsZero() {
		t.Errorf("a session-only run wrote the window size %+v", st.Window)
	}
}
