package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
)

// The main window opens at the size it had when the app last ended (a user test resized it
// at every launch), saved through the session at the end; without a saved size it opens at
// 800x600.
func TestNewMainWindow_remembersItsSize(t *testing.T) {
	a := test.NewTempApp(t)
	file := config.File{Path: filepath.Join(t.TempDir(), "state.json")}
	open := func() (*session.Manager, fyne.Window) {
		sess := &session.Manager{Vault: &vault.Memory{}, Config: file, KDF: pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}}
		w := NewMainWindow(a, Options{Session: sess})
		return sess, w
	}
	_, w := open()
	if got := w.Canvas().Size(); got != fyne.NewSize(800, 600) {
		t.Errorf("the first launch opens at %v, want 800x600", got)
	}
	w.Resize(fyne.NewSize(1100, 750))
	w.(*mainWindow).m.saveWindowSize() // what Run does when the app ends
	w.Close()
	if st, _ := file.Load(); st.Window != (config.WindowSize{Width: 1100, Height: 750}) {
		t.Errorf("saved %+v, want 1100x750", st.Window)
	}
	_, w = open()
	defer w.Close()
	if got := w.Canvas().Size(); got != fyne.NewSize(1100, 750) {
		t.Errorf("the next launch opens at %v, want 1100x750", got)
	}
}
