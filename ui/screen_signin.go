package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// signInScreen asks for username, password and this computer's name.
type signInScreen struct {
	v                        *wizardView
	username, password, name *widget.Entry
	signIn                   *widget.Button
	recover                  *widget.Hyperlink
	clock                    *widget.Label
}

// clockTolerance is how far this computer's clock may differ from the server's before the
// sign-in warns: authenticator codes are checked against the server's time.
const clockTolerance = 30 * time.Second

func newSignInScreen(v *wizardView) *signInScreen {
	s := &signInScreen{v: v}
	s.username = entry(lang.L("Username"), s.submit)
	s.username.SetText(v.flow.Username)
	s.password = passwordEntry(lang.L("Password"), s.submit)
	s.name = entry(lang.L("Device name"), s.submit)
	s.name.SetText(v.flow.DeviceName)
	if s.name.Text == "" {
		s.name.SetText(deviceName())
	}
	s.signIn = widget.NewButton(lang.L("Sign in"), s.submit)
	s.signIn.Importance = widget.HighImportance
	s.recover = widget.NewHyperlink(lang.L("Need to disable two-step authentication?"), nil)
	s.recover.OnTapped = s.onRecover
	s.clock = widget.NewLabel("")
	s.clock.Wrapping = fyne.TextWrapWord
	if d := v.flow.ClockSkew.Abs(); d > clockTolerance {
		s.clock.SetText(fmt.Sprintf(lang.L("This computer's clock differs from the server's by %s. Set the clock to update automatically, or sign-in codes may be refused."), d.Round(time.Second)))
	} else {
		s.clock.Hide()
	}
	return s
}

func (s *signInScreen) content() fyne.CanvasObject {
	return container.NewVBox(s.clock,
		widget.NewLabel(lang.L("Username")), s.username,
		widget.NewLabel(lang.L("Password")), s.password,
		widget.NewLabel(lang.L("Device name")), s.name,
		s.signIn, s.recover)
}

func (s *signInScreen) first() fyne.Focusable {
	if s.username.Text != "" {
		return s.password
	}
	return s.username
}
func (s *signInScreen) setBusy(b bool) { enable(!b, s.username, s.password, s.name, s.signIn) }
func (s *signInScreen) submit() {
	u, p, n := s.username.Text, s.password.Text, s.name.Text
	s.v.do(func(ctx context.Context) error { return s.v.flow.SubmitSignIn(ctx, u, p, n) })
}

func (s *signInScreen) onRecover() {
	if s.v.flow.OpenRecovery() == nil {
		s.v.show()
	}
}
