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

// unlockScreen asks for the PIN at launch, in the card, naming the locked account.
type unlockScreen struct {
	m       *mainView
	shell   *shell
	pin     *textEntry
	field   *field
	unlock  *busyButton
	signOut *button
	msg     *widget.Label // under the PIN field: attempts left, the wait
	stop    func()        // stops the delay countdown on screen, if any
	noted   bool          // the banner says only that a request was refused (stillWorking)
}

func newUnlockScreen(m *mainView) *unlockScreen {
	s := &unlockScreen{m: m}
	s.pin = passwordEntry("", s.submit)
	s.field = newField(lang.L("PIN"), s.pin)
	s.msg = s.field.err
	s.unlock = newBusyButton(lang.L("Unlock"), lang.L("Checking the PIN…"), s.submit)
	s.signOut = link(lang.L("Sign out and sign in again"), s.onSignOut)
	in := m.o.Session.Info()
	s.shell = newShell(func() {})
	s.shell.setHeader(lang.L("Unlock x360Sync"), lockedLine(in), true)
	s.shell.footer.SetText(footerText(in.Server, m.o.Version))
	s.shell.setBody(container.NewVBox(s.field.box, s.unlock.box, s.signOut))
	return s
}

// lockedLine names the locked account: user, organization and server, or user and server when
// the organization was never named (a registration from before it was kept).
func lockedLine(in session.Info) string {
	if in.Organization == "" {
		return fmt.Sprintf(lang.L("Signed in as %s on %s. Enter your PIN to unlock."), in.Username, hostOf(in.Server))
	}
	return fmt.Sprintf(lang.L("Signed in as %s (%s) on %s. Enter your PIN to unlock."), in.Username, in.Organization, hostOf(in.Server))
}

func (s *unlockScreen) content() fyne.CanvasObject { return s.shell.root }
func (s *unlockScreen) first() fyne.Focusable      { return s.pin }

// note says in the banner that a request was refused while another one runs.
func (s *unlockScreen) note(text string) {
	s.shell.banner.show(bannerInfo, text)
	s.noted = true
}

// say puts a line under the PIN field (warning colour) or in the banner for what is not about
// the PIN.
func (s *unlockScreen) say(text string) { s.field.setError(text) }

func (s *unlockScreen) setBusy(b bool) {
	enable(!b, s.pin, s.signOut)
	s.unlock.setBusy(b)
	if b {
		s.say("")
	}
	if s.noted {
		s.shell.banner.hide()
		s.noted = false
	}
}

func (s *unlockScreen) submit() {
	p := s.pin.Text
	if p == "" {
		// Never sent: the session takes an empty PIN for a damaged credential and wipes it.
		s.say(lang.L("Enter your PIN."))
		s.m.win.Canvas().Focus(s.pin)
		return
	}
	s.m.run.runLocal(s.m.setBusy,
		func(ctx context.Context) error { return s.m.o.Session.Unlock(ctx, p) },
		func(err error) {
			var soon *session.TooSoonError
			switch {
			case err == nil:
				s.m.showSignedIn()
			case errors.Is(err, session.ErrWiped):
				s.m.msg = lang.L("Too many wrong PINs: this device was signed out and its credentials were removed. Sign in again.")
				s.m.showWizard()
			case s.m.signedOut(err): // back at Sign in, saying why (ErrSignedOut, a damaged credential)
			case errors.As(err, &soon):
				s.wait(lang.L("Too many wrong PINs."), soon.Wait)
			case errors.Is(err, session.ErrWrongPIN):
				s.pin.SetText("")
				said := wrongPINLine(s.m.o.Session)
				s.say(said)
				if d := s.m.o.Session.Delay(); d > 0 {
					s.wait(said, d)
				}
				s.m.win.Canvas().Focus(s.pin)
			default:
				s.shell.banner.show(bannerError, message(err))
			}
		})
}

// wrongPINLine says a PIN was wrong and how many tries are left before the wipe: Unlock and
// Change PIN count the same attempts.
func wrongPINLine(sess *session.Manager) string {
	return fmt.Sprintf(lang.L("That PIN is incorrect. %d attempts left before this device is signed out."), sess.AttemptsLeft())
}

// wait counts down the delay before the next PIN may be tried, with the PIN field and Unlock
// disabled meanwhile (the session refuses an early attempt anyway).
func (s *unlockScreen) wait(said string, d time.Duration) {
	s.stopCountdown()
	s.stop = s.m.pinWait(s, s.field, said, d, s.pin, s.pin, s.unlock)
}

// pinWait counts down, under f, the delay before the next PIN may be tried on screen on, with
// off disabled meanwhile, then focuses entry. It stops by itself once on is no longer shown.
func (m *mainView) pinWait(on screen, f *field, said string, d time.Duration, entry fyne.Focusable, off ...fyne.Disableable) (stop func()) {
	stop = m.run.countdown(d, func(left int) {
		switch {
		case m.current != on:
			if stop != nil {
				stop()
			}
		case left > 0:
			enable(false, off...)
			f.setError(said + " " + fmt.Sprintf(lang.L("Wait %d seconds before the next try."), left))
		default:
			enable(true, off...)
			f.setError(said + " " + lang.L("You can try again now."))
			m.win.Canvas().Focus(entry)
		}
	})
	return stop
}

func (s *unlockScreen) stopCountdown() {
	if s.stop != nil {
		s.stop()
		s.stop = nil
	}
}

// onSignOut asks first: signing out removes this computer's registration.
func (s *unlockScreen) onSignOut() {
	confirmDanger(s.m.win, s.signOut, lang.L("Sign out of x360Sync?"),
		lang.L("This computer will be signed out and its registration removed. You will need your password and, if you use it, two-step authentication to sign in again."),
		lang.L("Sign out"), s.signOutNow)
}

func (s *unlockScreen) signOutNow() {
	s.stopCountdown()
	s.unlock.busy = lang.L("Signing out…") // the busy primary button says what runs
	s.m.run.run(s.m.setBusy, s.m.o.Session.SignOut, func(error) {
		s.m.msg = lang.L("You are signed out.")
		s.m.showWizard()
	})
}
