package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Fyne 2.8 reads a window to screen readers on Windows and macOS (built with -tags
// accessibility) through fyne.Accessible, which only Button, Hyperlink, Label and Container
// implement. The types here are Fyne's Check and Select with a name and their state for the
// screen reader, and Esc handed to the window (keys.go); otherwise they behave as Fyne's.

// checkBox is a widget.Check that says what it is and whether it is ticked.
type checkBox struct {
	widget.Check
	hasFocus bool // it has the focus: its focus ring shows (focusring.go)
}

func newCheckBox(text string, changed func(bool)) *checkBox {
	c := &checkBox{}
	c.Text, c.OnChanged = text, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *checkBox) AccessibilityLabel() string {
	if c.Checked {
		return fmt.Sprintf(lang.L("%s: ticked"), c.Text)
	}
	return fmt.Sprintf(lang.L("%s: not ticked"), c.Text)
}

// AccessibilityRole is button: a tick box is pressed to change it (Fyne 2.8 has no check role).
func (c *checkBox) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// TypedKey hands Esc and Enter to the window (back; submit), as a text field does.
func (c *checkBox) TypedKey(ev *fyne.KeyEvent) { screenKeyOr(c, ev, c.Check.TypedKey) }

// FocusGained shows the focus and brings the box into view.
func (c *checkBox) FocusGained() {
	c.hasFocus = true
	c.Check.FocusGained()
	reveal(c)
}

// selectBox is a widget.Select that says its name and the option chosen.
type selectBox struct {
	widget.Select
	choiceName
	hasFocus bool // it has the focus: its focus ring shows (focusring.go)
}

func newSelectBox(options []string, changed func(string)) *selectBox {
	s := &selectBox{}
	s.Options, s.OnChanged = options, changed
	s.ExtendBaseWidget(s)
	return s
}

func (s *selectBox) AccessibilityLabel() string { return choiceLabel(s.name, s.Selected) }

// AccessibilityRole is button: pressed, it opens the list of options.
func (s *selectBox) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

// TypedKey opens the list on Enter as on Space, Up and Down (Fyne's answers those but Enter,
// and a user test pressed Enter on "Lock after" to no effect), at the option chosen, hands Esc
// to the window, and leaves Left and Right as in Fyne's.
func (s *selectBox) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace, fyne.KeyUp, fyne.KeyDown:
		s.Select.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		s.markChosen()
	default:
		screenKeyOr(s, ev, s.Select.TypedKey)
	}
}

// Tapped opens the list at the option chosen, as the keys do.
func (s *selectBox) Tapped(ev *fyne.PointEvent) {
	s.Select.Tapped(ev)
	s.markChosen()
}

// markChosen highlights the option chosen in the list just opened, so that Down goes on to the
// next one and Enter keeps it: Fyne's list opens with none highlighted, and Down went to the
// first (a user test: with 15 minutes set, Space, Down and Enter set 5 minutes). The list is
// Fyne's pop-up menu, which takes the focus as it opens.
func (s *selectBox) markChosen() {
	c := fyne.CurrentApp().Driver().CanvasForObject(s)
	if c == nil {
		return
	}
	menu, ok := c.Focused().(*widget.PopUpMenu)
	if !ok {
		return
	}
	for range s.SelectedIndex() + 1 { // none chosen (-1): none highlighted
		menu.ActivateNext()
	}
}

// FocusGained shows the focus and brings the drop-down into view.
func (s *selectBox) FocusGained() {
	s.hasFocus = true
	s.Select.FocusGained()
	reveal(s)
}

// choiceName is the name of a choice as the label beside it writes it; newField sets it from
// that label, a form that writes its own label sets it by hand.
type choiceName struct{ name string }

func (c *choiceName) setName(n string) { c.name = n }

func choiceLabel(name, chosen string) string {
	if chosen == "" {
		return fmt.Sprintf(lang.L("%s: none chosen"), name)
	}
	return fmt.Sprintf(lang.L("%s: %s"), name, chosen)
}

// named is an input whose screen reader name is the label written above it (newField).
type named interface{ setName(string) }

func (e *textEntry) setName(n string) { e.label = n }

// AccessibilityLabel is the text shown: the step ("Step 2 of 4"), a subtitle, the footer.
func (m *mutedText) AccessibilityLabel() string { return m.Text() }

func (m *mutedText) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// FocusLost hides the focus ring.
func (c *checkBox) FocusLost() {
	c.hasFocus = false
	c.Check.FocusLost()
}

// FocusLost hides the focus ring.
func (s *selectBox) FocusLost() {
	s.hasFocus = false
	s.Select.FocusLost()
}
