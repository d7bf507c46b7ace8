package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
)

// recoveryNotice is the neutral answer to a recovery request: the server says the same
// whether or not the details matched (no account enumeration), so it says, in a few words,
// how to tell (the email the server sends when they match) and what to do next.
const recoveryNotice = "Request sent. If the email address and Backup key match, two-step authentication is now disabled and we sent an email to that address. Sign in again."

// recoveryScreen is Account Recovery: email address and Backup key.
type recoveryScreen struct {
	v       *wizardView
	email   *textEntry
	key     *textEntry
	request *busyButton
	fields  [2]*field
}

func newRecoveryScreen(v *wizardView) *recoveryScreen {
	s := &recoveryScreen{v: v}
	s.email = entry(lang.L("e.g. you@example.com"), s.submit)
	s.key = entry("XXXX-XXXX-XXXX-XXXX", s.submit)
	s.fields = [2]*field{newField(lang.L("Email address"), s.email), newField(lang.L("Backup key"), s.key)}
	s.request = newBusyButton(lang.L("Request"), lang.L("Sending the request…"), s.submit)
	return s
}

func (s *recoveryScreen) subtitle() string {
	return lang.L("Enter your email address and the Backup key you saved when you set up two-step authentication.")
}

func (s *recoveryScreen) content() fyne.CanvasObject {
	return container.NewVBox(s.fields[0].box, s.fields[1].box, s.request.box)
}
func (s *recoveryScreen) first() fyne.Focusable { return s.email }
func (s *recoveryScreen) setBusy(b bool) {
	enable(!b, s.email, s.key)
	s.request.setBusy(b)
}

// waitFor counts a too-many-attempts wait down on Request; afterWait then empties the
// Backup key and focuses it.
func (s *recoveryScreen) waitFor(label string) { s.request.waitFor(label) }
func (s *recoveryScreen) afterWait()           { clearAndFocus(s.key) }

func (s *recoveryScreen) markMissing() bool {
	s.fields[0].setError("")
	s.fields[1].setError("")
	if strings.TrimSpace(s.email.Text) == "" {
		s.fields[0].setError(lang.L("Enter your email address."))
	}
	if strings.TrimSpace(s.key.Text) == "" {
		s.fields[1].setError(lang.L("Enter your Backup key."))
	}
	return true
}

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
