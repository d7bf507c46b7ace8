package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/x360sync/desktop/app/wizard"
)

// press delivers a key as the desktop driver does: to the focused object when there is one,
// to the window's own handler only when nothing has the focus.
func press(c fyne.Canvas, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	c.OnTypedKey()(ev)
}

// TestTextEntry_escInAFocusedFieldGoesBack: a user test pressed Esc in the Username field and
// nothing happened, because the focused field took the key and the window never saw it.
func TestTextEntry_escInAFocusedFieldGoesBack(t *testing.T) {
	r := newWizardRig(t)
	r.typeInFocused(r.ts.URL)
	r.enter()
	if r.step() != wizard.StepSignIn {
		t.Fatalf("at %v (%s), want Sign in", r.step(), r.view.msg.Text)
	}
	r.typeInFocused("alice")
	press(r.win.Canvas(), fyne.KeyEscape)
	if r.step() != wizard.StepServer {
		t.Errorf("Esc in the focused Username field: at %v, want Server", r.step())
	}
}
