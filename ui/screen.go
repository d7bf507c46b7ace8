package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

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

// refusedNote says on the screen that a request was refused while another runs.
func refusedNote(s screen) {
	if n, ok := s.(noter); ok {
		n.note(lang.L(stillWorking))
	}
}
