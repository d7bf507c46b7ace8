package session

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
)

// derivations counts the PIN key derivations a Manager's Unlock starts, and how many run at
// once.
type derivations struct{ started, running, most atomic.Int32 }

func (d *derivations) watch(m *Manager) {
	m.openKey = func(p string, blob []byte) ([]byte, *pin.Key, error) {
		d.started.Add(1)
		n := d.running.Add(1)
		defer d.running.Add(-1)
		for most := d.most.Load(); n > most && !d.most.CompareAndSwap(most, n); most = d.most.Load() {
		}
		return pin.OpenKey(p, blob)
	}
}

// A refused attempt (too soon) costs no key derivation: twenty attempts during the delay
// start none, and none is left running after Unlock returns. The attempt that is allowed
// again starts exactly one.
func TestSession_attemptsDuringTheDelayStartNoDerivation(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("erin", erinSecret, "739205")
	m := r.manager()
	var d derivations
	d.watch(m)
	ctx := context.Background()
	if st := startedState(m, ctx); st != Locked {
		t.Fatalf("restart: %v, want Locked", st)
	}
	for i := range DelayFrom {
		if err := m.Unlock(ctx, "111111"); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("wrong PIN %d: %v", i+1, err)
		}
	}
	d.started.Store(0)
	var soon *TooSoonError
	for i := range 20 {
		if err := m.Unlock(ctx, "739205"); !errors.As(err, &soon) {
			t.Fatalf("attempt %d during the delay: %v, want TooSoonError", i+1, err)
		}
		if n := d.running.Load(); n != 0 {
			t.Fatalf("attempt %d during the delay left %d derivations running", i+1, n)
		}
	}
	if n := d.started.Load(); n != 0 {
		t.Errorf("20 attempts during the delay started %d derivations, want 0", n)
	}
	r.clk.add(soon.Wait)
	if err := m.Unlock(ctx, "739205"); err != nil {
		t.Fatalf("right PIN after the delay: %v", err)
	}
	if n, most := d.started.Load(), d.most.Load(); n != 1 || most != 1 {
		t.Errorf("the allowed attempt started %d derivations (%d at once), want 1", n, most)
	}
}

// Where this session's view is older than the file (another copy counted attempts since),
// the derivation it started ahead is refused by the count and is over when Unlock returns,
// not left running.
func TestSession_aRefusedDerivationIsNotLeftRunning(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("erin", erinSecret, "739205")
	ctx := context.Background()
	m := r.manager()
	var d derivations
	d.watch(m)
	_ = m.Start(ctx)
	other := r.manager()
	_ = other.Start(ctx)
	for range DelayFrom {
		_ = other.Unlock(ctx, "111111")
	}
	var soon *TooSoonError
	if err := m.Unlock(ctx, "739205"); !errors.As(err, &soon) {
		t.Fatalf("attempt after the other copy's five: %v, want TooSoonError", err)
	}
	if n := d.running.Load(); n != 0 {
		t.Errorf("the refused attempt left %d derivations running", n)
	}
	if n := d.started.Load(); n > 1 {
		t.Errorf("one refused attempt started %d derivations", n)
	}
}

// gatedGet holds the keyring's Get, once armed, until the PIN's key derivation has started
// (or a second has passed), and says which came first.
type gatedGet struct {
	vault.Store
	armed   atomic.Bool
	derived chan struct{}
	early   atomic.Bool // the derivation started while Get was still waiting
}

func (g *gatedGet) Get(ctx context.Context, account string) ([]byte, error) {
	if g.armed.CompareAndSwap(true, false) {
		select {
		case <-g.derived:
			g.early.Store(true)
		case <-time.After(time.Second):
		}
	}
	return g.Store.Get(ctx, account)
}

// aheadRead waits until PrepareUnlock's read of the sealed credential has landed.
func aheadRead(t *testing.T, m *Manager) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		m.mu.Lock()
		got := m.ahead != nil
		m.mu.Unlock()
		if got {
			return
		}
	}
	t.Fatal("PrepareUnlock did not read the credential ahead")
}

// Enter on the PIN starts the key derivation at once, with the sealed credential PrepareUnlock
// read while the PIN was typed, rather than after the keyring's answer to a second read
// (4-21 ms on this machine, more under load, all on the wait to the account window).
func TestSession_unlockDerivesWithoutWaitingForTheKeyring(t *testing.T) {
	g := &gatedGet{Store: &vault.Memory{}, derived: make(chan struct{})}
	r := newRig(t, g)
	r.register("erin", erinSecret, "739205")
	ctx := context.Background()
	m := r.manager()
	var once sync.Once
	m.openKey = func(p string, blob []byte) ([]byte, *pin.Key, error) {
		once.Do(func() { close(g.derived) })
		return pin.OpenKey(p, blob)
	}
	if st := startedState(m, ctx); st != Locked {
		t.Fatalf("restart: %v, want Locked", st)
	}
	m.PrepareUnlock()
	aheadRead(t, m)
	g.armed.Store(true)
	if err := m.Unlock(ctx, "739205"); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	if !g.early.Load() {
		t.Error("the key derivation waited for the keyring's answer at Enter")
	}
}

// What was read ahead is only a head start: where the keyring holds another credential by
// Enter (here, another copy of the app changed the PIN meanwhile), Unlock opens the one the
// keyring holds now, so the old PIN fails and the new one opens it.
func TestSession_unlockOpensWhatTheKeyringHoldsAtEnter(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("erin", erinSecret, "739205")
	ctx := context.Background()
	m := r.manager()
	if st := startedState(m, ctx); st != Locked {
		t.Fatalf("restart: %v, want Locked", st)
	}
	m.PrepareUnlock()
	aheadRead(t, m)
	other := r.manager()
	_ = other.Start(ctx)
	if err := other.Unlock(ctx, "739205"); err != nil {
		t.Fatalf("other copy's unlock: %v", err)
	}
	if err := other.ChangePIN(ctx, "739205", "528614", "528614"); err != nil {
		t.Fatalf("other copy's PIN change: %v", err)
	}
	if err := m.Unlock(ctx, "739205"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("the old PIN after the change: %v, want ErrWrongPIN", err)
	}
	m.PrepareUnlock()
	if err := m.Unlock(ctx, "528614"); err != nil {
		t.Errorf("the new PIN: %v", err)
	}
}
