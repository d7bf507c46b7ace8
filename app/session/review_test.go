package session

// Security review proofs (scratch copy, not part of the repository).

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// Found by the security review of issue #10 (each failed before its fix).
//
// R1: `x360sync status` (which takes no profile lock) ran Start while the app is between
// Prepare and the registration (the person is typing the two-step code). Start "rolls back"
// the live journal entry: the revoke-by-key finds no device yet (404), so the revoke key is
// deleted as paid. The app then finishes the registration with a revoke ref whose key is gone;
// signing out while locked sends nothing, owes nothing, and the device stays on the server.
func TestReview_statusDuringSignInDestroysTheRevokeKey(t *testing.T) {
	r, watcher, gui, f := erinAtTheCode(t)
	ctx := context.Background()

	// Terminal: x360sync status, which now only reads (Inspect).
	status := r.manager()
	if registered, _, _ := status.Inspect(ctx); registered {
		t.Fatal("status sees a registration before it is finished")
	}

	if err := f.SubmitCode(ctx, r.code(erinSecret)); err != nil {
		t.Fatalf("code: %v", err)
	}
	if err := f.SubmitPIN(ctx, "739205", "739205"); err != nil || f.Step() != wizard.StepDone {
		t.Fatalf("pin: %v %v", err, f.Step())
	}
	device := gui.Info().DeviceID
	ref := r.revokeRef()
	if _, err := r.store.Get(ctx, revokeAccount(ref)); err == nil {
		t.Skip("revoke key still present: not reproduced")
	}
	t.Logf("registered %s with revoke ref %s whose key is gone from the keyring", device, ref)

	// Later launch: locked; "Sign out and sign in again" from the Unlock screen.
	next := r.manager()
	if st := startedState(next, ctx); st != Locked {
		t.Fatalf("restart: %v", st)
	}
	err := next.SignOut(ctx)
	s, _ := r.file.Load()
	t.Logf("SignOut err=%v, pending_revokes=%q, registered=%v", err, s.PendingRevokes, s.Registered())
	if registered(t, watcher, device) && len(s.PendingRevokes) == 0 {
		t.Errorf("signed out locally (err=%v) but device %s is still on the server and nothing is owed", err, device)
	}
}

// erinAtTheCode is the app signing erin in, at the two-step code, with another computer of
// erin's watching the server's device list.
func erinAtTheCode(t *testing.T) (*rig, *Manager, *Manager, *wizard.Flow) {
	t.Helper()
	r := newRig(t, &vault.Memory{})
	watcher := r.elsewhere("erin", erinSecret, "739205")
	r.srv.SetClockOffset(60 * time.Second)
	ctx := context.Background()
	gui := r.manager()
	_ = gui.Start(ctx)
	f := gui.NewFlow()
	if err := f.SubmitServer(ctx, r.ts.URL); err != nil {
		t.Fatal(err)
	}
	if err := f.SubmitSignIn(ctx, "erin", mockserver.DemoPassword, "laptop"); err != nil || f.Step() != wizard.StepCode {
		t.Fatalf("sign-in: %v %v", err, f.Step())
	}
	return r, watcher, gui, f
}

// R1b: `x360sync status` while the app waits at Set up PIN revokes the device being registered;
// the app then stores it and reports Unlocked/Done on a device the server already revoked.
func TestReview_statusAtSetUpPINRevokesTheDeviceBeingRegistered(t *testing.T) {
	r, watcher, gui, f := erinAtTheCode(t)
	ctx := context.Background()
	if err := f.SubmitCode(ctx, r.code(erinSecret)); err != nil || f.Step() != wizard.StepPINSetup {
		t.Fatalf("code: %v %v", err, f.Step())
	}
	device := gui.Info().DeviceID
	status := r.manager()
	_, _, _ = status.Inspect(ctx) // x360sync status
	err := f.SubmitPIN(ctx, "739205", "739205")
	t.Logf("SubmitPIN: %v, step %v, state %v", err, f.Step(), gui.State())
	if f.Step() == wizard.StepDone && !registered(t, watcher, device) {
		t.Errorf("the wizard reached Done but `status` revoked device %s on the server meanwhile", device)
	}
}

// R2: the sealing decision of a rotation read m.st.PINSet, which every config Update reloads
// from disk, and ignored the key in memory: a same-user process that rewrites pin_set=false
// in state.json after the unlock made the next rotation go out only wrapped, and the next
// start opened it with no PIN. Now a session that holds the PIN's key always seals.
func TestReview_configEditMakesRotationUnsealed(t *testing.T) {
	mem := &vault.Memory{}
	r := newRig(t, mem)
	ctx := context.Background()
	m := r.register("bob", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "")
	if err := m.SetPIN(ctx, "739205", "739205"); err != nil {
		t.Fatal(err)
	}
	next := r.manager()
	if st := startedState(next, ctx); st != Locked {
		t.Fatalf("restart: %v", st)
	}
	if err := next.Unlock(ctx, "739205"); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	st, _ := r.file.Load() // the attacker's edit
	st.PINSet = false
	_ = r.file.Save(st)
	if err := next.SetAutoLock(5 * time.Minute); err != nil { // any update reloads the file
		t.Fatal(err)
	}
	if _, err := next.Account(ctx); err != nil { // first call refreshes: a rotation is saved
		t.Fatalf("account: %v", err)
	}
	blob, _ := mem.Get(ctx, r.account())
	if !pin.IsSealed(blob) {
		t.Errorf("rotation written UNSEALED while the session holds a PIN key: %q", blob)
	}
	third := r.manager()
	if st := startedState(third, ctx); st == Unlocked {
		t.Errorf("next start is Unlocked without any PIN")
	}
}

// R3: two devices registered with the same client-proposed digest (a sign-in whose answer was
// lost, retried with a changed body, or via a new challenge with the same prepared key):
// revoke-by-key revokes only one of them, chosen by map order.
func TestReview_revokeByKeyWithDuplicateDigestLeavesOne(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	watcher := r.elsewhere("alice", "", "")
	ctx := context.Background()
	c, _ := client.New(r.ts.URL, client.WithRetryWait(time.Millisecond))
	key := "x3c_" + randomHex(32)
	sum := sha256.Sum256([]byte(key))
	digest := hex.EncodeToString(sum[:])
	var ids []string
	for i, name := range []string{"laptop", "laptop (2)"} {
		resp, err := c.Login(ctx, api.LoginRequest{
			Username: "alice", Password: mockserver.DemoPassword,
			Device: api.DeviceInfo{Name: name, Platform: "linux", AppVersion: "dev", RevokeKeySHA256: digest},
		}, randomHex(16))
		if err != nil {
			t.Fatalf("login %d: %v", i, err)
		}
		ids = append(ids, resp.Tokens().DeviceID)
	}
	if err := c.RevokeByKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	left := 0
	for _, id := range ids {
		if registered(t, watcher, id) {
			left++
		}
	}
	if left != 0 {
		t.Errorf("revoke-by-key left %d of 2 devices with that key registered", left)
	}
	_ = os.Getenv
}

// R4: the server address the unlocked refresh token is sent to comes from state.json, which
// the sealed credential does not bind. A same-user process points it at its own loopback
// listener (http is allowed for loopback); at the person's next Unlock the refresh token goes
// there.
func TestReview_configServerURLRedirectsTheRefreshToken(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	ctx := context.Background()
	m := r.register("bob", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "")
	if err := m.SetPIN(ctx, "739205", "739205"); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 4)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, q *http.Request) {
		b, _ := io.ReadAll(q.Body)
		got <- q.Method + " " + q.URL.Path + " " + string(b)
		http.Error(w, "{}", http.StatusServiceUnavailable)
	}))
	defer evil.Close()
	st, _ := r.file.Load()
	st.ServerURL = evil.URL // the keyring "account" field is kept, so the blob is still found
	_ = r.file.Save(st)
	next := r.manager()
	if s := startedState(next, ctx); s != Locked {
		t.Fatalf("restart: %v", s)
	}
	if err := next.Unlock(ctx, "739205"); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	_, _ = next.Account(ctx)
	select {
	case req := <-got:
		if strings.Contains(req, "x3r_") {
			t.Errorf("the refresh token went to the address in state.json: %s", req)
		}
	default:
	}
}

// slowSet delays keyring writes so Lock can land inside reseal.
type slowSet struct{ vault.Store }

func (s slowSet) Set(ctx context.Context, a string, v []byte) error {
	time.Sleep(200 * time.Millisecond)
	return s.Store.Set(ctx, a, v)
}

// R5: Lock during Change PIN: reseal stores the new key after Lock zeroed the old one, so a
// Locked session keeps a live PIN key in memory.
func TestReview_lockDuringChangePINKeepsAKey(t *testing.T) {
	mem := &vault.Memory{}
	r := newRig(t, mem)
	ctx := context.Background()
	r.register("erin", erinSecret, "739205")
	m := r.manager()
	m.Vault = slowSet{mem}
	_ = m.Start(ctx)
	if err := m.Unlock(ctx, "739205"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m.ChangePIN(ctx, "739205", "482916", "482916") }()
	time.Sleep(150 * time.Millisecond) // KDF (cheap) done, inside the slow Set
	m.Lock()
	err := <-done
	m.mu.Lock()
	key, state := m.key, m.state
	m.mu.Unlock()
	t.Logf("ChangePIN: %v; state %v; key held %v", err, state, key != nil)
	if state == Locked && key != nil {
		t.Error("a Locked session holds the new PIN's key (Lock's zeroing undone by reseal)")
	}
}

// R5b: Lock during Remove PIN leaves State Locked with no PIN set; the next Unlock takes the
// "signed out by another copy" branch and wipes (and revokes) the device.
func TestReview_lockDuringRemovePINThenUnlockWipes(t *testing.T) {
	mem := &vault.Memory{}
	r := newRig(t, mem)
	ctx := context.Background()
	m := r.register("bob", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "")
	if err := m.SetPIN(ctx, "739205", "739205"); err != nil {
		t.Fatal(err)
	}
	m2 := r.manager()
	m2.Vault = slowSet{mem}
	_ = m2.Start(ctx)
	if err := m2.Unlock(ctx, "739205"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- m2.RemovePIN(ctx, "739205") }()
	time.Sleep(50 * time.Millisecond)
	m2.Lock()
	rerr := <-done
	t.Logf("RemovePIN: %v; state %v; PINSet %v", rerr, m2.State(), m2.Info().PINSet)
	err := m2.Unlock(ctx, "739205")
	t.Logf("Unlock with the right PIN: %v; state %v; registered %v", err, m2.State(), r.revokeRef() != "")
	if m2.State() == NoCredential {
		t.Error("the right PIN after Lock-during-RemovePIN signed the device out")
	}
}

// lateStore is a keyring whose next write times out for the caller but lands a moment later,
// as a go-keyring call that outlives its time limit does.
type lateStore struct {
	vault.Store
	arm  bool
	done chan struct{}
}

func (l *lateStore) Set(ctx context.Context, acct string, v []byte) error {
	if !l.arm {
		return l.Store.Set(ctx, acct, v)
	}
	l.arm = false
	go func() {
		time.Sleep(50 * time.Millisecond)
		_ = l.Store.Set(context.Background(), acct, v)
		close(l.done)
	}()
	return &vault.UnavailableError{Op: "save", Remedy: vault.RemedyRetry, Err: context.DeadlineExceeded}
}

// R6: a Change PIN whose keyring write timed out was reported as failed with its journal
// cleared, yet the write still landed: the credential ended up sealed under the PIN the person
// was told was not set, with nothing to say so. Now the journal stays: the next start says the
// change may or may not have happened, and one of the two PINs opens the credential.
func TestReview_timedOutChangePINLandsLate(t *testing.T) {
	ls := &lateStore{Store: &vault.Memory{}, done: make(chan struct{})}
	r := newRig(t, ls)
	ctx := context.Background()
	m := r.register("erin", erinSecret, "739205")
	ls.arm = true
	if err := m.ChangePIN(ctx, "739205", "482916", "482916"); err == nil {
		t.Fatal("the change did not time out")
	}
	<-ls.done
	next := r.manager()
	_ = next.Start(ctx)
	if n := next.TakeNotice(); n != NoticePINChangeUnsure {
		t.Errorf("notice after a change that timed out: %v, want PINChangeUnsure", n)
	}
	errOld := next.Unlock(ctx, "739205")
	if errOld != nil {
		if err := next.Unlock(ctx, "482916"); err != nil {
			t.Errorf("neither PIN opens the credential: old %v, new %v", errOld, err)
		}
	}
}

// R7: a state.json written before this change (no revoke_ref; the old build kept the revoke
// key at "revoke:<device id>") signs out while locked without sending or owing anything.
func TestReview_legacyRegistrationSignOutWhileLockedSendsNothing(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	ctx := context.Background()
	watcher := r.elsewhere("erin", erinSecret, "739205")
	r.srv.SetClockOffset(60 * time.Second)
	m := r.register("erin", erinSecret, "739205")
	device := m.Info().DeviceID
	st, _ := r.file.Load()
	old, _ := r.store.Get(ctx, revokeAccount(st.RevokeRef))
	_ = r.store.Set(ctx, "revoke:"+device, old) // where the old build kept it
	_ = r.store.Delete(ctx, revokeAccount(st.RevokeRef))
	_ = r.file.Save(st)
	r.makeOldStyle(r.file) // the credential where the old build kept it
	st, _ = r.file.Load()
	st.RevokeRef, st.Account = "", ""
	_ = r.file.Save(st)
	next := r.manager()
	if s := startedState(next, ctx); s != Locked {
		t.Fatalf("restart: %v", s)
	}
	err := next.SignOut(ctx)
	s, _ := r.file.Load()
	_, kerr := r.store.Get(ctx, "revoke:"+device)
	t.Logf("SignOut: %v; owed %q; legacy revoke key still in keyring: %v", err, s.PendingRevokes, kerr == nil)
	if registered(t, watcher, device) && len(s.PendingRevokes) == 0 {
		t.Error("legacy device signed out while locked: nothing sent, nothing owed, still on the server")
	}
}

// getFails makes keyring reads of the credential fail (a locked/closed wallet, a dismissed
// unlock prompt).
type getFails struct {
	vault.Store
	fail atomic.Bool // read by Unlock's read ahead (PrepareUnlock) too
}

func (g *getFails) Get(ctx context.Context, a string) ([]byte, error) {
	if g.fail.Load() && !strings.HasPrefix(a, "revoke:") {
		return nil, &vault.UnavailableError{Op: "read", Remedy: vault.RemedyRetry, Err: context.DeadlineExceeded}
	}
	return g.Store.Get(ctx, a)
}

// R8: Unlock counts the attempt before it reads the keyring; a read that fails is not a PIN
// check, yet it spends an attempt. Ten Unlocks while the keyring cannot be read wipe the device
// though no PIN was ever wrong.
func TestReview_keyringErrorsSpendPINAttempts(t *testing.T) {
	mem := &vault.Memory{}
	r := newRig(t, mem)
	ctx := context.Background()
	r.register("erin", erinSecret, "739205")
	g := &getFails{Store: mem}
	m := r.manager()
	m.Vault = g
	_ = m.Start(ctx)
	g.fail.Store(true)
	for i := 0; i < WipeAt; i++ {
		err := m.Unlock(ctx, "739205") // the right PIN every time
		var soon *TooSoonError
		if errors.As(err, &soon) {
			r.clk.add(soon.Wait)
			i--
			continue
		}
	}
	g.fail.Store(false)
	err := m.Unlock(ctx, "739205")
	t.Logf("the right PIN once the keyring answers: %v; state %v", err, m.State())
	if m.State() != Unlocked {
		t.Error("keyring read errors alone used up the PIN attempts and wiped the device")
	}
}

// R9: a state.json from a newer build (or damaged) is set aside as .bad and the registration is
// forgotten without a revocation owed; the device stays on the server, its credential and
// revoke key stay in the keyring.
func TestReview_newerStateFileOrphansTheDevice(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	ctx := context.Background()
	watcher := r.elsewhere("alice", "", "")
	m := r.register("alice", "", "")
	device, ref := m.Info().DeviceID, r.revokeRef()
	raw, _ := os.ReadFile(r.file.Path)
	_ = os.WriteFile(r.file.Path, []byte(strings.Replace(string(raw), `"version": 1`, `"version": 2`, 1)), 0o600)
	next := r.manager()
	st := startedState(next, ctx)
	s, _ := r.file.Load()
	_, kerr := r.store.Get(ctx, revokeAccount(ref))
	t.Logf("state %v, notice %v, owed %q, revoke key kept %v", st, next.TakeNotice(), s.PendingRevokes, kerr == nil)
	if st == NoCredential && registered(t, watcher, device) && len(s.PendingRevokes) == 0 {
		t.Error("registration forgotten, device still on the server, nothing owed")
	}
}

// R3b: the client path to two devices with one revoke digest: the verify answer is lost, the
// person types the next code, then signs in again; the prepared key is reused.
func TestReview_lostVerifyAnswerGivesTwoDevicesOneDigest(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	ctx := context.Background()
	bob := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	watcher := r.elsewhere("bob", bob, "")
	r.srv.SetClockOffset(60 * time.Second)
	m := r.manager()
	_ = m.Start(ctx)
	f := m.NewFlow()
	_ = f.SubmitServer(ctx, r.ts.URL)
	if err := f.SubmitSignIn(ctx, "bob", mockserver.DemoPassword, "laptop"); err != nil {
		t.Fatal(err)
	}
	r.fault(`{"path":"/api/v1/auth/verify","drop":true,"times":5}`)
	err := f.SubmitCode(ctx, r.code(bob))
	t.Logf("verify with the answer lost: %v, step %v", err, f.Step())
	r.srv.SetClockOffset(90 * time.Second)
	err = f.SubmitCode(ctx, r.code(bob))
	t.Logf("next code: %v, step %v", err, f.Step())
	if f.Step() != wizard.StepSignIn {
		f.Back()
	}
	if err := f.SubmitSignIn(ctx, "bob", mockserver.DemoPassword, "laptop"); err != nil {
		t.Fatalf("sign in again: %v", err)
	}
	r.srv.SetClockOffset(120 * time.Second)
	if err := f.SubmitCode(ctx, r.code(bob)); err != nil || f.Step() != wizard.StepDone {
		t.Fatalf("code: %v %v", err, f.Step())
	}
	devs, _ := watcher.Devices(ctx)
	t.Logf("devices on the account: %d (watcher + this computer's)", len(devs))
	if len(devs) > 2 {
		t.Logf("an orphan from the lost answer is on the server, sharing this computer's revoke digest")
		if err := m.SignOut(ctx); err != nil {
			t.Fatal(err)
		}
		devs, _ = watcher.Devices(ctx)
		if len(devs) > 1 {
			t.Errorf("after sign-out %d devices remain besides the watcher", len(devs)-1)
		}
	}
}
