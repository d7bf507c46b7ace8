package ui

import (
	"context"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/wizard"
)

// mainView decides what the main window shows from the session: the wizard, Unlock, or the
// signed-in summary.
type mainView struct {
	win     fyne.Window
	o       Options
	run     runner
	msg     string
	body    *fyne.Container
	wiz     *wizardView    // the wizard on screen, if any
	account *accountScreen // the account screen on screen, if any
	unlock  *unlockScreen  // the Unlock screen on screen, if any
	// current is the screen on show (the wizard, Unlock, the account or a sub-page): the
	// window's Enter, Esc, focus and busy state go to it (see show, setBusy and screenKey).
	current screen
	idle    idleLock // auto-lock while signed in behind a PIN
	// strip shows progress and Cancel under the screen while the session starts and while a
	// call of the account screen (which has no primary button to show it) is in flight.
	strip    *fyne.Container
	progress *widget.ProgressBarInfinite
	stripMsg *widget.Label // beside the progress: a request refused while another runs
	tray     *tray         // the tray menu, where there is a tray host
	quit     *quitWatch    // every quit goes through it, so that quitting ends the process
	// reopen is the account control that opened the page on show: the account shown again
	// gives it the focus (see accountScreen.first).
	reopen reopenAt
}

func newMainView(win fyne.Window, o Options) *mainView {
	m := &mainView{win: win, o: o, body: container.NewStack(widget.NewLabel(lang.L("Starting…"))), quit: newQuitWatch()}
	m.run.started = m.idle.touch
	m.progress = widget.NewProgressBarInfinite()
	m.progress.Stop()
	m.stripMsg = widget.NewLabel("")
	m.stripMsg.Hide()
	m.strip = container.NewBorder(m.stripMsg, nil, nil, newButton(lang.L("Cancel"), m.run.Cancel), m.progress)
	m.strip.Hide()
	m.run.refused = func() { refusedNote(m.current) }
	if c, ok := win.Canvas().(desktop.Canvas); ok {
		c.SetOnKeyDown(func(*fyne.KeyEvent) { m.idle.touch() })
	}
	win.SetOnClosed(m.closed)
	return m
}

// closed is the window closing (the app quitting, a test ending): what would run on by itself
// stops, and a copied secret leaves the clipboard.
func (m *mainView) closed() {
	m.idle.disarm()
	m.run.stopAll()
}

// showProgress shows or hides the strip of progress and Cancel.
func (m *mainView) showProgress(b bool) {
	if b {
		m.strip.Show()
		m.progress.Start()
		return
	}
	m.progress.Stop()
	m.strip.Hide()
	m.stripNote("")
}

// stripNote says a line over the progress ("" hides it).
func (m *mainView) stripNote(text string) {
	m.stripMsg.SetText(text)
	m.stripMsg.Hide()
	if text != "" {
		m.stripMsg.Show()
	}
}

// setBusy shows the screen on show busy, or no longer: every call of the window goes here.
func (m *mainView) setBusy(b bool) {
	if m.current != nil {
		m.current.setBusy(b)
	}
}

// call runs work for the screen on show, then done with its error on the UI goroutine. When
// the server signed this device out meanwhile, the window goes back to Sign in with the reason
// instead, for every screen alike.
func (m *mainView) call(work func(ctx context.Context) error, done func(error)) {
	m.run.run(m.setBusy, work, func(err error) {
		if m.signedOut(err) {
			return
		}
		done(err)
	})
}

// signedOut goes back to Sign in, saying why, when err left the session without a credential
// (the server signed this device out).
func (m *mainView) signedOut(err error) bool {
	if err == nil || m.o.Session.State() != session.NoCredential {
		return false
	}
	m.msg = message(err)
	m.showWizard()
	return true
}

// start reads the session in the background (the keyring may take a while; the session also
// resolves an interrupted change and sends owed revocations, bounded) and shows the screen
// that fits its state. A new registration with a given server checks that server in the same
// call, so that the wizard opens on Sign in without building the Server screen first.
func (m *mainView) start() {
	sess := m.o.Session
	var check *serverCheck
	m.run.run(m.showProgress, func(ctx context.Context) error {
		err := sess.Start(ctx)
		check = m.checkServer(ctx)
		return err
	}, func(err error) {
		m.msg = noticeText(sess.TakeNotice())
		switch sess.State() {
		case session.NoCredential:
			if m.o.Background { // started at sign-in, but nothing is registered: stop that
				m.stopStartingAndQuit()
				return
			}
			m.showWizardAfter(check)
		case session.Locked:
			m.showUnlock()
		case session.Unlocked, session.SessionOnly:
			m.showSignedIn()
		default: // Unavailable: the keyring cannot be read now; nothing is lost
			m.showUnavailable(err)
		}
	})
}

// stopStartingAndQuit removes the start-at-sign-in entry, off the UI goroutine (the OS may be
// slow to answer), then quits.
func (m *mainView) stopStartingAndQuit() {
	entry := m.o.StartAtSignIn
	quit := m.quit.quit(fyne.CurrentApp())
	if entry == nil {
		quit()
		return
	}
	m.run.detached(func() { _ = entry.Disable() }, quit)
}

// serverCheck is a new registration's flow with the given server already checked, and what
// the check answered.
type serverCheck struct {
	flow *wizard.Flow
	err  error
}

// checkServer is start's server check, off the UI goroutine: only for a computer not
// registered yet, with an address given (demo mode or --server), in the foreground.
func (m *mainView) checkServer(ctx context.Context) *serverCheck {
	if m.o.Server == "" || m.o.Background || m.o.Session.State() != session.NoCredential {
		return nil
	}
	flow := m.o.Session.NewFlow()
	return &serverCheck{flow: flow, err: flow.SubmitServer(ctx, m.o.Server)}
}

// showUnavailable says why the keyring could not be read, with Retry.
func (m *mainView) showUnavailable(err error) {
	retry := newButton(lang.L("Retry"), m.start)
	retry.Importance = widget.HighImportance
	m.wiz, m.account, m.unlock, m.current = nil, nil, nil, nil
	s := newShell(func() {})
	s.setHeader(lang.L("x360Sync can't open your sign-in"), lang.L("Your registration is kept. Fix secure storage, then press Retry."), true)
	s.banner.show(bannerError, message(err))
	s.footer.SetText(footerText(m.o.Server, m.o.Version))
	s.setBody(retry)
	m.set(s.root)
	m.win.Canvas().Focus(retry)
}

// lock locks the session off the UI goroutine (it waits for calls in flight to finish) and
// then shows Unlock; the account call in flight, if any, is cancelled first.
func (m *mainView) lock() {
	m.run.Cancel()
	m.run.detached(m.o.Session.Lock, m.showUnlock)
}

// startEarly is start for a window about to open: it starts the session (and, for a new
// registration with a given server, the server check) at once, so that they run while the
// window is being made, and returns wait, which waits up to limit for them so that the
// window's first frame is already the right screen rather than "Starting…". What takes
// longer (a keyring asking to be unlocked, a slow server) goes on in the background as usual.
// The app's event loop is not running yet, so nothing on screen waits meanwhile.
func (m *mainView) startEarly() (wait func(limit time.Duration)) {
	var mu sync.Mutex
	waiting := true
	early := make(chan func(), 8)
	later := m.run.deliver
	if later == nil {
		later = fyne.Do
	}
	m.run.deliver = func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		if waiting {
			early <- f
			return
		}
		later(f)
	}
	m.start()
	return func(limit time.Duration) {
		deadline := time.After(limit)
	wait:
		for {
			select {
			case f := <-early:
				f()
				if !m.run.busyNow() {
					break wait
				}
			case <-deadline:
				break wait
			}
		}
		mu.Lock()
		waiting = false
		mu.Unlock()
		for { // answers that came in at the last moment
			select {
			case f := <-early:
				later(f)
			default:
				return
			}
		}
	}
}

func (m *mainView) set(o fyne.CanvasObject) {
	m.run.stopTimers() // the screen going: its countdowns end (see screen)
	// One handler for every screen: Enter and Esc go to the screen on show, so the wizard's
	// last screen (Done) never answers an Enter pressed on Unlock or the account window.
	m.win.Canvas().SetOnTypedKey(m.typedKey)
	closeConfirmations(m.win) // a question left up would act on the screen going
	m.body.Objects = []fyne.CanvasObject{newActivityArea(m.idle.touch), o}
	m.body.Refresh()
	if m.tray != nil {
		m.tray.update()
	}
}

// show puts a screen in the window and focuses its first field (or nothing, so that Enter
// reaches the screen); shown while a call runs, it is busy at once.
func (m *mainView) show(s screen) {
	m.current = s
	m.set(s.content())
	if f := s.first(); f != nil {
		m.win.Canvas().Focus(f)
	} else {
		m.win.Canvas().Unfocus()
	}
	if m.run.busyNow() {
		s.setBusy(true)
	}
}

// typedKey is Enter and Esc when no field takes them: the screen on show submits or goes back.
func (m *mainView) typedKey(ev *fyne.KeyEvent) { screenKey(m.win, &m.run, m.current, ev) }

// armAutoLock starts the idle timer of a session behind a PIN (without one, Lock would not
// lock anything). The timer is the session's auto-lock delay; a call in flight postpones it.
func (m *mainView) armAutoLock() {
	sess := m.o.Session
	if !sess.Info().PINSet || !sess.State().Ready() {
		m.idle.disarm()
		return
	}
	deliver := m.run.deliver
	if deliver == nil {
		deliver = fyne.Do
	}
	idle := sess.AutoLock()
	m.idle.arm(idle, deliver, func() bool {
		if m.run.busyNow() {
			return false
		}
		// Close any open dialog first: its buttons act on the session being locked.
		closeConfirmations(m.win)
		for m.win.Canvas().Overlays().Top() != nil {
			m.win.Canvas().Overlays().Remove(m.win.Canvas().Overlays().Top())
		}
		m.run.detached(sess.Lock, func() {
			m.showUnlock()
			m.unlock.shell.banner.show(bannerInfo, fmt.Sprintf(lang.L("x360Sync locked itself after %d minutes without use."), int(idle.Minutes())))
		})
		return true
	})
}

func (m *mainView) showWizard() { m.showWizardAfter(nil) }

// showWizardAfter shows the wizard; check, when set, is the server check start made, whose
// flow it continues: on Sign in, or on Server with the check's error and its fixes.
func (m *mainView) showWizardAfter(check *serverCheck) {
	flow := m.o.Session.NewFlow()
	if check != nil {
		flow = check.flow
	}
	m.idle.disarm()
	m.reopen = reopenNone
	v := newWizardView(m.win, flow, m.showSignedIn)
	v.sessionOnly, v.session, v.version = m.o.Session.UseSessionOnly, m.o.Session, m.o.Version
	v.hasTray = func() bool { return m.tray != nil }
	v.startAtSignIn = m.o.StartAtSignIn
	v.shown = func() {
		if m.tray != nil {
			m.tray.update() // registered at Done: the menu says who is signed in
		}
	}
	v.run, m.wiz, m.account, m.unlock, m.current = &m.run, v, nil, nil, v
	v.notice, m.msg, v.demo = m.msg, "", demoText(m.o)
	if v.notice == "" {
		v.notice = demoText(m.o)
	}
	m.set(v.content())
	v.show()
	server := m.o.Server
	if server == "" {
		return
	}
	// The address is given (demo mode or --server): check it and go straight to Sign in.
	submit := func(ctx context.Context) error { return flow.SubmitServer(ctx, server) }
	switch {
	case check == nil:
		v.do(submit)
	case check.err != nil:
		v.sayError(check.err, submit, nil)
	}
}

func (m *mainView) showSignedIn() {
	a := newAccountScreen(m)
	m.wiz, m.account, m.unlock = nil, a, nil
	m.show(a)
	a.load()
	m.armAutoLock()
}

func (m *mainView) showUnlock() {
	m.idle.disarm()
	m.reopen = reopenNone
	u := newUnlockScreen(m)
	m.wiz, m.account, m.unlock = nil, nil, u
	m.show(u)
	if d := m.o.Session.Delay(); d > 0 { // restarted while a delay runs: it still counts
		u.wait(lang.L("Too many wrong PINs."), d)
	}
}
