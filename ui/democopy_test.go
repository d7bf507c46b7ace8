package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/demophone"
)

// The Demo phone's Copy keeps the keyboard focus as the wizard's does (a user test pressed
// Enter on it and the focus was gone), through "Copied — clears in 60 s" and its countdown.
func TestDemoPhone_copyByKeyboardKeepsTheFocus(t *testing.T) {
	test.NewTempApp(t)
	v := newDemoPhoneView("")
	queue := make(chan func(), 8)
	v.run.deliver = func(f func()) { queue <- f }
	v.run.second = 20 * time.Millisecond
	win := test.NewTempWindow(t, v.content())
	t.Cleanup(v.run.stopTimers)
	v.show(demophone.Screen{Codes: []demophone.Code{{Username: "bob", Code: "492039", Left: 17}}})
	c := v.rows[0].copy
	win.Canvas().Focus(c)
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := fyne.CurrentApp().Clipboard().Content(); got != "492039" {
		t.Errorf("the clipboard holds %q, want the code", got)
	}
	if c.Text != "Copied — clears in 60 s" || win.Canvas().Focused() != c {
		t.Errorf("Enter on Copy: it reads %q, focus on %T", c.Text, win.Canvas().Focused())
	}
	deadline := time.After(2 * time.Second)
	for strings.HasSuffix(c.Text, " 60 s") {
		select {
		case f := <-queue:
			f()
		case <-deadline:
			t.Fatalf("no countdown: %q", c.Text)
		}
	}
	if win.Canvas().Focused() != c {
		t.Errorf("after the relabel to %q the focus is on %T", c.Text, win.Canvas().Focused())
	}
}
