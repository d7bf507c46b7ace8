package session

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/vault"
)

func TestSession_setChangeAndRemovePIN(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	ctx := context.Background()
	if m.Info().PINRequired {
		t.Fatal("Acme does not require a PIN")
	}
	if err := m.SetPIN(ctx, "204913", "204913"); err != nil {
		t.Fatal(err)
	}
	m2 := r.manager()
	if st := startedState(m2, ctx); st != Locked {
		t.Fatalf("after choosing a PIN: %v, want Locked", st)
	}
	if err := m2.Unlock(ctx, "204913"); err != nil {
		t.Fatal(err)
	}
	if err := m2.ChangePIN(ctx, "204913", "739205", "739205"); err != nil {
		t.Fatal(err)
	}
	m3 := r.manager()
	_ = m3.Start(ctx)
	if err := m3.Unlock(ctx, "204913"); !errors.Is(err, ErrWrongPIN) {
		t.Errorf("old PIN after a change: %v", err)
	}
	if err := m3.Unlock(ctx, "739205"); err != nil {
		t.Fatalf("new PIN: %v", err)
	}
	if err := m3.RemovePIN(ctx, "739205"); err != nil {
		t.Fatal(err)
	}
	if st := startedState(r.manager(), ctx); st != Unlocked {
		t.Errorf("after removing the PIN: %v, want Unlocked", st)
	}
}

func TestSession_PINCannotBeRemovedWhenRequired(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("erin", erinSecret, "739205")
	if err := m.RemovePIN(context.Background(), "739205"); !errors.Is(err, ErrPINRequired) {
		t.Errorf("got %v, want ErrPINRequired", err)
	}
	if err := r.manager().RemovePIN(context.Background(), "739205"); !errors.Is(err, ErrNotUnlocked) {
		t.Errorf("locked: got %v", err)
	}
}

func TestSession_autoLockDefaultAndSetting(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	if m.AutoLock() != 15*time.Minute {
		t.Errorf("default %v", m.AutoLock())
	}
	_ = m.SetAutoLock(5 * time.Minute)
	m2 := r.manager()
	_ = m2.Start(context.Background())
	if m2.AutoLock() != 5*time.Minute {
		t.Errorf("after a restart: %v, want 5m", m2.AutoLock())
	}
}
