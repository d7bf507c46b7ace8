package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/client/api"
)

const (
	modeApp  = "Authenticator mobile app"
	modeText = "Text message"
)

// enrollScreen is "Enable Two-Step Authentication": the Authentication Mode, and a phone
// number for text messages.
type enrollScreen struct {
	v         *wizardView
	mode      *radioGroup
	phone     *phoneField
	note      *widget.Label
	submitBtn *busyButton
}

func newEnrollScreen(v *wizardView) *enrollScreen {
	s := &enrollScreen{v: v}
	options := []string{lang.L(modeApp)}
	for _, m := range v.flow.AllowedModes {
		if m == api.ModeSMS {
			options = append(options, lang.L(modeText))
		}
	}
	s.phone = newPhoneField(s.onSubmit)
	s.note = widget.NewLabel(lang.L("Text messages are the weaker choice: they can be intercepted or redirected."))
	s.note.Wrapping = fyne.TextWrapWord
	s.note.Importance = widget.WarningImportance
	s.mode = newRadioGroup(options, func(string) { s.sync() })
	s.mode.SetSelected(lang.L(modeApp))
	s.submitBtn = newBusyButton(lang.L("Submit"), lang.L("Starting…"), s.onSubmit)
	s.sync()
	return s
}

func (s *enrollScreen) sync() {
	if s.mode.Selected == lang.L(modeText) {
		s.phone.box.Show()
		s.note.Show()
	} else {
		s.phone.box.Hide()
		s.note.Hide()
	}
}

func (s *enrollScreen) subtitle() string {
	return lang.L("Your organization requires two-step authentication. Choose how you want to receive your authentication code.")
}

func (s *enrollScreen) content() fyne.CanvasObject {
	apps := newMutedText(fyne.TextAlignLeading, true)
	apps.SetText(lang.L("With the Authenticator mobile app, install an authenticator app of your choice on your phone, such as Google Authenticator, Amazon AWS Virtual MFA, or any other TOTP-compatible app."))
	return container.NewVBox(newField(lang.L("Authentication Mode"), s.mode).box, apps, s.note, s.phone.content(), s.submitBtn.box)
}
func (s *enrollScreen) first() fyne.Focusable { return nil }
func (s *enrollScreen) setBusy(b bool) {
	enable(!b, append(s.phone.widgets(), s.mode)...)
	s.submitBtn.setBusy(b)
}

func (s *enrollScreen) onSubmit() {
	mode, phone := api.ModeTOTP, ""
	if s.mode.Selected == lang.L(modeText) {
		var err error
		if phone, err = s.phone.value(); err != nil {
			s.v.say(bannerError, message(err))
			return
		}
		mode = api.ModeSMS
	}
	s.v.do(func(ctx context.Context) error { return s.v.flow.ChooseMode(ctx, mode, phone) })
}

func (s *enrollScreen) submit() { s.onSubmit() }
