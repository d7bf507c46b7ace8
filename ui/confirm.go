package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// confirmation is a question before a destructive action: Cancel (focused first, so Enter
// alone never destroys anything) and the action in the danger style.
type confirmation struct {
	// overlay is the backdrop and the card, a *fyne.Container rather than a widget.PopUp:
	// screen readers (Fyne 2.8's bridges) read overlays through containers only. As the top
	// overlay it takes every tap and key, as a modal pop-up does.
	overlay        *fyne.Container
	cancel, action *button
}

// confirmationOn is the confirmation on top of win, nil when none is: a window's key handler
// asks it first. The window's overlay stack is the only record of the questions on show: each
// overlay's backdrop names its confirmation, so nothing outlives the overlay taken down.
func confirmationOn(win fyne.Window) *confirmation {
	if top, ok := win.Canvas().Overlays().Top().(*fyne.Container); ok && len(top.Objects) > 0 {
		if b, ok := top.Objects[0].(*backdrop); ok {
			return b.of
		}
	}
	return nil
}

// key answers a key the window got while the confirmation is up: a click on its backdrop or
// text drops the focus (Fyne unfocuses on any click on something that cannot be focused), and
// the window's own handler would then act on the screen underneath. Esc cancels; any other
// key only gives the focus back to Cancel.
func (c *confirmation) key(win fyne.Window, ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		c.cancel.OnTapped()
		return
	}
	win.Canvas().Focus(c.cancel)
}

// closeConfirmations takes down every confirmation on win (the screen under them is going,
// so their buttons would act on what is no longer shown).
func closeConfirmations(win fyne.Window) {
	for c := confirmationOn(win); c != nil; c = confirmationOn(win) {
		c.close(win)
	}
}

func (c *confirmation) close(win fyne.Window) {
	win.Canvas().Overlays().Remove(c.overlay)
}

// backdrop is the dimmed window behind a confirmation. A click on it (or on the card's text,
// which lies over it) puts the focus back on Cancel, so the keys stay with the question.
type backdrop struct {
	widget.BaseWidget
	tapped func()
	title  string        // the question, what a screen reader says of it
	of     *confirmation // the question it stands behind
}

func newBackdrop(of *confirmation, title string, tapped func()) *backdrop {
	b := &backdrop{of: of, tapped: tapped, title: title}
	b.ExtendBaseWidget(b)
	return b
}

func (b *backdrop) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(theme.Color(theme.ColorNameShadow)))
}

func (b *backdrop) Tapped(*fyne.PointEvent) { b.tapped() }

func (b *backdrop) AccessibilityLabel() string { return b.title }

func (b *backdrop) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleText }

// confirmDanger asks before a destructive action; do runs only when the action is pressed.
// Cancelled, the focus goes back to opener (the button that asked; nil for none), so the
// keyboard carries on from where it was.
func confirmDanger(win fyne.Window, opener fyne.Focusable, title, text, action string, do func()) *confirmation {
	return confirmDangerOr(win, opener, title, text, lang.L("Cancel"), action, do)
}

// confirmDangerOr is confirmDanger with its safe button named stay ("Continue registration")
// rather than Cancel, where the safe choice is an action too.
func confirmDangerOr(win fyne.Window, opener fyne.Focusable, title, text, stay, action string, do func()) *confirmation {
	c := &confirmation{}
	cancel := func() {
		c.close(win)
		if opener != nil {
			win.Canvas().Focus(opener)
		}
	}
	c.cancel = newButton(stay, cancel)
	c.cancel.onEsc = cancel
	c.action = newButton(action, func() {
		c.close(win)
		do()
	})
	c.action.onEsc = cancel
	c.action.Importance = widget.DangerImportance
	t := widget.NewLabel(title)
	t.TextStyle.Bold = true
	t.SizeName = theme.SizeNameSubHeadingText
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	buttons := container.NewGridWithColumns(2, c.cancel, c.action)
	box := container.New(paddedBy{2}, container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, t), body, buttons))
	back := newBackground(theme.ColorNameOverlayBackground, theme.ColorNameSeparator, 12)
	back.shadow = true // it stands over the window, as a pop-up does
	card := container.NewStack(back, box)
	// column measures the wrapped text at the card's width, so it takes its real height.
	c.overlay = container.NewStack(newBackdrop(c, title, func() { win.Canvas().Focus(c.cancel) }), container.New(&column{max: 360}, card))
	win.Canvas().Overlays().Add(c.overlay)
	win.Canvas().Focus(c.cancel)
	return c
}
