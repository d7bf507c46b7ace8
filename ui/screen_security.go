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

// autoLockChoices are the idle times offered for the automatic lock.
var autoLockChoices = []time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour}

// securitySection is the account screen's PIN settings: set or change the PIN, remove it when
// the organisation allows, and the auto-lock delay.
func (s *accountScreen) securitySection() fyne.CanvasObject {
	m := s.m
	sess := m.o.Session
	setPIN := newButton(lang.L("Set a PIN"), m.opening(reopenPIN, m.showSetPIN))
	if sess.Info().PINSet {
		setPIN.SetText(lang.L("Change PIN"))
		setPIN.OnTapped = m.opening(reopenPIN, m.showChangePIN)
	}
	remove := newButton(lang.L("Remove PIN"), m.opening(reopenRemovePIN, m.showRemovePIN))
	s.setPIN, s.remove = setPIN, remove
	if !sess.Info().PINSet || sess.Info().PINRequired {
		remove.Hide()
	}
	var labels []string
	current := ""
	for _, d := range autoLockChoices {
		l := fmt.Sprintf(lang.L("%d minutes"), int(d.Minutes()))
		labels = append(labels, l)
		if d == sess.AutoLock() {
			current = l
		}
	}
	lockAfter := newSelectBox(labels, func(l string) {
		for i, d := range autoLockChoices {
			if labels[i] == l && d != sess.AutoLock() {
				// Saving writes and syncs the config file: not on the UI goroutine.
				m.call(func(context.Context) error { return sess.SetAutoLock(d) }, func(err error) {
					if err != nil {
						sayError(s.security, err)
						return
					}
					s.security.hide()
					m.armAutoLock() // the new delay counts from now
				})
			}
		}
	})
	lockAfter.SetSelected(current)
	lockAfter.name = lang.L("Lock after")
	s.busyWith = append(s.busyWith, setPIN, remove, lockAfter)
	// The PIN rule stands where Remove PIN would, when the organization requires a PIN.
	rows := []fyne.CanvasObject{atTextStart(container.NewHBox(setPIN, remove)), s.pinRule}
	if sess.Info().PINSet { // without a PIN there is nothing to lock
		rows = append(rows, container.NewHBox(widget.NewLabel(lang.L("Lock after")), lockAfter))
	}
	if start := s.startAtSignInCheck(); start != nil {
		rows = append(rows, start)
	}
	rows = append(rows, s.security.box)
	return section(lang.L("Security"), rows...)
}

// startAtSignInCheck is "Start x360Sync when I sign in", as the OS entry stands; switching it
// writes the entry off the UI goroutine and puts the box back if that fails. Nil when the
// entry is not offered (demo mode).
func (s *accountScreen) startAtSignInCheck() *checkBox {
	entry := s.m.o.StartAtSignIn
	if entry == nil {
		return nil
	}
	var check *checkBox
	var changed func(bool)
	changed = func(want bool) {
		s.m.call(func(context.Context) error {
			if want {
				return entry.Enable()
			}
			return entry.Disable()
		}, func(err error) {
			if err != nil { // put the box back as the entry stands, without switching again
				check.OnChanged = nil
				check.SetChecked(!want)
				check.OnChanged = changed
				s.security.show(bannerError, lang.L("x360Sync could not change whether it starts when you sign in. Try again."))
			}
		})
	}
	check = newCheckBox(lang.L("Start x360Sync when I sign in"), nil)
	// Asking the OS (a file, the registry, a launch agent) may take a while: not on the UI
	// goroutine. Until it answers the box is off, so it cannot be switched from a guess.
	check.Disable()
	on := false
	s.m.run.detached(func() { on, _ = entry.Enabled() }, func() {
		check.SetChecked(on)
		check.OnChanged = changed
		s.busyWith = append(s.busyWith, check) // from now on, off while a call runs
		if !s.m.run.busyNow() {
			check.Enable()
		}
	})
	return check
}

// showSetPIN asks for a new PIN twice and seals the credential under it.
func (m *mainView) showSetPIN() {
	f := newSettingsForm(m)
	var pf *pinForm
	pf = newPINForm("", func(a, b string) {
		m.call(func(ctx context.Context) error { return m.o.Session.SetPIN(ctx, a, b) }, func(err error) {
			switch {
			case err == nil:
				m.showSignedIn()
				m.account.security.show(bannerSuccess, lang.L("Your PIN is set. x360Sync asks for it at every launch."))
			case pf.fieldError(err): // under the field it is about, not in the banner
			case errors.Is(err, context.Canceled):
				f.say(bannerInfo, message(err))
			default:
				f.say(bannerError, message(err))
			}
		})
	})
	f.onBusy, f.onSubmit = pf.setBusy, pf.set.OnTapped
	f.title, f.body, f.focus = lang.L("PIN"), pf.content(), pf.pin
	m.show(f)
}

// showChangePIN asks for the current PIN, then a new one twice. The session checks the
// current PIN by opening the stored credential with it and counts a wrong one as a wrong PIN
// on Unlock (the same count, delay and sign-out), so someone at an unlocked computer cannot
// change it; what is left is said under the field.
func (m *mainView) showChangePIN() {
	f := newSettingsForm(m)
	var pf *pinForm
	pf = newChangePINForm(func(cur, a, b string) {
		if cur == "" {
			pf.currentField.setError(lang.L("Enter your current PIN."))
			m.win.Canvas().Focus(pf.current)
			return
		}
		m.call(func(ctx context.Context) error { return m.o.Session.ChangePIN(ctx, cur, a, b) }, func(err error) {
			switch {
			case err == nil:
				m.showSignedIn()
				m.account.security.show(bannerSuccess, lang.L("Your PIN is changed. x360Sync asks for the new one from now on."))
			case m.currentPINRefused(f, pf.currentField, pf.current, pf.set, err):
			case !pf.fieldError(err):
				f.say(bannerError, message(err))
			}
		})
	})
	f.onBusy, f.onSubmit = pf.setBusy, pf.set.OnTapped
	f.title, f.body, f.focus = lang.L("Change PIN"), pf.content(), pf.current
	m.show(f)
}

// currentPINRefused says under the Current PIN field why the session refused it: a wrong PIN
// with the attempts left (and the delay before the next, counted down), or the delay still
// running. False for any other error.
func (m *mainView) currentPINRefused(f *settingsForm, fl *field, cur *textEntry, send *busyButton, err error) bool {
	var soon *session.TooSoonError
	switch {
	case errors.Is(err, session.ErrWrongPIN):
		clearAndFocus(cur)
		said := wrongPINLine(m.o.Session)
		fl.setError(said)
		if d := m.o.Session.Delay(); d > 0 {
			m.pinWait(f, fl, said, d, cur, cur, send)
		}
	case errors.As(err, &soon):
		m.pinWait(f, fl, lang.L("Too many wrong PINs."), soon.Wait, cur, cur, send)
	default:
		return false
	}
	return true
}

// showRemovePIN asks for the current PIN, then (after a confirmation) stores the credential
// without a PIN. As on Change PIN, the session checks the PIN by opening the stored
// credential and counts a wrong one as an Unlock attempt, so someone at an unlocked computer
// cannot strip it; the tenth wrong one signs the device out.
func (m *mainView) showRemovePIN() {
	f := newSettingsForm(m)
	var submit func()
	cur := passwordEntry("", func() { submit() })
	fl := newField(lang.L("Current PIN"), cur)
	cur.OnChanged = func(string) { fl.setError("") }
	send := newBusyButton(lang.L("Remove PIN"), lang.L("Removing the PIN…"), func() { submit() })
	send.Importance = widget.DangerImportance
	f.onBusy = func(b bool) {
		enable(!b, cur)
		send.setBusy(b)
	}
	submit = func() {
		p := cur.Text
		if p == "" {
			fl.setError(lang.L("Enter your current PIN."))
			m.win.Canvas().Focus(cur)
			return
		}
		confirmDanger(m.win, send.button, lang.L("Remove the PIN?"),
			lang.L("x360Sync will open without asking for a PIN, and will no longer lock itself when you are away."),
			lang.L("Remove PIN"), func() { m.removePIN(f, fl, cur, send, p) })
	}
	help := widget.NewLabel(lang.L("Enter your current PIN to remove it."))
	help.Wrapping = fyne.TextWrapWord
	f.title, f.focus, f.onSubmit = lang.L("Remove PIN"), cur, submit
	f.body = container.NewVBox(help, fl.box, send.box)
	m.show(f)
}

// removePIN removes the PIN once the person confirmed it, with p as the current PIN.
func (m *mainView) removePIN(f *settingsForm, fl *field, cur *textEntry, send *busyButton, p string) {
	m.call(func(ctx context.Context) error { return m.o.Session.RemovePIN(ctx, p) }, func(err error) {
		switch {
		case err == nil:
			m.showSignedIn()
			m.account.security.show(bannerSuccess, lang.L("The PIN was removed."))
		case m.currentPINRefused(f, fl, cur, send, err):
		default:
			f.say(bannerError, message(err))
		}
	})
}
