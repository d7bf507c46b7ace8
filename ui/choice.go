package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// choiceGroup is a choice of one among a few options (the Authentication Mode), drawn as a
// column of options with a radio mark. Fyne's RadioGroup is not used: its options live inside
// the widget, where the screen-reader bridges never look, and a focused one drops Esc. Each
// option here is one of our buttons in a plain container, so it is read by name and state,
// Space chooses it, and Enter (submit) and Esc (back) go to the window. A choice is always kept: choosing
// the chosen option again changes nothing.
type choiceGroup struct {
	choiceName
	Options   []string
	Selected  string
	OnChanged func(string)
	items     []*choiceItem
	box       *fyne.Container
	disabled  bool
}

// choiceItem is one option of a choiceGroup.
type choiceItem struct {
	button
	group *choiceGroup
	label string
}

func newChoiceGroup(options []string, changed func(string)) *choiceGroup {
	g := &choiceGroup{Options: options, OnChanged: changed, box: container.NewVBox()}
	for _, o := range options {
		it := &choiceItem{group: g, label: o}
		it.Text, it.Alignment, it.Importance = o, widget.ButtonAlignLeading, widget.LowImportance
		it.OnTapped = func() { g.SetSelected(it.label) }
		it.keepFocus = true
		it.extend(it)
		g.items = append(g.items, it)
		g.box.Add(it)
	}
	g.sync()
	return g
}

// newChoiceField is g under its label, named by it for screen readers. The options draw no
// box, and their marks already start at the text's edge (a button's content is inset by a
// label's inner padding): the choice is not put in the text column, where they stood 8 px in.
func newChoiceField(label string, g *choiceGroup) *field {
	g.setName(label)
	return newLabelled(label, g.box, g.box)
}

// SetSelected chooses the option with this label and says so to OnChanged; an unknown label
// or the option already chosen changes nothing.
func (g *choiceGroup) SetSelected(label string) {
	if label == g.Selected {
		return
	}
	for _, o := range g.Options {
		if o == label {
			g.Selected = label
			g.sync()
			if g.OnChanged != nil {
				g.OnChanged(label)
			}
			return
		}
	}
}

// step moves the focus from the option from to the one by options away and chooses it; past
// the first or the last it stays, and a disabled choice does not move.
func (g *choiceGroup) step(from *choiceItem, by int) {
	if g.disabled {
		return
	}
	for i, it := range g.items {
		if it != from {
			continue
		}
		j := i + by
		if j < 0 || j >= len(g.items) {
			return
		}
		to := g.items[j]
		g.SetSelected(to.label)
		if c := fyne.CurrentApp().Driver().CanvasForObject(to); c != nil {
			c.Focus(to)
		}
		return
	}
}

// chosen is the chosen option, where the keyboard starts on a screen that opens with the
// choice first; nil when none is chosen.
func (g *choiceGroup) chosen() fyne.Focusable {
	for _, it := range g.items {
		if it.label == g.Selected {
			return it
		}
	}
	return nil
}

// sync draws each option's mark as the choice stands.
func (g *choiceGroup) sync() {
	for _, it := range g.items {
		if it.label == g.Selected {
			it.SetIcon(theme.NewPrimaryThemedResource(theme.RadioButtonCheckedIcon()))
		} else {
			it.SetIcon(theme.RadioButtonIcon())
		}
	}
}

func (g *choiceGroup) Enable() {
	g.disabled = false
	for _, it := range g.items {
		it.Enable()
	}
}

func (g *choiceGroup) Disable() {
	g.disabled = true
	for _, it := range g.items {
		it.Disable()
	}
}

func (g *choiceGroup) Disabled() bool { return g.disabled }

// Disabled is what the window's focus chain asks of an option: an option not chosen is passed
// over, so that the choice is one Tab stop, on the option chosen, from either side (Shift+Tab
// landed on the last option, not chosen); the arrows move between the options. It is only
// that: the option is drawn, pressed and read by its own button, never as off.
func (it *choiceItem) Disabled() bool {
	if it.button.Disabled() {
		return true
	}
	return it.group.Selected != "" && it.label != it.group.Selected
}

// TypedKey hands Enter to the window, which submits the form, as from any field of it (the
// Enable step opens with the focus on the chosen option); Up and Down move to the option
// before or after and choose it, as in any group of radio buttons; other keys work as on a
// button.
func (it *choiceItem) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		toWindow(it, ev)
	case fyne.KeyUp:
		it.group.step(it, -1)
	case fyne.KeyDown:
		it.group.step(it, 1)
	default:
		it.button.TypedKey(ev)
	}
}

// AccessibilityLabel is the choice's name, the option and whether it is the one chosen.
func (it *choiceItem) AccessibilityLabel() string {
	if it.label == it.group.Selected {
		return fmt.Sprintf(lang.L("%s: %s, chosen"), it.group.name, it.label)
	}
	return fmt.Sprintf(lang.L("%s: %s, not chosen"), it.group.name, it.label)
}
