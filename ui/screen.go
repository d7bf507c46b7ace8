package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/x360sync/desktop/client"
)

// screen is one screen of a window (a wizard step, the wizard itself, Unlock, the account and
// its sub-pages): its content, the field focused first, its submit (Enter) and its busy state
// while a call runs. A screen may also go back (backer), say a line (noter) and give a
// subtitle (subtitler). The window's keys are screenKey.
//
// A screen's countdowns and tickers run on its window's runner (runner.countdown, every), and
// the window ends them all whenever it leaves the screen (runner.stopTimers, in mainView.set
// and wizardView.show): no screen has to remember to stop its own, and none ticks on for a
// screen no longer shown ("Copied — clears in 60 s", "Resend (30 s)", a wait).
type screen interface {
	content() fyne.CanvasObject
	first() fyne.Focusable
	submit()
	setBusy(bool)
}

// backer is a screen that Esc (and its Back button) leaves: a wizard step goes to the one
// before, an account sub-page to the account. Unlock and the account have nowhere to go back to.
type backer interface{ back() }

// noter is a screen that can say a short line where the eye is (its banner or message line):
// the window says there that a request was refused because another one runs.
type noter interface{ note(text string) }

// screenKey is a window's Enter and Esc, the same for every screen (wizard steps, Unlock, the
// account and its sub-pages), unless a confirmation is up (then they are its own). Enter submits the screen on show, or says that the last request
// is still running; Esc cancels the request in flight, or goes back.
func screenKey(win fyne.Window, run *runner, s screen, ev *fyne.KeyEvent) {
	if c := confirmationOn(win); c != nil {
		c.key(win, ev) // a question is up: the keys are its own, never the screen's under it
		return
	}
	if s == nil {
		return
	}
	switch ev.Name {
	case fyne.KeyEscape:
		if run.busyNow() {
			run.Cancel()
			return
		}
		if b, ok := s.(backer); ok {
			b.back()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if run.busyNow() {
			run.refuse()
			return
		}
		s.submit()
	}
}

// isWrongCode says the server refused an Authentication Code (wrong, used, or the clock is
// off): the screen empties the code and focuses its field, so the next one is typed in whole.
func isWrongCode(err error) bool {
	return errors.Is(err, client.ErrInvalidCode) || errors.Is(err, client.ErrCodeUsed) || errors.Is(err, client.ErrClockSkew)
}

// refusedNote says on the screen that a request was refused while another runs.
func refusedNote(s screen) {
	if n, ok := s.(noter); ok {
		n.note(lang.L(stillWorking))
	}
}
