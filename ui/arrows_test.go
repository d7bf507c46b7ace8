package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Enter on a focused drop-down opens it, as Space does: a user test pressed Enter on "Lock
// after" and nothing happened. Esc still goes to the window.
func TestSelectBox_enterOpensIt(t *testing.T) {
	test.NewTempApp(t)
	s := newSelectBox([]string{"1 minute", "5 minutes"}, nil)
	win := test.NewTempWindow(t, s)
	win.Resize(fyne.NewSize(300, 300))
	win.Canvas().Focus(s)
	reached := false
	win.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) { reached = true })
	hit(s, fyne.KeyReturn)
	if win.Canvas().Overlays().Top() == nil {
		t.Error("Enter on the focused drop-down did not open it")
	}
	if reached {
		t.Error("Enter on the drop-down also reached the window (it would submit)")
	}
}

// Up and Down move between the Authentication Mode options and choose the one they reach,
// as in any group of radio buttons.
func TestEnroll_arrowsMoveBetweenModes(t *testing.T) {
	r := daveAtEnroll(t)
	items := choiceItems(r.win)
	if len(items) != 2 {
		t.Fatalf("%d options, want 2", len(items))
	}
	c := r.win.Canvas()
	c.Focus(items[0])
	hit(items[0], fyne.KeyDown)
	if c.Focused() != fyne.Focusable(items[1]) || items[1].group.Selected != items[1].label {
		t.Errorf("Down: focus on %q, %q chosen; want %q both", textOf(c.Focused()), items[1].group.Selected, items[1].label)
	}
	hit(items[1], fyne.KeyUp)
	if c.Focused() != fyne.Focusable(items[0]) || items[0].group.Selected != items[0].label {
		t.Errorf("Up: focus on %q, %q chosen; want %q both", textOf(c.Focused()), items[0].group.Selected, items[0].label)
	}
	hit(items[0], fyne.KeyUp) // the first stays the first
	if c.Focused() != fyne.Focusable(items[0]) || items[0].group.Selected != items[0].label {
		t.Errorf("Up on the first: focus on %q, %q chosen", textOf(c.Focused()), items[0].group.Selected)
	}
}
