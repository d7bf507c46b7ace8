package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/phone"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

const (
	modeApp  = "Authenticator mobile app"
	modeText = "Text message"
)

// newModeGroup is the Authentication Mode choice: the authenticator app, and text messages
// when sms. The api mode of the option chosen is kept in *chosen (typed state: nothing reads
// the chosen label back to decide), then changed is called. It always keeps a choice, so a
// keyboard user's Space on the chosen option cannot leave none.
func newModeGroup(sms bool, chosen *string, changed func()) *choiceGroup {
	options, modes := []string{lang.L(modeApp)}, []string{api.ModeTOTP}
	if sms {
		options, modes = append(options, lang.L(modeText)), append(modes, api.ModeSMS)
	}
	*chosen = api.ModeTOTP
	g := newChoiceGroup(options, nil)
	g.OnChanged = func(label string) {
		for i, o := range options {
			if o == label {
				*chosen = modes[i]
			}
		}
		changed()
	}
	g.SetSelected(options[0])
	return g
}

// enrollScreen is "Enable Two-Step Authentication": the Authentication Mode, and a phone
// number for text messages.
type enrollScreen struct {
	v         *wizardView
	mode      *choiceGroup
	chosen    string // the api mode of the option chosen in mode
	phone     *phoneField
	note      *widget.Label
	apps      *mutedText // about authenticator apps: shown with that choice only
	submitBtn *busyButton
}

func newEnrollScreen(v *wizardView) *enrollScreen {
	s := &enrollScreen{v: v}
	sms := false
	for _, m := range v.flow.AllowedModes {
		sms = sms || m == api.ModeSMS
	}
	s.phone = newPhoneField(s.onSubmit)
	s.note = widget.NewLabel(lang.L("Text messages are the weaker choice: they can be intercepted or redirected."))
	s.note.Wrapping = fyne.TextWrapWord
	s.note.Importance = widget.WarningImportance
	s.apps = newMutedText(fyne.TextAlignLeading, true)
	s.apps.SetText(lang.L("With the Authenticator mobile app, install an authenticator app of your choice on your phone, such as Google Authenticator, Amazon AWS Virtual MFA, or any other TOTP-compatible app."))
	s.mode = newModeGroup(sms, &s.chosen, s.sync)
	s.submitBtn = newBusyButton(lang.L("Submit"), lang.L("Starting…"), s.onSubmit)
	s.sync()
	return s
}

func (s *enrollScreen) sync() {
	if s.chosen == api.ModeSMS {
		s.phone.box.Show()
		s.note.Show()
		s.apps.Hide()
	} else {
		s.phone.box.Hide()
		s.note.Hide()
		s.apps.Show()
	}
}

func (s *enrollScreen) subtitle() string {
	return lang.L("Your organization requires two-step authentication. Choose how you want to receive your authentication code.")
}

func (s *enrollScreen) content() fyne.CanvasObject {
	return container.NewVBox(newChoiceField(lang.L("Authentication Mode"), s.mode).box, s.apps, s.note, s.phone.content(), s.submitBtn.box)
}

// first is the chosen Authentication Mode: the step opens with nothing typed, and without a
// focus the first Tab went to Back.
func (s *enrollScreen) first() fyne.Focusable { return s.mode.chosen() }

func (s *enrollScreen) setBusy(b bool) {
	enable(!b, append(s.phone.widgets(), s.mode)...)
	s.submitBtn.setBusy(b)
}

func (s *enrollScreen) onSubmit() {
	mode, phone := api.ModeTOTP, ""
	if s.chosen == api.ModeSMS {
		var err error
		if phone, err = s.phone.value(); err != nil {
			s.phone.refused(message(err))
			return
		}
		mode = api.ModeSMS
	}
	s.v.do(func(ctx context.Context) error { return s.v.flow.ChooseMode(ctx, mode, phone) })
}

func (s *enrollScreen) submit() { s.onSubmit() }

// fieldError puts a number the server refused under the number.
func (s *enrollScreen) fieldError(err error) bool {
	if !errors.Is(err, client.ErrInvalidPhone) && !errors.Is(err, phone.ErrInvalid) {
		return false
	}
	s.phone.refused(message(err))
	return true
}
