package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/session"
)

// unlockScreen asks for the PIN at launch.
type unlockScreen struct {
	m       *mainView
	pin     *widget.Entry
	unlock  *widget.Button
	signOut *widget.Button
	msg     *widget.Label
	stop    func() // stops the delay countdown on screen, if any
}

func newUnlockScreen(m *mainView) *unlockScreen {
	s := &unlockScreen{m: m, msg: widget.NewLabel("")}
	s.msg.Wrapping = fyne.TextWrapWord
	s.pin = passwordEntry(lang.L("PIN"), s.submit)
	s.unlock = widget.NewButton(lang.L("Unlock"), s.submit)
	s.unlock.Importance = widget.HighImportance
	s.signOut = widget.NewButton(lang.L("Sign out and sign in again"), s.onSignOut)
	return s
}

func (s *unlockScreen) content() fyne.CanvasObject {
	return container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Unlock x360Sync"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel(lang.L("Enter your PIN.")), s.pin, s.unlock, s.msg, s.signOut))
}

func (s *unlockScreen) submit() {
	p := s.pin.Text
	s.m.run.runLocal(func(b bool) {
		enable(!b, s.pin, s.unlock, s.signOut)
		if b {
			s.msg.SetText(lang.L("Checking the PIN…"))
		}
	},
		func(ctx context.Context) error { return s.m.o.Session.Unlock(ctx, p) },
		func(err error) {
			var soon *session.TooSoonError
			switch {
			case err == nil:
				s.m.showSignedIn()
			case errors.Is(err, session.ErrWiped):
				s.m.msg = lang.L("Too many wrong PINs: this device was signed out and its credentials were removed. Sign in again.")
				s.m.showWizard()
			case errors.Is(err, session.ErrSignedOut):
				s.m.msg = message(err)
				s.m.showWizard()
			case errors.As(err, &soon):
				s.wait(lang.L("Too many wrong PINs."), soon.Wait)
			case errors.Is(err, session.ErrWrongPIN):
				s.pin.SetText("")
				said := fmt.Sprintf(lang.L("That PIN is incorrect. %d attempts left before this device is signed out."), s.m.o.Session.AttemptsLeft())
				s.msg.SetText(said)
				if d := s.m.o.Session.Delay(); d > 0 {
					s.wait(said, d)
				}
			default:
				s.msg.SetText(message(err))
			}
		})
}

// wait counts down the delay before the next PIN may be tried, with the PIN field and Unlock
// disabled meanwhile (the session refuses an early attempt anyway).
func (s *unlockScreen) wait(said string, d time.Duration) {
	s.stopCountdown()
	s.stop = s.m.run.countdown(d, func(left int) {
		if left > 0 {
			enable(false, s.pin, s.unlock)
			s.msg.SetText(said + " " + fmt.Sprintf(lang.L("Wait %d seconds before the next try."), left))
			return
		}
		enable(true, s.pin, s.unlock)
		s.msg.SetText(said + " " + lang.L("You can try again now."))
		s.m.win.Canvas().Focus(s.pin)
	})
}

func (s *unlockScreen) stopCountdown() {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
}

func (s *unlockScreen) onSignOut() {
	s.stopCountdown()
	s.m.run.run(func(bool) {}, s.m.o.Session.SignOut, func(error) {
		s.m.msg = lang.L("You are signed out.")
		s.m.showWizard()
	})
}
