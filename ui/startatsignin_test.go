package ui

import (
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
)

// fakeEntry is a start-at-sign-in entry in memory, as app/autostart's file would be.
type fakeEntry struct {
	mu    sync.Mutex
	on    bool
	calls []string
}

func (f *fakeEntry) Enable() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.on = true
	f.calls = append(f.calls, "enable")
	return nil
}

func (f *fakeEntry) Disable() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.on = false
	f.calls = append(f.calls, "disable")
	return nil
}

func (f *fakeEntry) Enabled() (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.on, nil
}

func (f *fakeEntry) state() (bool, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.on, strings.Join(f.calls, ",")
}

func (r *mainRig) check(text string) *checkBox {
	r.t.Helper()
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if c, ok := o.(*checkBox); ok && c.Text == text && c.Visible() {
			return c
		}
	}
	r.t.Fatalf("no %q box in:\n%s", text, r.texts())
	return nil
}

// After registering, the Done screen offers to start at sign-in, ticked; Open applies it. The
// account window shows it as it stands and switches it.
func TestStartAtSignIn_offeredAtDoneAndInTheAccountWindow(t *testing.T) {
	entry := &fakeEntry{}
	r := newMainRigWith(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"), func(o *Options) { o.StartAtSignIn = entry })
	test.Type(r.focusedEntry(), "alice")
	r.win.Canvas().FocusNext()
	r.typeAndEnter(mockserver.DemoPassword)
	box := r.check("Start x360Sync when I sign in")
	if !box.Checked {
		t.Fatal("the Done screen's box is not ticked by default")
	}
	test.Tap(r.button("Open x360Sync"))
	r.wait()
	if on, calls := entry.state(); !on || calls != "enable" {
		t.Fatalf("after Open with the box ticked: on %v, calls %q", on, calls)
	}
	inAccount := r.check("Start x360Sync when I sign in")
	if !inAccount.Checked {
		t.Fatal("the account window's box does not show the entry as on")
	}
	test.Tap(inAccount)
	r.wait()
	if on, calls := entry.state(); on || calls != "enable,disable" {
		t.Errorf("after unticking in the account window: on %v, calls %q", on, calls)
	}
}

// Started at sign-in (--background) with nothing registered: no wizard, the entry goes.
func TestStartAtSignIn_backgroundStartWithoutARegistrationStopsIt(t *testing.T) {
	entry := &fakeEntry{on: true}
	r := newMainRigWith(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"), func(o *Options) {
		o.StartAtSignIn, o.Background = entry, true
	})
	if r.m.wiz != nil {
		t.Error("a start at sign-in without a registration opened the wizard")
	}
	if on, calls := entry.state(); on || calls != "disable" {
		t.Errorf("the entry after a background start with nothing registered: on %v, calls %q", on, calls)
	}
}

// Started at sign-in, the window stays hidden only when a tray icon can bring it back; with
// no tray it shows, so the app never runs unseen.
func TestStartAtSignIn_windowHiddenOnlyWithATray(t *testing.T) {
	test.NewTempApp(t)
	// What NewMainWindow returns: with a tray (installTray set it), and without one.
	withTray := &mainWindow{Window: test.NewTempWindow(t, widget.NewLabel("")), m: &mainView{tray: &tray{}}}
	noTray := &mainWindow{Window: test.NewTempWindow(t, widget.NewLabel("")), m: &mainView{}}
	for _, tc := range []struct {
		w          fyne.Window
		background bool
		hidden     bool
	}{
		{withTray, true, true}, {withTray, false, false}, {noTray, true, false}, {noTray, false, false},
	} {
		if got := startsHidden(tc.w, Options{Background: tc.background}); got != tc.hidden {
			t.Errorf("tray %v, background %v: hidden %v, want %v", tc.w == withTray, tc.background, got, tc.hidden)
		}
	}
}

// slowEntry is a start-at-sign-in entry whose Enabled and Disable wait until released, as an
// OS that is slow to answer would make them. A timer releases it if nothing else does, and
// says so (late): then something waited for the entry.
type slowEntry struct {
	fakeEntry
	gate    chan struct{}
	release func()
	late    atomic.Bool
}

func newSlowEntry(t *testing.T, on bool) *slowEntry {
	e := &slowEntry{gate: make(chan struct{})}
	e.on = on
	var once sync.Once
	e.release = func() { once.Do(func() { close(e.gate) }) }
	timer := time.AfterFunc(2*time.Second, func() {
		e.late.Store(true)
		e.release()
	})
	t.Cleanup(func() {
		timer.Stop()
		e.release()
	})
	return e
}

func (e *slowEntry) Enabled() (bool, error) {
	<-e.gate
	return e.fakeEntry.Enabled()
}

func (e *slowEntry) Disable() error {
	<-e.gate
	return e.fakeEntry.Disable()
}

// The account window appears without waiting for the OS to say whether the entry is on: its
// box stays off until the answer, then shows it.
func TestStartAtSignIn_accountWindowDoesNotWaitForTheEntry(t *testing.T) {
	entry := newSlowEntry(t, true)
	r := newMainRigWith(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"), func(o *Options) { o.StartAtSignIn = entry })
	if err := finish(r.sess, t.Context(), r.ts.URL, "alice", "this one", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	if entry.late.Load() {
		t.Fatal("showing the account window waited for the entry's Enabled on the UI goroutine")
	}
	box := r.check("Start x360Sync when I sign in")
	if !box.Disabled() {
		t.Error("the box can be switched before the entry's state is known")
	}
	entry.release()
	r.wait()
	if box.Disabled() || !box.Checked {
		t.Errorf("once known: box disabled %v, ticked %v (the entry is on)", box.Disabled(), box.Checked)
	}
	if _, calls := entry.state(); calls != "" {
		t.Errorf("showing the entry's state switched it: %q", calls)
	}
}

// Started at sign-in with nothing registered, the app removes the entry off the UI goroutine
// and quits once it is gone.
func TestStartAtSignIn_backgroundStopDoesNotWaitOnTheUIGoroutine(t *testing.T) {
	test.NewTempApp(t)
	entry := newSlowEntry(t, true)
	queue := make(chan func(), 8)
	win := test.NewTempWindow(t, widget.NewLabel(""))
	sess := &session.Manager{Vault: &vault.Memory{}, Config: config.File{Path: filepath.Join(t.TempDir(), "state.json")}}
	m := newMainView(win, Options{Session: sess, StartAtSignIn: entry, Background: true})
	m.run.deliver = func(f func()) { queue <- f }
	m.start()
	(<-queue)() // the session read: nothing registered
	if entry.late.Load() {
		t.Fatal("the background start waited for the entry's Disable on the UI goroutine")
	}
	entry.release()
	m.run.wg.Wait()
	for len(queue) > 0 {
		(<-queue)()
	}
	if on, calls := entry.state(); on || calls != "disable" {
		t.Errorf("the entry after a background start with nothing registered: on %v, calls %q", on, calls)
	}
}
