package session

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
)

// secretService is the private Secret Service of .ci/with-keyring.sh when the test runs in
// one (make test), else a keyring in memory, so the logic is still tested by a plain go test.
func secretService(t *testing.T) vault.Store {
	t.Helper()
	if os.Getenv("X360SYNC_REAL_KEYRING") != "1" {
		t.Log("no private Secret Service (run through .ci/with-keyring.sh): using a keyring in memory")
		return &vault.Memory{}
	}
	return vault.Keyring{Service: vault.Service + ".test.changepin"}
}

// Someone at an unlocked, unattended computer cannot change the PIN without knowing it: the
// current PIN is checked by opening the stored credential with it, and a wrong one counts
// as an Unlock attempt does (the same counter, on disk).
func TestSession_changePINNeedsTheCurrentPIN(t *testing.T) {
	r := newRig(t, secretService(t))
	m := r.register("erin", erinSecret, "739205")
	ctx := context.Background()
	t.Cleanup(func() { _ = m.SignOut(ctx) })
	if err := m.SetPIN(ctx, "482916", "482916"); !errors.Is(err, ErrCurrentPINNeeded) {
		t.Fatalf("SetPIN over a PIN: got %v, want ErrCurrentPINNeeded", err)
	}
	if err := m.ChangePIN(ctx, "111111", "482916", "482916"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("a wrong current PIN: got %v, want ErrWrongPIN", err)
	}
	if s, _ := r.file.Load(); s.PINFailures != 1 || m.AttemptsLeft() != WipeAt-1 {
		t.Fatalf("a wrong current PIN: %d failures on disk, %d attempts left; want 1 and %d", s.PINFailures, m.AttemptsLeft(), WipeAt-1)
	}
	if !m.State().Ready() {
		t.Fatalf("a wrong current PIN left the session %v", m.State())
	}
	// The same counter as Unlock's: a restart, one wrong PIN there, and two are spent.
	other := r.manager()
	_ = other.Start(ctx)
	if err := other.Unlock(ctx, "111111"); !errors.Is(err, ErrWrongPIN) || other.AttemptsLeft() != WipeAt-2 {
		t.Fatalf("Unlock after a wrong current PIN: %v, %d attempts left; want %d", err, other.AttemptsLeft(), WipeAt-2)
	}
	if err := m.ChangePIN(ctx, "739205", "482916", "482916"); err != nil {
		t.Fatalf("the right current PIN: %v", err)
	}
	if s, _ := r.file.Load(); s.PINFailures != 0 {
		t.Errorf("after a change: %d failures on disk, want 0", s.PINFailures)
	}
	again := r.manager()
	_ = again.Start(ctx)
	if err := again.Unlock(ctx, "739205"); !errors.Is(err, ErrWrongPIN) {
		t.Errorf("the old PIN after the change: %v", err)
	}
	if err := again.Unlock(ctx, "482916"); err != nil {
		t.Errorf("the new PIN: %v", err)
	}
}

// Wrong current PINs wait as wrong Unlock PINs do, and the WipeAt-th signs the device out,
// revoked on the server.
func TestSession_changePINWithWrongPINsDelaysThenWipes(t *testing.T) {
	r := newRig(t, secretService(t))
	m := r.register("erin", erinSecret, "739205")
	device := m.Info().DeviceID
	watcher := r.elsewhere("erin", erinSecret, "739205")
	ctx := context.Background()
	for i := 1; i < WipeAt; i++ {
		if err := m.ChangePIN(ctx, "111111", "482916", "482916"); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("wrong current PIN %d: %v", i, err)
		}
		if i >= DelayFrom {
			var soon *TooSoonError
			if err := m.ChangePIN(ctx, "739205", "482916", "482916"); !errors.As(err, &soon) || soon.Wait <= 0 || soon.Wait != m.Delay() {
				t.Fatalf("after %d wrong PINs: %v, want the delay %v", i, err, m.Delay())
			}
			r.clk.add(soon.Wait)
		}
	}
	if err := m.ChangePIN(ctx, "111111", "482916", "482916"); !errors.Is(err, ErrWiped) {
		t.Fatalf("wrong current PIN %d: %v, want ErrWiped", WipeAt, err)
	}
	if m.State() != NoCredential {
		t.Errorf("after the wipe: %v, want NoCredential", m.State())
	}
	if _, err := r.store.Get(ctx, r.erinAccount()); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the credential survived the wipe: %v", err)
	}
	if registered(t, watcher, device) {
		t.Error("the wiped device is still registered on the server")
	}
	_ = watcher.SignOut(ctx)
}

// Remove PIN, like Change PIN, needs the current PIN: someone at an unlocked, unattended
// computer cannot strip it. A wrong one is an Unlock attempt (the same counter); an empty one
// spends none; the PIN stays until the right one is given.
func TestSession_removePINNeedsTheCurrentPIN(t *testing.T) {
	r := newRig(t, secretService(t))
	m := r.register("alice", "", "")
	ctx := context.Background()
	t.Cleanup(func() { _ = m.SignOut(ctx) })
	if err := m.SetPIN(ctx, "739205", "739205"); err != nil {
		t.Fatal(err)
	}
	if err := m.RemovePIN(ctx, ""); !errors.Is(err, pin.ErrLength) {
		t.Fatalf("no current PIN: got %v, want pin.ErrLength", err)
	}
	if err := m.RemovePIN(ctx, "111111"); !errors.Is(err, ErrWrongPIN) {
		t.Fatalf("a wrong current PIN: got %v, want ErrWrongPIN", err)
	}
	if s, _ := r.file.Load(); s.PINFailures != 1 || !s.PINSet || m.AttemptsLeft() != WipeAt-1 {
		t.Fatalf("a wrong current PIN: %d failures on disk, PIN set %v, %d attempts left; want 1, true and %d",
			s.PINFailures, s.PINSet, m.AttemptsLeft(), WipeAt-1)
	}
	if !m.State().Ready() || !m.Info().PINSet {
		t.Fatalf("a wrong current PIN left the session %v, PIN set %v", m.State(), m.Info().PINSet)
	}
	if st := startedState(r.manager(), ctx); st != Locked {
		t.Fatalf("after a wrong current PIN the next start is %v, want Locked", st)
	}
	if err := m.RemovePIN(ctx, "739205"); err != nil {
		t.Fatalf("the right current PIN: %v", err)
	}
	if s, _ := r.file.Load(); s.PINFailures != 0 || s.PINSet {
		t.Errorf("after removing: %d failures on disk, PIN set %v; want 0 and false", s.PINFailures, s.PINSet)
	}
	if st := startedState(r.manager(), ctx); st != Unlocked {
		t.Errorf("after removing the PIN: %v, want Unlocked", st)
	}
}

// Wrong current PINs on Remove PIN wait and wipe as wrong Unlock PINs do.
func TestSession_removePINWithWrongPINsDelaysThenWipes(t *testing.T) {
	r := newRig(t, secretService(t))
	m := r.register("alice", "", "")
	ctx := context.Background()
	if err := m.SetPIN(ctx, "739205", "739205"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < WipeAt; i++ {
		if err := m.RemovePIN(ctx, "111111"); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("wrong current PIN %d: %v", i, err)
		}
		if i >= DelayFrom {
			var soon *TooSoonError
			if err := m.RemovePIN(ctx, "739205"); !errors.As(err, &soon) || soon.Wait <= 0 {
				t.Fatalf("after %d wrong PINs: %v, want the delay %v", i, err, m.Delay())
			}
			r.clk.add(soon.Wait)
		}
	}
	if err := m.RemovePIN(ctx, "111111"); !errors.Is(err, ErrWiped) {
		t.Fatalf("wrong current PIN %d: %v, want ErrWiped", WipeAt, err)
	}
	if m.State() != NoCredential {
		t.Errorf("after the wipe: %v, want NoCredential", m.State())
	}
	if _, err := r.store.Get(ctx, r.account()); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the credential survived the wipe: %v", err)
	}
}
