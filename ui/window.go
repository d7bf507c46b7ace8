// Package ui holds the Fyne screens of x360Sync Desktop. It renders what the app core
// decides and forwards the user's events to it; it decides nothing on its own.
package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/trayhost"
	"github.com/x360sync/desktop/assets"
)

// AppID is the application's reverse-DNS identifier; FyneApp.toml carries the same string.
const AppID = "com.x360sync.desktop"

// Title is the main window's title.
const Title = "x360Sync"

// Icon is the application icon as a Fyne resource (512 px: the tray, the app).
var Icon = fyne.NewStaticResource("icon.png", assets.IconPNG)

// Logo is the icon at 128 px, for the window icon and the logo on the screens: the 512 px
// one cost a decode and a scale before the first frame (make bench measured it).
var Logo = fyne.NewStaticResource("logo.png", assets.LogoPNG)

// Options say what the main window starts with.
type Options struct {
	// Server is the x360Sync server address (the bundled mock server's in demo mode).
	Server string
	// Demo says the server is the bundled mock server with the demo accounts.
	Demo bool
	// Session is the device's session; nil shows only the welcome text.
	Session *session.Manager
	// Version is the app's version, for About.
	Version string
	// LogPath is the log file, for About; empty when there is none.
	LogPath string
	// StartAtSignIn, if set, is the OS's start-at-sign-in entry (app/autostart): the Done
	// screen offers it, ticked by default, and so does the account window. Nil (demo mode,
	// tests) offers nothing.
	StartAtSignIn StartAtSignIn
	// Background says the app was started at sign-in: where a tray runs, no window opens
	// (the tray's Open shows it); a computer not registered quits and stops starting it.
	Background bool
}

// StartAtSignIn switches the app's start at sign-in; app/autostart's functions fit it.
type StartAtSignIn interface {
	Enable() error
	Disable() error
	Enabled() (bool, error)
}

// Run shows the main window and runs the app; started in the background with a tray to
// come back from, the window stays hidden. finish is the app's last work (the session's
// close): Run calls it once the app has stopped, or the quit watch does if Fyne hangs in its
// shutdown (see quitWatch), and then ends the process.
func Run(a fyne.App, w fyne.Window, o Options, finish func()) {
	q := newQuitWatch()
	if mw, ok := w.(*mainWindow); ok {
		q = mw.m.quit
	}
	q.finish = finish
	if mw, ok := w.(*mainWindow); ok {
		q.finish = func() {
			mw.m.saveWindowSize() // the app has stopped (or hangs in its shutdown): off the UI goroutine
			finish()
		}
	}
	q.running.Store(true)
	q.onSignals()
	if startsHidden(w, o) {
		a.Run()
	} else {
		w.ShowAndRun()
	}
	q.returned.Store(true)
	q.done()
}

// startsHidden says whether w stays hidden at start: started at sign-in, with a tray icon
// to open it from. Without a tray the window shows, or the app would run unseen.
func startsHidden(w fyne.Window, o Options) bool {
	mw, ok := w.(*mainWindow)
	return ok && mw.m.tray != nil && o.Background
}

// mainWindow is the main window with the view that runs it: Run asks the view whether it put
// a menu in the tray (mainView.tray is the one record of it).
type mainWindow struct {
	fyne.Window
	m *mainView
}

// defaultWindowSize is the main window's size at a first launch.
var defaultWindowSize = fyne.NewSize(800, 600)

// startSize is the main window's size at launch: as the app last ended, else the default.
func (m *mainView) startSize() fyne.Size {
	if w := m.o.Session.WindowSize(); !w.IsZero() {
		return fyne.NewSize(float32(w.Width), float32(w.Height))
	}
	return defaultWindowSize
}

// saveWindowSize saves the window's size through the session, which writes the config (a
// session held for this run only writes nothing); without a session there is nothing to
// save it in. It writes a file: never on the UI goroutine.
func (m *mainView) saveWindowSize() {
	if m.o.Session == nil {
		return
	}
	s := m.win.Canvas().Size()
	_ = m.o.Session.SetWindowSize(config.WindowSize{Width: int(s.Width + 0.5), Height: int(s.Height + 0.5)})
}

// firstScreenWait is how long NewMainWindow waits for the session (and the server check) so
// that the window opens on the right screen; past it, the window opens on "Starting…".
const firstScreenWait = 100 * time.Millisecond

// NewMainWindow builds the main window of the app, titled and iconed, with the welcome content.
func NewMainWindow(a fyne.App, o Options) fyne.Window {
	a.SetIcon(Icon)
	a.Settings().SetTheme(newBrandTheme(nil))
	fontsLoaded := loadFonts()
	w := a.NewWindow(Title) // GLFW and its X connection start meanwhile
	fontsLoaded()
	w.SetIcon(Logo)
	w.SetMaster() // closing it quits, even with the Demo phone open
	if o.Session != nil {
		m := newMainView(w, o)
		// A quit may end the app without closing the window (the tray hides it): the window's
		// timers stop and a copied secret leaves the clipboard all the same.
		a.Lifecycle().SetOnStopped(m.closed)
		m.wireQuit(m.quit.quit(a), func() {
			m.quit.arm()
			w.Close()
		})
		// Whether a tray host runs is asked of D-Bus alongside the first screen's work; the menu
		// must be in place before the event loop starts (Fyne starts the tray with it), and
		// without an answer in time there is no tray and closing the window quits.
		hasTray := make(chan bool, 1)
		go func() { hasTray <- trayhost.Available() }()
		// The session and the server check run while SetContent loads the fonts.
		wait := m.startEarly()
		w.SetContent(container.NewBorder(nil, m.strip, nil, nil, m.body))
		wait(firstScreenWait)
		select {
		case ok := <-hasTray:
			if ok {
				m.tray = installTray(m, a)
			}
		case <-time.After(firstScreenWait):
		}
		w.Resize(m.startSize())
		return &mainWindow{Window: w, m: m}
	}
	quitShortcut(w, a.Quit)
	w.SetContent(welcome(o))
	w.Resize(fyne.NewSize(800, 600))
	return w
}

// loadFonts loads the faces the first screen is written in (regular and bold: the theme's font
// and the system's fallback for the language, found by scanning the system's fonts) on another
// core while GLFW starts, and returns a wait for it. In a CPU profile of 12 start-ups, loading
// them took longer than starting GLFW; done one after the other, the first frame waited for both.
// The wait comes before anything measures text, so no face is used by two goroutines at once.
func loadFonts() (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
			fyne.MeasureText("x360Sync", theme.TextSize(), style)
		}
	}()
	return func() { <-done }
}

// quitShortcut is Ctrl+Q (Cmd+Q on macOS), as in every desktop app: with a tray, closing the
// window only hides it, and a keyboard user had no way to quit.
func quitShortcut(w fyne.Window, quit func()) {
	addWindowShortcut(w, &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { quit() })
}

// wireQuit makes Ctrl+Q quit and closing the window close it (with a tray, installTray makes
// closing hide it instead), each asked first while a registration is not finished.
func (m *mainView) wireQuit(quit, closeWindow func()) {
	quitShortcut(m.win, m.askingFirst(quit))
	m.win.SetCloseIntercept(m.askingFirst(closeWindow))
}

// askingFirst is quit, asked first when the wizard on screen holds a registration that is not
// finished (where its Back asks too): a first-time-user test quit with Ctrl+Q on Confirm
// two-step authentication, Backup key on screen, and the next launch started empty. quit
// runs only on "Leave and sign out", so the quit watch it arms is armed only by a real quit.
func (m *mainView) askingFirst(quit func()) func() {
	return func() {
		v := m.wiz
		if v == nil || m.current != v || !v.unfinished() {
			quit()
			return
		}
		m.win.Show() // the tray's Quit: the window may be hidden
		m.win.RequestFocus()
		v.askLeave(quit)
	}
}

// welcome is the window without a session: the card with the logo, the welcome and, in demo
// mode, the demo accounts.
func welcome(o Options) fyne.CanvasObject {
	s := newShell(func() {})
	s.setHeader(lang.L("Welcome to x360Sync"), demoText(o), true)
	s.footer.SetText(footerText(o.Server, o.Version))
	return s.root
}

// demoText names the demo accounts in demo mode ("" otherwise).
func demoText(o Options) string {
	if !o.Demo {
		return ""
	}
	return lang.L("Demo mode: the bundled mock server with the demo accounts alice, bob, carol, dave and erin (password x360sync-demo).")
}
