package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"github.com/x360sync/desktop/app/session"
)

// tray is the system tray menu: what x360Sync is doing, Open, Lock, Sign out and Quit. It is
// set only where a tray host runs; there, closing the window hides it (the tray brings it
// back), elsewhere closing the window quits, so the app is never left running unseen.
type tray struct {
	m                        *mainView
	menu                     *fyne.Menu
	status, open, lock, sign *fyne.MenuItem
	quit                     *fyne.MenuItem
}

func newTray(m *mainView, a fyne.App) *tray {
	t := &tray{m: m}
	t.status = fyne.NewMenuItem("", nil)
	t.status.Disabled = true
	t.open = fyne.NewMenuItem(lang.L("Open x360Sync"), func() {
		m.win.Show()
		m.win.RequestFocus()
	})
	t.lock = fyne.NewMenuItem(lang.L("Lock"), m.lock)
	t.sign = fyne.NewMenuItem(lang.L("Sign out"), func() {
		m.win.Show()
		switch { // both ask first
		case m.account != nil:
			m.account.onSignOut()
		case m.unlock != nil:
			m.unlock.onSignOut()
		}
	})
	t.quit = fyne.NewMenuItem(lang.L("Quit"), m.askingFirst(m.quit.quit(a)))
	t.quit.IsQuit = true
	t.menu = fyne.NewMenu("x360Sync", t.status, fyne.NewMenuItemSeparator(), t.open, t.lock, t.sign, fyne.NewMenuItemSeparator(), t.quit)
	t.update()
	return t
}

// update says where the session stands and offers only what can be done from there.
func (t *tray) update() {
	sess := t.m.o.Session
	state, info := sess.State(), sess.Info()
	switch {
	case state.Ready():
		t.status.Label = fmt.Sprintf(lang.L("Signed in as %s"), info.Username)
	case state == session.Locked:
		t.status.Label = lang.L("Locked")
	default:
		t.status.Label = lang.L("Not signed in")
	}
	t.lock.Disabled = !state.Ready() || !info.PINSet
	// Signing out works locked too: the session revokes the device with its revoke key.
	t.sign.Disabled = !state.Ready() && state != session.Locked
	t.menu.Refresh()
}

// installTray puts the menu in the tray when there is a tray host, and makes closing the
// window hide it.
func installTray(m *mainView, a fyne.App) *tray {
	desk, ok := a.(desktop.App)
	if !ok {
		return nil
	}
	t := newTray(m, a)
	desk.SetSystemTrayMenu(t.menu)
	desk.SetSystemTrayIcon(Icon)
	m.win.SetCloseIntercept(m.win.Hide)
	return t
}
