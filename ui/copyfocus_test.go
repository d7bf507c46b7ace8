package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestConfirm_copyByKeyboardKeepsTheFocus: a first-time-user test pressed Enter on the
// Backup key's Copy and the focus was gone: the next Tab started again from Back. Enter and
// Space leave the focus on Copy, through its relabel ("Copied — clears in 60 s") and the
// countdown after it, and Tab goes on to Save to file.
func TestConfirm_copyByKeyboardKeepsTheFocus(t *testing.T) {
	r := newWizardRig(t)
	r.view.run.second = 20 * time.Millisecond
	daveAtConfirm(r)
	var copyKey *button
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if b, ok := o.(*button); ok && b.Text == "Copy" && copyKey == nil {
			copyKey = b
		}
	}
	if copyKey == nil {
		t.Fatal("no Copy on the page")
	}
	for _, press := range []struct {
		name string
		do   func()
	}{
		{"Enter", func() { copyKey.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }},
		{"Space", func() {
			copyKey.KeyDown(&fyne.KeyEvent{Name: fyne.KeySpace})
			copyKey.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
			copyKey.KeyUp(&fyne.KeyEvent{Name: fyne.KeySpace})
		}},
	} {
		r.win.Canvas().Focus(copyKey)
		press.do()
		if copyKey.Text != "Copied — clears in 60 s" || r.win.Canvas().Focused() != copyKey {
			t.Errorf("%s on Copy: it reads %q, focus on %T %q", press.name, copyKey.Text, r.win.Canvas().Focused(), textOf(r.win.Canvas().Focused()))
		}
		r.drainUntil(2*time.Second, func() bool { return !strings.HasSuffix(copyKey.Text, " 60 s") })
		if r.win.Canvas().Focused() != copyKey {
			t.Errorf("%s on Copy: after the relabel to %q the focus is on %T", press.name, copyKey.Text, r.win.Canvas().Focused())
		}
	}
	r.tab()
	if got := textOf(r.win.Canvas().Focused()); got != "Save to file" {
		t.Errorf("Tab after Copy went to %q, want Save to file", got)
	}
}
