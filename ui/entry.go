package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// textEntry is every text field of the app (addresses, names, passwords, codes, PINs). It is
// an Entry with two differences: Esc goes to the window, so that it goes back from a focused
// field as it does from anywhere else (Fyne gives every key to the focused widget, and an
// Entry drops Esc); and it tells a screen reader which field it is.
type textEntry struct {
	widget.Entry
	// label is the field's name as its visible label writes it ("Authentication Code");
	// newField sets it from that label.
	label string
}

func newTextEntry(password bool) *textEntry {
	// Password set before the renderer exists: the Entry then adds its own reveal button.
	e := &textEntry{}
	e.Password = password
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	return e
}

// clearAndFocus empties e and gives it the focus, for input the server refused (a wrong
// password, a wrong code): the next try starts from an empty field.
func clearAndFocus(e *textEntry) {
	e.SetText("")
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
		c.Focus(e)
	}
}

// TypedKey hands Esc to the window's key handler and every other key to the Entry.
func (e *textEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		toWindow(e, ev)
		return
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut gives the Entry its own shortcuts (copy, paste, word moves) and hands the
// window's (Ctrl+Q) on to the window: Fyne gives them all to the focused Entry, which drops
// the ones it does not know.
func (e *textEntry) TypedShortcut(s fyne.Shortcut) {
	if entryTakes(s) {
		e.Entry.TypedShortcut(s)
		return
	}
	shortcutToWindow(e, s)
}

// AccessibilityLabel is the field's name, never its content: a password or a code read aloud
// is a secret told to the room.
func (e *textEntry) AccessibilityLabel() string { return e.label }

// AccessibilityRole is text: Fyne 2.8 has no role for an editable field.
func (e *textEntry) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// FocusGained shows the focus and brings the field into view when its screen scrolls (see
// scrollfocus.go).
func (e *textEntry) FocusGained() {
	e.Entry.FocusGained()
	reveal(e)
}
