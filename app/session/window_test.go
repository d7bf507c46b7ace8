package session

import (
	"context"
	"os"
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

// Reading the window's size before Start (the window opens while Start runs) must leave a
// damaged config file for Start to find: Start then tells the person their settings were
// reset, and keeps the damaged file as state.json.bad.
func TestSession_windowSizeBeforeStartLeavesADamagedConfigToStart(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	if err := os.WriteFile(r.file.Path, []byte(`{"version": 1, "window": {"width": 900, "hei`), 0o600); err != nil {
		t.Fatal(err)
	}
	m := r.manager()
	if got := m.WindowSize(); !got.IsZero() {
		t.Errorf("a damaged config gave the size %+v", got)
	}
	if _, err := os.Stat(r.file.Path); err != nil {
		t.Errorf("reading the window size before Start moved the damaged config away: %v", err)
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := m.TakeNotice(); n != NoticeSettingsReset {
		t.Errorf("Start after the window size was read: notice %v, want NoticeSettingsReset", n)
	}
}
