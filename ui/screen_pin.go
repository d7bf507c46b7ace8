package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// pinRules are shown before typing, so a PIN is not refused for a rule the person never saw.
const pinRules = "Use 6 to 12 digits; avoid repeated digits and runs such as 123456. The PIN never leaves this computer."

// pinForm asks for a new PIN twice; the wizard's Set up PIN and the account window's PIN
// settings both use it.
type pinForm struct {
	pin, confirm *textEntry
	set          *busyButton
	intro        string
}

func newPINForm(intro string, submit func(p, confirm string)) *pinForm {
	f := &pinForm{intro: intro}
	send := func() { submit(f.pin.Text, f.confirm.Text) }
	f.pin = passwordEntry("", send)
	f.confirm = passwordEntry("", send)
	f.set = newBusyButton(lang.L("Set PIN"), lang.L("Setting the PIN…"), send)
	return f
}

func (f *pinForm) content() fyne.CanvasObject {
	rules := widget.NewLabel(f.intro + lang.L(pinRules))
	rules.Wrapping = fyne.TextWrapWord
	return container.NewVBox(rules, newField(lang.L("PIN"), f.pin).box, newField(lang.L("Confirm PIN"), f.confirm).box, f.set.box)
}

func (f *pinForm) setBusy(b bool) {
	enable(!b, f.pin, f.confirm)
	f.set.setBusy(b)
}

// pinSetupScreen is the wizard's Set up PIN step.
type pinSetupScreen struct{ *pinForm }

func newPINSetupScreen(v *wizardView) *pinSetupScreen {
	s := &pinSetupScreen{}
	s.pinForm = newPINForm(lang.L("Your organization requires a PIN to open x360Sync on this computer. "), func(p, c string) {
		v.do(func(ctx context.Context) error { return v.flow.SubmitPIN(ctx, p, c) })
	})
	return s
}

func (s *pinSetupScreen) first() fyne.Focusable { return s.pin }
func (s *pinSetupScreen) submit()               { s.set.OnTapped() }
