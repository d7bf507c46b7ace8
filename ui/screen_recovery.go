package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// recoveryNotice is the neutral answer to a recovery request: the server says the same
// whether or not the details matched.
const recoveryNotice = "If the details match, two-step authentication has been disabled; sign in with your username and password."

// recoveryScreen is Account Recovery: email address and Backup key.
type recoveryScreen struct {
	v       *wizardView
	email   *widget.Entry
	key     *widget.Entry
	request *widget.Button
}

func newRecoveryScreen(v *wizardView) *recoveryScreen {
	s := &recoveryScreen{v: v}
	s.email = entry(lang.L("you@example.com"), s.submit)
	s.key = entry("XXXX-XXXX-XXXX-XXXX", s.submit)
	s.request = widget.NewButton(lang.L("Request"), s.submit)
	s.request.Importance = widget.HighImportance
	return s
}

func (s *recoveryScreen) content() fyne.CanvasObject {
	intro := widget.NewLabel(lang.L("Enter your email address and the Backup key you saved when you set up two-step authentication."))
	intro.Wrapping = fyne.TextWrapWord
	return container.NewVBox(intro, widget.NewLabel(lang.L("Email address")), s.email, widget.NewLabel(lang.L("Backup key")), s.key, s.request)
}
func (s *recoveryScreen) first() fyne.Focusable { return s.email }
func (s *recoveryScreen) setBusy(b bool)        { enable(!b, s.email, s.key, s.request) }
func (s *recoveryScreen) submit() {
	email, key := s.email.Text, s.key.Text
	s.v.do(func(ctx context.Context) error {
		err := s.v.flow.SubmitRecovery(ctx, email, key)
		if err == nil {
			s.v.notice = lang.L(recoveryNotice)
		}
		return err
	})
}
