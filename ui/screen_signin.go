package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// signInScreen asks for username, password and this computer's name.
type signInScreen struct {
	v                        *wizardView
	username, password, name *textEntry
	fields                   [3]*field
	signIn                   *busyButton
	recover                  *button
	clock                    *widget.Label
}

// clockTolerance is how far this computer's clock may differ from the server's before the
// sign-in warns: authenticator codes are checked against the server's time.
const clockTolerance = 30 * time.Second

func newSignInScreen(v *wizardView) *signInScreen {
	s := &signInScreen{v: v}
	s.username = entry("", s.submit)
	s.username.SetText(v.flow.Username)
	s.password = passwordEntry("", s.submit)
	s.name = entry("", s.submit)
	s.name.SetText(v.flow.DeviceName)
	if s.name.Text == "" {
		s.name.SetText(deviceName())
	}
	s.fields = [3]*field{
		newField(lang.L("Username"), s.username),
		newField(lang.L("Password"), s.password),
		newField(lang.L("Device name"), s.name),
	}
	s.signIn = newBusyButton(lang.L("Sign in"), lang.L("Signing in…"), s.submit)
	s.recover = link(lang.L("Need to disable two-step authentication?"), v.openRecovery)
	s.clock = widget.NewLabel("")
	s.clock.Wrapping = fyne.TextWrapWord
	s.clock.Importance = widget.WarningImportance
	if d := v.flow.ClockSkew.Abs(); d > clockTolerance {
		s.clock.SetText(fmt.Sprintf(lang.L("This computer's clock differs from the server's by %s. Set the clock to update automatically, or sign-in codes may be refused."), d.Round(time.Second)))
	} else {
		s.clock.Hide()
	}
	return s
}

func (s *signInScreen) subtitle() string {
	if p := s.v.flow.Proxy; p != "" {
		return fmt.Sprintf(lang.L("Use your x360Sync account on %s (via proxy %s)."), hostOf(s.v.flow.Server), p)
	}
	return fmt.Sprintf(lang.L("Use your x360Sync account on %s."), hostOf(s.v.flow.Server))
}

func (s *signInScreen) content() fyne.CanvasObject {
	return container.NewVBox(s.clock, s.fields[0].box, s.fields[1].box, s.fields[2].box,
		s.signIn.box, s.recover)
}

func (s *signInScreen) first() fyne.Focusable {
	if s.username.Text != "" {
		return s.password
	}
	return s.username
}

func (s *signInScreen) setBusy(b bool) {
	// The link changes the flow: never while a sign-in is in flight.
	enable(!b, s.username, s.password, s.name, s.recover)
	s.signIn.setBusy(b)
}

// markMissing puts "Enter …" under each empty field and focuses the first of them.
func (s *signInScreen) markMissing() bool {
	msgs := [3]string{lang.L("Enter your username."), lang.L("Enter your password."), lang.L("Enter a name for this computer.")}
	entries := [3]*textEntry{s.username, s.password, s.name}
	var first fyne.Focusable
	for i, e := range entries {
		if strings.TrimSpace(e.Text) == "" {
			s.fields[i].setError(msgs[i])
			if first == nil {
				first = e
			}
		} else {
			s.fields[i].setError("")
		}
	}
	if first != nil {
		s.v.win.Canvas().Focus(first)
	}
	return first != nil
}

// wrongPassword follows the server's "the username or password is incorrect": the password
// goes, the username stays, and the password field has the focus for the next try.
func (s *signInScreen) wrongPassword() { clearAndFocus(s.password) }

// waitFor counts a too-many-attempts wait down on Sign in; afterWait then empties the
// password (the one refused, or one never checked) and focuses it for the next try.
func (s *signInScreen) waitFor(label string) { s.signIn.waitFor(label) }
func (s *signInScreen) afterWait()           { clearAndFocus(s.password) }

func (s *signInScreen) submit() {
	for _, f := range s.fields {
		f.setError("")
	}
	u, p, n := s.username.Text, s.password.Text, s.name.Text
	s.v.do(func(ctx context.Context) error { return s.v.flow.SubmitSignIn(ctx, u, p, n) })
}
