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

// enableForm is "Enable Two-Step Authentication" as both the sign-in wizard's Enable step and
// the account window's page show it, built here only so that the two cannot drift (a user test
// found the labels' weight, the apps named, the note on text messages and a gap different):
// the Authentication Mode, what the choice means (the apps, or the note on text messages), the
// page's own fields (the account's passwords), the phone number for text messages, and Submit.
type enableForm struct {
	mode      *choiceGroup
	chosen    string // the api mode of the option chosen in mode
	phone     *phoneField
	note      *widget.Label
	apps      *mutedText // about authenticator apps: shown with that choice only
	fields    []fyne.CanvasObject
	submitBtn *busyButton
}

// newEnableForm builds the form; submit is Submit and Enter in the phone number, fields go
// between the Authentication Mode and the phone number.
func newEnableForm(sms bool, submit func(), fields ...fyne.CanvasObject) *enableForm {
	f := &enableForm{fields: fields}
	f.phone = newPhoneField(submit)
	f.note = widget.NewLabel(lang.L("Text messages are the weaker choice: they can be intercepted or redirected."))
	f.note.Wrapping = fyne.TextWrapWord
	f.note.Importance = widget.WarningImportance
	f.apps = newMutedText(fyne.TextAlignLeading, true)
	f.apps.SetText(lang.L("With the Authenticator mobile app, install an authenticator app of your choice on your phone, such as Google Authenticator, Amazon AWS Virtual MFA, or any other TOTP-compatible app."))
	f.mode = newModeGroup(sms, &f.chosen, f.sync)
	f.submitBtn = newBusyButton(lang.L("Submit"), lang.L("Starting…"), submit)
	f.sync()
	return f
}

// sync shows what goes with the chosen mode.
func (f *enableForm) sync() {
	if f.chosen == api.ModeSMS {
		f.phone.box.Show()
		f.note.Show()
		f.apps.Hide()
	} else {
		f.phone.box.Hide()
		f.note.Hide()
		f.apps.Show()
	}
}

func (f *enableForm) box() fyne.CanvasObject {
	objs := []fyne.CanvasObject{newChoiceField(lang.L("Authentication Mode"), f.mode).box, f.apps, f.note}
	objs = append(objs, f.fields...)
	return container.NewVBox(append(objs, f.phone.content(), f.submitBtn.box)...)
}

// first is the chosen Authentication Mode, where the page opens, in the wizard and the
// account window alike: the form starts with the choice, so Up and Down change it at once, and
// Tab goes on to what the choice shows. (The account's page opened in Current Password, so the
// keyboard reached the options from below, by Shift+Tab, on the last one, not chosen, where
// Down had nowhere to go.)
func (f *enableForm) first() fyne.Focusable { return f.mode.chosen() }

// setBusy turns the form's inputs off (and more, the page's own) and Submit busy.
func (f *enableForm) setBusy(b bool, more ...fyne.Disableable) {
	enable(!b, append(append(f.phone.widgets(), f.mode), more...)...)
	f.submitBtn.setBusy(b)
}

// choice is the api mode chosen and, for text messages, the phone number in E.164 form (or
// phone.ErrInvalid).
func (f *enableForm) choice() (mode, number string, err error) {
	if f.chosen != api.ModeSMS {
		return api.ModeTOTP, "", nil
	}
	if number, err = f.phone.value(); err != nil {
		return "", "", err
	}
	return api.ModeSMS, number, nil
}

// enrollScreen is the wizard's "Enable Two-Step Authentication" (enableForm), for an
// organization that requires it.
type enrollScreen struct {
	v *wizardView
	*enableForm
}

func newEnrollScreen(v *wizardView) *enrollScreen {
	s := &enrollScreen{v: v}
	sms := false
	for _, m := range v.flow.AllowedModes {
		sms = sms || m == api.ModeSMS
	}
	s.enableForm = newEnableForm(sms, s.onSubmit)
	return s
}

// withPlan says the requirement once, then what to do: the plan line once the server has told
// the policy ("Globex requires two-step authentication and a PIN: this step and 2 more (…)."),
// our own sentence before that; a first-time user read both, one over the other.
func (s *enrollScreen) withPlan(plan string) string {
	act := lang.L("Choose how you want to receive your authentication code.")
	if plan != "" && !s.v.flow.Plan().Open {
		return plan + " " + act
	}
	sub := lang.L("Your organization requires two-step authentication.") + " " + act
	if plan != "" {
		sub += "\n" + plan
	}
	return sub
}

func (s *enrollScreen) content() fyne.CanvasObject { return s.box() }

// first is the form's (the chosen Authentication Mode): the step opens with nothing typed, and
// without a focus the first Tab went to Back.
func (s *enrollScreen) first() fyne.Focusable { return s.enableForm.first() }

func (s *enrollScreen) setBusy(b bool) { s.enableForm.setBusy(b) }

func (s *enrollScreen) onSubmit() {
	mode, number, err := s.choice()
	if err != nil {
		s.phone.refused(message(err))
		return
	}
	s.v.do(func(ctx context.Context) error { return s.v.flow.ChooseMode(ctx, mode, number) })
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
