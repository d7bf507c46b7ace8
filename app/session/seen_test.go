package session

// The findings of issue #10, each first seen failing on the code before the session owned its
// state (the failures are quoted in the note), now passing.

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
)

func (r *rig) erinAccount() string {
	return r.account()
}

func TestSeen1_lockDuringRefreshLeavesTokenUnsealed(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("erin", erinSecret, "739205")
	m := r.manager()
	_ = m.Start(context.Background())
	if err := m.Unlock(context.Background(), "739205"); err != nil {
		t.Fatal(err)
	}
	r.fault(`{"path":"/api/v1/auth/refresh","delay_ms":300,"times":1}`)
	done := make(chan error, 1)
	go func() { _, err := m.Account(context.Background()); done <- err }()
	time.Sleep(100 * time.Millisecond)
	m.Lock()
	<-done
	blob, _ := r.store.Get(context.Background(), r.erinAccount())
	if !pin.IsSealed(blob) {
		t.Error("the keyring holds the credential unsealed after Lock during a refresh")
	}
	next := r.manager()
	_ = next.Start(context.Background())
	if err := next.Unlock(context.Background(), "000000"); !errors.Is(err, ErrWrongPIN) {
		t.Errorf("a wrong PIN after Lock: %v, want ErrWrongPIN", err)
	}
	if err := next.Unlock(context.Background(), "739205"); err != nil {
		t.Errorf("the right PIN after Lock: %v (the rotation Lock waited for was lost)", err)
	}
}

func TestSeen2_unsealedBlobWhilePINSetIsRefused(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("erin", erinSecret, "739205")
	device := m.Info().DeviceID
	watcher := r.elsewhere("erin", erinSecret, "739205")
	tok := m.testClient().Tokens()
	_ = r.store.Set(context.Background(), r.erinAccount(), pin.Wrap([]byte(`{"v":1,"device_id":"`+tok.DeviceID+`","refresh_token":"`+tok.RefreshToken+`"}`)))
	next := r.manager()
	_ = next.Start(context.Background())
	if st := next.State(); st != NoCredential {
		t.Errorf("an unsealed credential while a PIN is set: %v, want NoCredential", st)
	}
	if n := next.TakeNotice(); n != NoticeDamaged {
		t.Errorf("notice %v, want NoticeDamaged", n)
	}
	if err := next.Unlock(context.Background(), "000000"); err == nil {
		t.Error("an unsealed credential was opened although the config says a PIN is set")
	}
	if _, err := r.store.Get(context.Background(), r.erinAccount()); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the damaged credential was kept: %v", err)
	}
	if registered(t, watcher, device) {
		t.Error("the device with the damaged credential is still registered on the server")
	}
}

func TestSession_policyRequiresPINButCredentialUnsealedIsRefused(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("erin", erinSecret, "739205")
	tok := m.testClient().Tokens()
	_ = r.store.Set(context.Background(), r.erinAccount(), pin.Wrap([]byte(`{"v":1,"device_id":"`+tok.DeviceID+`","refresh_token":"`+tok.RefreshToken+`","require_pin":true}`)))
	st, _ := r.file.Load()
	st.PINSet = false
	_ = r.file.Save(st)
	if got := startedState(r.manager(), context.Background()); got != NoCredential {
		t.Errorf("a credential required to have a PIN, stored without: %v, want NoCredential", got)
	}
}

func TestSeen3_signOutWhileLockedReachesTheServer(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	device := r.register("erin", erinSecret, "739205").Info().DeviceID
	watcher := r.elsewhere("erin", erinSecret, "739205")
	m := r.manager()
	_ = m.Start(context.Background())
	_ = m.SignOut(context.Background())
	if registered(t, watcher, device) {
		t.Error("signing out while locked left the device registered on the server")
	}
}

func TestSeen5_keyringFailureDuringRefreshKeepsTheDevice(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("alice", "", "")
	fs := &failingStore{Store: r.store}
	fs.failSets.Store(1)
	m := r.manager()
	m.Vault = fs
	_ = m.Start(context.Background())
	if _, err := m.Account(context.Background()); err != nil {
		t.Errorf("a failed keyring save during the refresh failed the call: %v", err)
	}
	r.srv.SetClockOffset(2 * time.Minute)
	if _, err := m.Account(context.Background()); err != nil {
		t.Errorf("after the failed save the device no longer works: %v", err)
	}
}

type failingStore struct {
	vault.Store
	failSets atomic.Int32
}

func (f *failingStore) Set(ctx context.Context, a string, v []byte) error {
	if f.failSets.Add(-1) >= 0 {
		return &vault.UnavailableError{Op: "save", Remedy: vault.RemedyRetry, Err: errors.New("timeout")}
	}
	return f.Store.Set(ctx, a, v)
}

func TestSeen6_crashInSetPINIsNoDeadEnd(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	tok := m.testClient().Tokens()
	acct := r.account()
	// The keyring write of Set PIN happened; the config write did not.
	sealed, _ := pin.Seal("739205", []byte(`{"v":1,"device_id":"`+tok.DeviceID+`","refresh_token":"`+tok.RefreshToken+`"}`), cheapKDF)
	_ = r.store.Set(context.Background(), acct, sealed)
	next := r.manager()
	if err := next.Start(context.Background()); err != nil || next.State() != Locked {
		t.Errorf("after a crash in Set PIN: %v %v, want Locked and no error", next.State(), err)
	}
	if err := next.Unlock(context.Background(), "739205"); err != nil {
		t.Errorf("the PIN set before the crash: %v", err)
	}
}

func TestSeen7_backAtSetUpPINLeavesNoDeviceOnTheServer(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	watcher := r.elsewhere("erin", erinSecret, "739205")
	before, _ := watcher.Devices(context.Background())
	m := r.manager()
	f := m.NewFlow()
	ctx := context.Background()
	if err := f.SubmitServer(ctx, r.ts.URL); err != nil {
		t.Fatal(err)
	}
	if err := f.SubmitSignIn(ctx, "erin", mockserver.DemoPassword, "laptop"); err != nil {
		t.Fatal(err)
	}
	r.srv.SetClockOffset(90 * time.Second)
	if err := f.SubmitCode(ctx, r.code(erinSecret)); err != nil {
		t.Fatal(err)
	}
	f.Back()
	m.Close() // waits for the revocation Back started
	after, _ := watcher.Devices(context.Background())
	if len(after) != len(before) {
		t.Errorf("Back at Set up PIN left %d devices on the server, want %d", len(after), len(before))
	}
}

func (r *rig) code(secret string) string {
	c, _ := totp.GenerateCode(secret, r.srv.Now())
	return c
}

func TestSession_aRefusedSaveIsRetriedByItself(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("alice", "", "")
	fs := &failingStore{Store: r.store}
	fs.failSets.Store(2) // the refresh's save and the first retry
	m := r.manager()
	m.Vault, m.saveRetryWait = fs, 10*time.Millisecond
	_ = m.Start(context.Background())
	if _, err := m.Account(context.Background()); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if !m.Info().SaveFailed {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if m.Info().SaveFailed {
		t.Fatal("the rotated pair was not saved by the retries")
	}
	r.srv.SetClockOffset(2 * time.Minute) // the old refresh token is dead now
	if got := startedState(r.manager(), context.Background()); got != Unlocked {
		t.Fatalf("restart after the retried save: %v", got)
	}
}

func TestSession_everySignOutTellsTheApp(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	told := 0
	m.SignedOut = func() { told++ }
	if err := m.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.register("erin", erinSecret, "739205")
	st, _ := r.file.Load()
	st.PINFailures, st.LastPINFailure = WipeAt-1, r.clk.now().Add(-time.Hour)
	_ = r.file.Save(st)
	m3 := r.manager()
	m3.SignedOut = func() { told++ }
	_ = m3.Start(context.Background())
	if err := m3.Unlock(context.Background(), "111111"); !errors.Is(err, ErrWiped) {
		t.Fatalf("10th wrong PIN: %v", err)
	}
	if told != 2 {
		t.Errorf("the app was told of %d sign-outs, want 2 (a sign-out and a wipe)", told)
	}
}

// An empty PIN is not an attempt: nothing is counted, nothing is opened, and the credential
// stays locked (it once read as a damaged credential, and wiped the device).
func TestSession_emptyPINIsNotAnAttempt(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("erin", erinSecret, "739205")
	m := r.manager()
	if st := startedState(m, context.Background()); st != Locked {
		t.Fatalf("restart with a PIN: %v, want Locked", st)
	}
	if err := m.Unlock(context.Background(), ""); !errors.Is(err, pin.ErrLength) {
		t.Errorf("Unlock with no PIN: %v, want pin.ErrLength", err)
	}
	if s, _ := r.file.Load(); m.State() != Locked || s.PINFailures != 0 || !s.Registered() {
		t.Errorf("after an empty PIN: %v, %d failures counted, registered %v", m.State(), s.PINFailures, s.Registered())
	}
	if err := m.Unlock(context.Background(), "739205"); err != nil {
		t.Errorf("the right PIN after an empty one: %v", err)
	}
}
