package session

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

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
