package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/pin"
)

// pinRules are shown before typing, so a PIN is not refused for a rule the person never saw.
const pinRules = "Use 6 to 12 digits; avoid repeated digits and runs such as 123456. The PIN never leaves this computer."

// pinForm asks for a new PIN twice; the wizard's Set up PIN and the account window's PIN
// settings both use it. Change PIN asks for the current PIN first (current, nil otherwise).
type pinForm struct {
	pin, confirm           *textEntry
	pinField, confirmField *field
	current                *textEntry
	currentField           *field
	set                    *busyButton
	intro                  string
}

func newPINForm(intro string, submit func(p, confirm string)) *pinForm {
	f := &pinForm{intro: intro}
	send := func() { submit(f.pin.Text, f.confirm.Text) }
	f.pin = passwordEntry("", send)
	f.confirm = passwordEntry("", send)
	f.set = newBusyButton(lang.L("Set PIN"), lang.L("Setting the PIN…"), send)
	f.pinField, f.confirmField = newField(lang.L("PIN"), f.pin), newField(lang.L("Confirm PIN"), f.confirm)
	f.pin.OnChanged = func(string) { f.pinField.setError("") }
	f.confirm.OnChanged = func(string) { f.confirmField.setError("") }
	return f
}

// newChangePINForm is the PIN form with the current PIN above the new one: Change PIN only
// goes ahead once the current PIN opened the stored credential.
func newChangePINForm(submit func(current, p, confirm string)) *pinForm {
	var f *pinForm
	f = newPINForm("", func(p, c string) { submit(f.current.Text, p, c) })
	f.current = passwordEntry("", f.set.OnTapped)
	f.currentField = newField(lang.L("Current PIN"), f.current)
	f.current.OnChanged = func(string) { f.currentField.setError("") }
	f.pinField, f.confirmField = newField(lang.L("New PIN"), f.pin), newField(lang.L("Confirm new PIN"), f.confirm)
	f.set = newBusyButton(lang.L("Change PIN"), lang.L("Changing the PIN…"), f.set.OnTapped)
	return f
}

// fieldError puts a refused PIN's reason under the field to change: the PIN for a rule it
// breaks, Confirm PIN when the two differ. Confirm PIN is emptied either way.
func (f *pinForm) fieldError(err error) bool {
	switch {
	case errors.Is(err, pin.ErrMismatch):
		clearAndFocus(f.confirm) // first: typing (and emptying) a field clears its error
		f.confirmField.setError(message(err))
	case errors.Is(err, pin.ErrLength), errors.Is(err, pin.ErrDigits), errors.Is(err, pin.ErrRepeated), errors.Is(err, pin.ErrSequence):
		f.confirm.SetText("")
		clearAndFocus(f.pin)
		said := message(err)
		if errors.Is(err, pin.ErrRepeated) || errors.Is(err, pin.ErrSequence) {
			// The rules are right under the field: the reason does not say them again.
			said = lang.L("That PIN is too easy to guess. Choose another one.")
		}
		f.pinField.setError(said)
	default:
		return false
	}
	return true
}

// content is the form: the intro (the wizard's), Current PIN (Change PIN's), the PIN with
// its rules under it, where they are read before typing and are about the PIN being chosen,
// then Confirm PIN and the button. Each error shows under the field it is about.
func (f *pinForm) content() fyne.CanvasObject {
	rules := widget.NewLabel(lang.L(pinRules))
	rules.Wrapping = fyne.TextWrapWord
	var objs []fyne.CanvasObject
	if f.intro != "" {
		intro := widget.NewLabel(f.intro)
		intro.Wrapping = fyne.TextWrapWord
		objs = append(objs, intro)
	}
	if f.current != nil {
		objs = append(objs, f.currentField.box)
	}
	return container.NewVBox(append(objs, f.pinField.box, rules, f.confirmField.box, f.set.box)...)
}

// setBusy turns the form off while its call runs; the errors of the last try go, since they
// are about what was typed before and the call answers with its own.
func (f *pinForm) setBusy(b bool) {
	if b {
		f.pinField.setError("")
		f.confirmField.setError("")
	}
	if f.current != nil {
		if b {
			f.currentField.setError("")
		}
		enable(!b, f.current)
	}
	enable(!b, f.pin, f.confirm)
	f.set.setBusy(b)
}

// pinSetupScreen is the wizard's Set up PIN step.
type pinSetupScreen struct{ *pinForm }

func newPINSetupScreen(v *wizardView) *pinSetupScreen {
	s := &pinSetupScreen{}
	s.pinForm = newPINForm(lang.L("Your organization requires a PIN to open x360Sync on this computer."), func(p, c string) {
		v.do(func(ctx context.Context) error { return v.flow.SubmitPIN(ctx, p, c) })
	})
	return s
}

func (s *pinSetupScreen) first() fyne.Focusable { return s.pin }
func (s *pinSetupScreen) submit()               { s.set.OnTapped() }
