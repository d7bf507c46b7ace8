package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// Ctrl+Q quits with the focus anywhere: a user test saw it do nothing while a text field
// (Server address, Username, PIN) had the focus, as Fyne gives a shortcut to the focused
// Entry alone and an Entry drops the ones it does not know.
func TestScreens_ctrlQQuitsFromEveryFocusedControl(t *testing.T) {
	ctrlQ := &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			quits := 0
			quitShortcut(win, func() { quits++ })
			for i, o := range tabOrder(win) {
				// Fyne's GL driver gives a shortcut to the focused widget alone when it takes
				// shortcuts; otherwise the canvas runs it itself (the test canvas cannot).
				sc, ok := o.(fyne.Shortcutable)
				if !ok {
					continue
				}
				win.Canvas().Focus(o)
				before := quits
				sc.TypedShortcut(ctrlQ)
				if quits != before+1 {
					t.Errorf("Ctrl+Q with the focus on control %d (%T %q) did not quit", i+1, o, textOf(o))
				}
			}
		})
	}
}

// A field keeps its own shortcuts while it hands the window's on: Ctrl+A still selects its
// text, and Ctrl+Left still moves by word.
func TestTextEntry_keepsItsOwnShortcuts(t *testing.T) {
	test.NewTempApp(t)
	e := newTextEntry(false)
	win := test.NewTempWindow(t, e)
	quits := 0
	quitShortcut(win, func() { quits++ })
	win.Canvas().Focus(e)
	test.Type(e, "alice example")
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := e.SelectedText(); got != "alice example" {
		t.Errorf("Ctrl+A selected %q, want %q", got, "alice example")
	}
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShortcutDefault})
	if e.CursorColumn != len("alice ") {
		t.Errorf("Ctrl+Left left the cursor at %d, want %d", e.CursorColumn, len("alice "))
	}
	if quits != 0 {
		t.Errorf("the field's own shortcuts quit %d times", quits)
	}
}
