package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/client/api"
)

// codeScreen asks for the authentication code of a sign-in.
type codeScreen struct {
	v       *wizardView
	prompt  *widget.Label
	code    *codeEntry
	verify  *busyButton
	resend  *resendButton
	recover *button
	field   *field
	hint    *widget.Label
}

func newCodeScreen(v *wizardView) *codeScreen {
	s := &codeScreen{v: v}
	text := lang.L("Enter the code from your authenticator app.")
	switch {
	case v.flow.Mode == api.ModeSMS && v.flow.CodeAlreadySent: // signed in again: no new text went
		text = fmt.Sprintf(lang.L("The code we texted to %s is still valid. Enter it, or press Resend for a new one."), v.flow.PhoneHint)
	case v.flow.Mode == api.ModeSMS:
		text = fmt.Sprintf(lang.L("We sent a text message to %s. Enter the code from it."), v.flow.PhoneHint)
	}
	s.prompt = widget.NewLabel(text)
	s.prompt.Wrapping = fyne.TextWrapWord
	s.prompt.Hide() // the subtitle says it
	s.code = newCodeEntry(v.run.busyNow, func() bool { return true }, s.submit)
	s.field = newField(lang.L("Authentication Code"), s.code.textEntry)
	// The product help: "enter the authentication code and press Next".
	s.verify = newBusyButton(lang.L("Next"), lang.L("Checking the code…"), s.submit)
	s.resend = newResendButton(v.run, s.onResend)
	if v.flow.Mode != api.ModeSMS {
		s.resend.Hide()
	}
	s.recover = link(lang.L("Need to disable two-step authentication?"), v.openRecovery)
	s.hint = widget.NewLabel("")
	s.hint.Wrapping = fyne.TextWrapWord
	s.hint.Importance = widget.WarningImportance
	s.hint.Hide()
	if v.flow.Mode == api.ModeSMS {
		s.startResendCountdown()
	}
	return s
}

// startResendCountdown shows "Resend (N s)" until a new text may be asked for.
func (s *codeScreen) startResendCountdown() { s.resend.countFrom(s.v.flow.ResendAfter) }

func (s *codeScreen) subtitle() string { return s.prompt.Text }

func (s *codeScreen) content() fyne.CanvasObject {
	return container.NewVBox(s.field.box, s.verify.box, s.resend.row(), s.hint, s.recover)
}
func (s *codeScreen) first() fyne.Focusable { return s.code.textEntry }

// wrongCode empties the code the server refused and gives its field the focus: the next
// code is typed in whole, not added to the old one.
func (s *codeScreen) wrongCode() { clearAndFocus(s.code.textEntry) }

// waitFor counts a too-many-attempts wait down on Next; afterWait then empties the code
// (long expired by then) and focuses its field.
func (s *codeScreen) waitFor(label string) { s.verify.waitFor(label) }
func (s *codeScreen) afterWait()           { s.wrongCode() }

func (s *codeScreen) setBusy(b bool) {
	enable(!b, s.code.textEntry, s.recover)
	s.verify.setBusy(b)
	s.resend.setBusy(b)
	if !b && s.v.flow.Failures >= 2 && s.v.flow.Mode == api.ModeTOTP {
		s.hint.SetText(lang.L("Codes keep failing? Make sure your phone sets its time automatically."))
		s.hint.Show()
	}
}

func (s *codeScreen) submit() {
	c := s.code.digits()
	s.v.do(func(ctx context.Context) error { return s.v.flow.SubmitCode(ctx, c) })
}

// onResend asks for another text; once it went, the banner says so and the focus goes back
// to the code field, where the code from that text is typed (Resend, disabled by its
// countdown, kept none).
func (s *codeScreen) onResend() {
	s.v.do(func(ctx context.Context) error { return s.v.flow.Resend(ctx) }, s.startResendCountdown, s.resent)
}

func (s *codeScreen) resent() {
	s.v.say(bannerSuccess, lang.L("We sent another text message."))
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.code.textEntry); c != nil {
		c.Focus(s.code.textEntry)
	}
}

// codeEntry takes a code typed or pasted with spaces, dashes or a newline, and submits by
// itself when the sixth digit arrives: once per distinct code, never while a request runs, and
// only when ready says the step may be submitted (the Backup key saved, on the confirm page).
type codeEntry struct {
	*textEntry
	last string
}

func newCodeEntry(busy, ready func() bool, submit func()) *codeEntry {
	c := &codeEntry{textEntry: entry(lang.L("6 digits"), submit)}
	c.OnChanged = func(string) {
		d := c.digits()
		if len(d) == 6 && d != c.last && !busy() && ready() {
			c.last = d
			submit()
		}
	}
	return c
}

func (c *codeEntry) digits() string { return digitsOf(c.Text) }
