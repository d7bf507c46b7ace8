package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// pinRules are shown before typing, so a PIN is not refused for a rule the person never saw.
const pinRules = "Your organisation requires a PIN to open x360Sync on this computer. Use 6 to 12 digits; avoid repeated digits and runs such as 123456. The PIN never leaves this computer."

// pinSetupScreen asks for a new PIN twice.
type pinSetupScreen struct {
	v            *wizardView
	pin, confirm *widget.Entry
	set          *widget.Button
}

func newPINSetupScreen(v *wizardView) *pinSetupScreen {
	s := &pinSetupScreen{v: v}
	s.pin = passwordEntry("PIN", s.submit)
	s.confirm = passwordEntry("PIN again", s.submit)
	s.set = widget.NewButton("Set PIN", s.submit)
	s.set.Importance = widget.HighImportance
	return s
}

func (s *pinSetupScreen) content() fyne.CanvasObject {
	rules := widget.NewLabel(pinRules)
	rules.Wrapping = fyne.TextWrapWord
	return container.NewVBox(rules, widget.NewLabel("PIN"), s.pin, widget.NewLabel("Confirm PIN"), s.confirm, s.set)
}
func (s *pinSetupScreen) first() fyne.Focusable { return s.pin }
func (s *pinSetupScreen) setBusy(b bool)        { enable(!b, s.pin, s.confirm, s.set) }
func (s *pinSetupScreen) submit() {
	p, c := s.pin.Text, s.confirm.Text
	s.v.do(func(ctx context.Context) error { return s.v.flow.SubmitPIN(ctx, p, c) })
}
