package ui

import (
	"fyne.io/fyne/v2"
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
	pop            *widget.PopUp
	cancel, action *keyButton
}

// confirmDanger asks before a destructive action; do runs only when the action is pressed.
// Cancelled, the focus goes back to opener (the button that asked; nil for none), so the
// keyboard carries on from where it was.
func confirmDanger(win fyne.Window, opener fyne.Focusable, title, text, action string, do func()) *confirmation {
	c := &confirmation{}
	cancel := func() {
		c.pop.Hide()
		if opener != nil {
			win.Canvas().Focus(opener)
		}
	}
	c.cancel = newKeyButton(lang.L("Cancel"), cancel, cancel)
	c.action = newKeyButton(action, func() {
		c.pop.Hide()
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
	card := newPanel(theme.ColorNameOverlayBackground, theme.ColorNameSeparator, 12, container.NewGridWrap(fyne.NewSize(360, box.MinSize().Height), box))
	c.pop = widget.NewModalPopUp(card, win.Canvas())
	c.pop.Show()
	// Re-measure once at its width: the wrapped text takes its real height.
	c.pop.Resize(fyne.NewSize(360, box.MinSize().Height))
	win.Canvas().Focus(c.cancel)
	return c
}
