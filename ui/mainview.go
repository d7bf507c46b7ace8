package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
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
	idle    idleLock       // auto-lock while signed in behind a PIN
	// strip shows progress and Cancel under the screen while a call of run is in flight.
	strip    *fyne.Container
	progress *widget.ProgressBarInfinite
	tray     *tray // the tray menu, where there is a tray host
}

func newMainView(win fyne.Window, o Options) *mainView {
	m := &mainView{win: win, o: o, body: container.NewStack(widget.NewLabel(lang.L("Starting…")))}
	m.run.started = m.idle.touch
	m.progress = widget.NewProgressBarInfinite()
	m.progress.Stop()
	m.strip = container.NewBorder(nil, nil, nil, widget.NewButton(lang.L("Cancel"), m.run.Cancel), m.progress)
	m.strip.Hide()
	m.run.onBusy = func(b bool) {
		if b {
			m.strip.Show()
			m.progress.Start()
			return
		}
		m.progress.Stop()
		m.strip.Hide()
	}
	if c, ok := win.Canvas().(desktop.Canvas); ok {
		c.SetOnKeyDown(func(*fyne.KeyEvent) { m.idle.touch() })
	}
	return m
}

// revokeWait bounds the owed revocation at start.
const revokeWait = 2 * time.Second

// start reads the session in the background (the keyring may take a while) and shows the
// screen that fits.
func (m *mainView) start() {
	var st session.State
	m.run.run(func(bool) {}, func(ctx context.Context) error {
		var err error
		st, err = m.o.Session.Start(ctx)
		if err == nil || errors.Is(err, config.ErrCorrupt) {
			// A revocation still owed (a sign-out that could not reach the server, a wipe after
			// ten wrong PINs) goes out now, whatever screen comes next: here, in the session's
			// one call in flight, because the session is not safe for two at once. Bounded, so
			// an unreachable server delays the first screen by at most revokeWait; it is only
			// ever owed after something went wrong, and is tried again next time.
			rctx, cancel := context.WithTimeout(ctx, revokeWait)
			_ = m.o.Session.RetryPendingRevoke(rctx)
			cancel()
		}
		return err
	}, func(err error) {
		if errors.Is(err, config.ErrCorrupt) {
			m.msg = lang.L("Your local settings were damaged and have been reset. Sign in again.")
			err = nil
		}
		switch {
		case err != nil:
			m.set(widget.NewLabel(message(err)))
		case st == session.NeedsRegistration:
			m.showWizard()
		case st == session.Locked:
			m.showUnlock()
		default:
			m.showSignedIn()
		}
	})
}

// startWithin is start for a window about to open: it waits up to limit for the session and,
// for a new registration with a given server, the server check, so that the window's first
// frame is already the right screen rather than "Starting…". What takes longer (a keyring
// asking to be unlocked, a slow server) goes on in the background as usual. The app's event
// loop is not running yet, so nothing on screen waits meanwhile.
func (m *mainView) startWithin(limit time.Duration) {
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
	deadline := time.After(limit)
wait:
	for {
		select {
		case f := <-early:
			f()
			if !m.run.busyNow() && (m.wiz == nil || !m.wiz.run.busyNow()) {
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

func (m *mainView) set(o fyne.CanvasObject) {
	m.body.Objects = []fyne.CanvasObject{newActivityArea(m.idle.touch), o}
	m.body.Refresh()
	if m.tray != nil {
		m.tray.update()
	}
}

// armAutoLock starts the idle timer of a session behind a PIN (without one, Lock would not
// lock anything). The timer is the session's auto-lock delay; a call in flight postpones it.
func (m *mainView) armAutoLock() {
	sess := m.o.Session
	if !sess.State().PINSet || sess.Client() == nil {
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
		for m.win.Canvas().Overlays().Top() != nil {
			m.win.Canvas().Overlays().Remove(m.win.Canvas().Overlays().Top())
		}
		sess.Lock()
		m.showUnlock()
		m.unlock.msg.SetText(fmt.Sprintf(lang.L("x360Sync locked itself after %d minutes without use."), int(idle.Minutes())))
		return true
	})
}

func (m *mainView) showWizard() {
	st := m.o.Session.State()
	flow := &wizard.Flow{
		Connect: func(s string) (wizard.API, error) { return client.New(s, m.o.Session.ClientOptions...) },
		Finish:  m.o.Session.Finish,
		Server:  st.ServerURL, Username: st.Username, DeviceName: st.DeviceName,
	}
	m.idle.disarm()
	v := newWizardView(m.win, flow, m.showSignedIn)
	v.run.deliver, m.wiz, m.account, m.unlock = m.run.deliver, v, nil, nil
	v.notice, m.msg = m.msg, ""
	m.set(v.content())
	v.show()
	if server := m.o.Server; server != "" {
		// The address is given (demo mode or --server): check it and go straight to Sign in.
		v.do(func(ctx context.Context) error { return flow.SubmitServer(ctx, server) })
	}
}

func (m *mainView) showSignedIn() {
	a := newAccountScreen(m)
	m.wiz, m.account, m.unlock = nil, a, nil
	m.set(a.content())
	a.load()
	m.armAutoLock()
}

func (m *mainView) showUnlock() {
	m.idle.disarm()
	u := newUnlockScreen(m)
	m.wiz, m.account, m.unlock = nil, nil, u
	m.set(u.content())
	m.win.Canvas().Focus(u.pin)
	if d := m.o.Session.Delay(); d > 0 { // restarted while a delay runs: it still counts
		u.wait(lang.L("Too many wrong PINs."), d)
	}
}
