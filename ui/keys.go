package ui

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.8 gives every key to the focused widget, and the window's own handler (screenKey:
// Enter submits, Esc goes back or cancels what runs) sees only keys that nothing focused
// takes. Its buttons, tick boxes, option items and drop-downs drop Esc, so with the focus on
// one of them Esc did nothing. Each focusable widget of ours hands Esc on with toWindow.

// screenKeyOr hands the keys the window answers for the screen (Esc, Enter) to it, and every
// other key to own: a tick box's or a drop-down's own handling.
func screenKeyOr(o fyne.CanvasObject, ev *fyne.KeyEvent, own func(*fyne.KeyEvent)) {
	switch ev.Name {
	case fyne.KeyEscape, fyne.KeyReturn, fyne.KeyEnter:
		toWindow(o, ev)
	default:
		own(ev)
	}
}

// toWindow hands ev to the key handler of the window that shows o.
func toWindow(o fyne.CanvasObject, ev *fyne.KeyEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil && c.OnTypedKey() != nil {
		c.OnTypedKey()(ev)
	}
}

// windowShortcuts are each window's own shortcuts (Ctrl+Q), by its canvas. Fyne gives a
// shortcut to the focused widget alone when it takes shortcuts (an Entry), and an Entry drops
// the ones it does not know: with the focus in a field, Ctrl+Q did nothing. Our fields hand
// those on to here (shortcutToWindow). A window's shortcuts are added with addWindowShortcut,
// which also gives them to the canvas for when the focus is on a widget that takes none.
var windowShortcuts sync.Map // fyne.Canvas -> *fyne.ShortcutHandler

// addWindowShortcut makes s run f in w wherever its focus is.
func addWindowShortcut(w fyne.Window, s fyne.Shortcut, f func(fyne.Shortcut)) {
	w.Canvas().AddShortcut(s, f)
	h, _ := windowShortcuts.LoadOrStore(w.Canvas(), &fyne.ShortcutHandler{})
	h.(*fyne.ShortcutHandler).AddShortcut(s, f)
}

// shortcutToWindow runs s as the window that shows o has it, if it has it.
func shortcutToWindow(o fyne.CanvasObject, s fyne.Shortcut) {
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if c == nil {
		return
	}
	if h, ok := windowShortcuts.Load(c); ok {
		h.(*fyne.ShortcutHandler).TypedShortcut(s)
	}
}

// entryTakes says whether an Entry has s itself: the clipboard, undo and select-all
// shortcuts, and moving or deleting by word (a modifier with an arrow, Backspace or Delete).
func entryTakes(s fyne.Shortcut) bool {
	c, ok := s.(*desktop.CustomShortcut)
	if !ok {
		return true // fyne.ShortcutCopy, Paste, Cut, SelectAll, Undo, Redo
	}
	switch c.KeyName {
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyBackspace, fyne.KeyDelete:
		return true
	}
	return false
}

// button is every button of the app: Fyne's, with the keys a person expects of a focused
// button. Enter presses it (Fyne's answers Space only), and Space presses it when released,
// as on Windows and GTK: Fyne's pressed it on the key going down, and the character of the
// same key then went to the field the press had just focused on the next screen. Esc goes
// to the window, unless the button has its own (a confirmation's cancels it); and gaining
// the focus brings it into view when it is inside a scroll.
type button struct {
	widget.Button
	onEsc     func() // nil: Esc goes to the window
	spaceDown bool   // Space went down on this button and is not released yet
	// self is the widget the window holds: the button itself, or the type that embeds it
	// (an option of a choiceGroup). The driver finds a window by that exact object, so a key
	// handed on or a scroll into view must name it, not the embedded button.
	self fyne.CanvasObject
	// keepFocus says a press from the keyboard leaves the focus on the button, where Fyne's
	// press drops it: an option of a choice, which changes the screen around it (the phone
	// fields appear) and stays, so the next Tab goes on from it, not from the top.
	keepFocus bool
	hasFocus  bool // it has the focus: its focus ring shows (focusring.go)
}

func newButton(label string, tapped func()) *button {
	b := &button{}
	b.Text, b.OnTapped = label, tapped
	b.extend(b)
	return b
}

// extend makes w, the button or the type embedding it, the widget the window holds.
func (b *button) extend(w fyne.Widget) {
	b.self = w
	b.ExtendBaseWidget(w)
}

func newIconButton(label string, icon fyne.Resource, tapped func()) *button {
	b := newButton(label, tapped)
	b.Icon = icon
	return b
}

// FocusGained shows the focus and brings the button into view.
func (b *button) FocusGained() {
	b.hasFocus = true
	b.Button.FocusGained()
	reveal(b.self)
}

// KeyDown notes Space going down on the button; KeyUp presses it when Space is released.
func (b *button) KeyDown(ev *fyne.KeyEvent) { b.spaceDown = b.spaceDown || ev.Name == fyne.KeySpace }

func (b *button) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeySpace && b.spaceDown {
		b.spaceDown = false
		b.press()
	}
}

// press presses the button from the keyboard: as a tap (Fyne's takes the focus away, for the
// pointer), then, if b keeps the focus and nothing else took it, the focus back on b.
func (b *button) press() {
	b.Tapped(nil)
	if !b.keepFocus {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(b.self); c != nil && c.Focused() == nil && b.Visible() {
		c.Focus(b.self.(fyne.Focusable))
	}
}

// FocusLost forgets a Space held down: released elsewhere, it presses nothing.
func (b *button) FocusLost() {
	b.spaceDown = false
	b.hasFocus = false
	b.Button.FocusLost()
}

// TypedKey presses the button on Enter, leaves Space to KeyUp, and hands Esc on.
func (b *button) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace:
	case fyne.KeyReturn, fyne.KeyEnter:
		b.press()
	case fyne.KeyEscape:
		if b.onEsc != nil {
			b.onEsc()
			return
		}
		toWindow(b.self, ev)
	default:
		b.Button.TypedKey(ev)
	}
}
