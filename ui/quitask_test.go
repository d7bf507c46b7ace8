package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/mockserver"
)

// interceptWindow is a test window that keeps its close intercept, so a test can close it
// as the window manager would.
type interceptWindow struct {
	fyne.Window
	intercept func()
}

func (w *interceptWindow) SetCloseIntercept(f func()) { w.intercept = f; w.Window.SetCloseIntercept(f) }

// quitRig is a main window at dave's "Confirm two-step authentication" (the Backup key on
// screen), with Ctrl+Q and closing the window wired as NewMainWindow wires them, counted.
func quitRig(t *testing.T) (r *mainRig, win *interceptWindow, quits, closes *int) {
	t.Helper()
	r = newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	quits, closes = new(int), new(int)
	win = &interceptWindow{Window: r.win}
	r.m.win = win
	r.m.wireQuit(func() { *quits++ }, func() { *closes++ })
	return r, win, quits, closes
}

// ctrlQ presses Ctrl+Q as the driver does: to the focused widget that takes shortcuts, else to
// the window (a focused button: Confirm two-step authentication opens on part 1's Copy).
func ctrlQ(r *mainRig) {
	s := &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	f := r.win.Canvas().Focused()
	if sc, ok := f.(fyne.Shortcutable); ok {
		sc.TypedShortcut(s)
		return
	}
	shortcutToWindow(f.(fyne.CanvasObject), s)
}

// TestMainView_ctrlQMidRegistrationAsksFirst: a first-time-user test pressed Ctrl+Q on
// "Confirm two-step authentication" with the Backup key on screen, and the app quit at once
// (the next launch started empty), where Esc there asks first. Ctrl+Q and closing the window
// now ask the wizard's leave question; only "Leave and sign out" quits.
func TestMainView_ctrlQMidRegistrationAsksFirst(t *testing.T) {
	r, win, quits, closes := quitRig(t)
	r.typeAndEnter("dave")
	r.typeAndEnter(mockserver.DemoPassword)
	test.Tap(r.m.wiz.current.(*enrollScreen).submitBtn)
	r.wait()
	if r.m.wiz.flow.Step() != wizard.StepEnrollConfirm {
		t.Fatalf("at %v, want Confirm two-step authentication:\n%s", r.m.wiz.flow.Step(), r.texts())
	}
	ctrlQ(r)
	if *quits != 0 || confirmationOn(r.win) == nil {
		t.Fatalf("Ctrl+Q at Confirm: quit %d times, question up %v", *quits, confirmationOn(r.win) != nil)
	}
	if f, ok := r.win.Canvas().Focused().(*button); !ok || f.Text != "Continue registration" {
		t.Errorf("the question's focus is on %T %q, want Continue registration", r.win.Canvas().Focused(), textOf(r.win.Canvas().Focused()))
	}
	test.Tap(r.topButton("Continue registration"))
	if *quits != 0 || r.m.wiz.flow.Step() != wizard.StepEnrollConfirm || confirmationOn(r.win) != nil {
		t.Fatalf("Continue registration: quit %d times, at %v", *quits, r.m.wiz.flow.Step())
	}
	win.intercept() // the window's close button
	if *closes != 0 || confirmationOn(r.win) == nil {
		t.Fatalf("closing the window at Confirm: closed %d times, question up %v", *closes, confirmationOn(r.win) != nil)
	}
	test.Tap(r.topButton("Leave and sign out"))
	if *closes != 1 || *quits != 0 {
		t.Errorf("Leave and sign out after closing: closed %d, quit %d times, want 1 and 0", *closes, *quits)
	}
	ctrlQ(r)
	test.Tap(r.topButton("Leave and sign out"))
	if *quits != 1 {
		t.Errorf("Leave and sign out after Ctrl+Q: quit %d times, want 1", *quits)
	}
	newTray(r.m, fyne.CurrentApp()).quit.Action() // the tray's Quit asks the same
	if confirmationOn(r.win) == nil {
		t.Error("the tray's Quit at Confirm did not ask first")
	}
}

// With nothing unfinished (Sign in), Ctrl+Q and closing quit at once, as before.
func TestMainView_ctrlQAtSignInQuitsAtOnce(t *testing.T) {
	r, win, quits, closes := quitRig(t)
	ctrlQ(r)
	win.intercept()
	if *quits != 1 || *closes != 1 || confirmationOn(r.win) != nil {
		t.Errorf("at Sign in: quit %d, closed %d times, question up %v; want 1, 1, none", *quits, *closes, confirmationOn(r.win) != nil)
	}
}
