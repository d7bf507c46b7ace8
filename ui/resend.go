package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// resendButton is Resend for a text message, built here for the wizard's code step and both
// "Confirm two-step authentication" pages so that they cannot drift (a user test saw the
// account's live at once where the wizard's said "Resend (29 s)"): a secondary button, off and
// counted down from the text last sent until the server takes another.
type resendButton struct {
	*button
	run   *runner
	stop  func() // stops the countdown
	ready bool   // the countdown is over: a new text may be asked for
}

func newResendButton(run *runner, tapped func()) *resendButton {
	return &resendButton{button: newButton(lang.L("Resend"), tapped), run: run, stop: func() {}}
}

// countFrom shows "Resend (N s)" for d from now, then Resend, on (unless a call runs).
func (r *resendButton) countFrom(d time.Duration) {
	r.stop()
	r.stop = r.run.countdown(d, func(left int) {
		r.ready = left <= 0
		if left > 0 {
			r.SetText(fmt.Sprintf(lang.L("Resend (%d s)"), left))
			r.Disable()
			return
		}
		r.SetText(lang.L("Resend"))
		if !r.run.busyNow() {
			r.Enable()
		}
	})
}

// setBusy turns Resend off while a call runs, and back on after it once its countdown is over.
func (r *resendButton) setBusy(b bool) {
	if b || r.ready {
		enable(!b, r.button)
	}
}

// row is Resend in the text column (see textColumn); hidden, as the button is, when text
// messages are not the way (the button is hidden before the page is built).
func (r *resendButton) row() fyne.CanvasObject {
	c := inTextColumn(r.button)
	if !r.Visible() {
		c.Hide()
	}
	return c
}
