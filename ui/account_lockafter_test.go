package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The "Lock after" list opens at the value set: with 15 minutes set, Space then Down
// highlighted 5 minutes and Enter set it (a user test); Down goes on to 30 minutes.
func TestAccount_lockAfterListOpensAtTheValueSet(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	test.Tap(r.button("Set a PIN"))
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	if got := r.sess.AutoLock(); got != 15*time.Minute {
		t.Fatalf("the auto-lock is %v to begin with, want 15 minutes", got)
	}
	var box *selectBox
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if s, ok := o.(*selectBox); ok && s.Visible() {
			box = s
		}
	}
	if box == nil {
		t.Fatal("no Lock after")
	}
	c := r.win.Canvas()
	c.Focus(box)
	pressAsTheDriver(c, fyne.KeySpace)
	pressAsTheDriver(c, fyne.KeyDown)
	pressAsTheDriver(c, fyne.KeyReturn)
	r.wait()
	if got := r.sess.AutoLock(); got != 30*time.Minute {
		t.Errorf("15 minutes set, Space, Down, Enter: the auto-lock is %v, want 30 minutes", got)
	}
}
