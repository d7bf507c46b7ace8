package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// keyButton is a button of a confirmation: Esc on it cancels the confirmation (Fyne's own
// dialogs ignore Esc).
type keyButton struct {
	widget.Button
	onEsc func()
}

func newKeyButton(label string, tapped, esc func()) *keyButton {
	b := &keyButton{onEsc: esc}
	b.Text, b.OnTapped = label, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey cancels on Esc and presses the button on Space and Enter.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		b.onEsc()
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	default:
		b.Button.TypedKey(ev)
	}
}

// confirmation is a question before a destructive action: Cancel (focused first, so Enter
// alone never destroys anything) and the action in the danger style.
type confirmation struct {
	// overlay is the backdrop and the card, a *fyne.Container rather than a widget.PopUp:
	// screen readers (Fyne 2.8's bridges) read overlays through containers only. As the top
	// overlay it takes every tap and key, as a modal pop-up does.
	overlay        *fyne.Container
	cancel, action *keyButton
}

// confirmDanger asks before a destructive action; do runs only when the action is pressed.
// Cancelled, the focus goes back to opener (the button that asked; nil for none), so the
// keyboard carries on from where it was.
func confirmDanger(win fyne.Window, opener fyne.Focusable, title, text, action string, do func()) *confirmation {
	c := &confirmation{}
	cancel := func() {
		win.Canvas().Overlays().Remove(c.overlay)
		if opener != nil {
			win.Canvas().Focus(opener)
		}
	}
	c.cancel = newKeyButton(lang.L("Cancel"), cancel, cancel)
	c.action = newKeyButton(action, func() {
		win.Canvas().Overlays().Remove(c.overlay)
		do()
	}, cancel)
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
	c.overlay = container.NewStack(canvas.NewRectangle(theme.Color(theme.ColorNameShadow)), container.New(&column{max: 360}, card))
	win.Canvas().Overlays().Add(c.overlay)
	win.Canvas().Focus(c.cancel)
	return c
}
