package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/dialog"

	"github.com/x360sync/desktop/app/vault"
)

// fakeTimers stands in for the clock and time.AfterFunc, so a test can let 15 minutes pass.
type fakeTimers struct {
	now     time.Time
	pending []*fakeTimer
}

type fakeTimer struct {
	d       time.Duration
	f       func()
	stopped bool
}

func (t *fakeTimer) Stop() bool { t.stopped = true; return true }

func (ft *fakeTimers) install(l *idleLock) {
	l.now = func() time.Time { return ft.now }
	l.afterFunc = func(d time.Duration, f func()) interface{ Stop() bool } {
		t := &fakeTimer{d: d, f: f}
		ft.pending = append(ft.pending, t)
		return t
	}
}

// fire runs the one live timer, as time.AfterFunc would once its delay is over.
func (ft *fakeTimers) fire(t *testing.T) time.Duration {
	t.Helper()
	var live []*fakeTimer
	for _, x := range ft.pending {
		if !x.stopped {
			live = append(live, x)
		}
	}
	if len(live) != 1 {
		t.Fatalf("%d live idle timers, want 1", len(live))
	}
	ft.pending = nil
	live[0].f()
	return live[0].d
}

func TestAutoLock_locksAfterIdleTimeAndActivityPostponesIt(t *testing.T) {
	store, cfg, _ := registeredWithPIN(t)
	r := newMainRig(t, store, cfg)
	ft := &fakeTimers{now: time.Now()}
	ft.install(&r.m.idle)
	r.typeAndEnter("204913")
	if !strings.Contains(r.texts(), "User: alice") {
		t.Fatalf("after unlocking:\n%s", r.texts())
	}

	// Ten minutes on, the pointer moves over the window: the lock moves to 15 minutes from then.
	ft.now = ft.now.Add(10 * time.Minute)
	r.m.body.Objects[0].(*activityArea).MouseMoved(nil)
	ft.now = ft.now.Add(5 * time.Minute)
	if d := ft.fire(t); d != 15*time.Minute {
		t.Errorf("first idle timer: %v, want the default 15 minutes", d)
	}
	r.wait()
	if r.m.account == nil || !r.sess.State().Ready() {
		t.Fatalf("locked although the person was active 5 minutes ago:\n%s", r.texts())
	}
	dialog.ShowInformation("Left open", "A dialog the person walked away from.", r.win)
	ft.now = ft.now.Add(10 * time.Minute)
	if d := ft.fire(t); d != 10*time.Minute {
		t.Errorf("re-armed for %v, want the 10 minutes left", d)
	}
	r.wait()
	if r.m.unlock == nil || r.sess.State().Ready() {
		t.Fatalf("not locked after 15 idle minutes:\n%s", r.texts())
	}
	if !strings.Contains(r.texts(), "x360Sync locked itself after 15 minutes without use.") {
		t.Errorf("the Unlock screen does not say why:\n%s", r.texts())
	}
	if r.win.Canvas().Overlays().Top() != nil {
		t.Error("a dialog of the account window stayed open over Unlock")
	}
	for _, x := range ft.pending {
		if !x.stopped {
			t.Error("an idle timer is still armed on the Unlock screen")
		}
	}
}

func TestAutoLock_neverArmedWithoutAPIN(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	ft := &fakeTimers{now: time.Now()}
	ft.install(&r.m.idle)
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	if len(ft.pending) != 0 {
		t.Errorf("%d idle timers armed with no PIN to lock behind", len(ft.pending))
	}
}
