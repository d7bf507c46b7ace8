package session

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
)

var cheapKDF = pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

type rig struct {
	t     testing.TB
	ts    *httptest.Server
	srv   *mockserver.Server
	store vault.Store
	file  config.File
	clk   *clock
	acct  string // the keyring account of the latest registration into file
}

func newRig(t testing.TB, store vault.Store) *rig {
	t.Helper()
	srv := mockserver.New()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &rig{t: t, ts: ts, srv: srv, store: store, file: config.File{Path: filepath.Join(t.TempDir(), "state.json")}, clk: &clock{t: time.Now()}}
}

// manager is a fresh Manager on the same keyring and config, as after an app restart.
func (r *rig) manager() *Manager {
	return &Manager{Vault: r.store, Config: r.file, KDF: cheapKDF, Now: r.clk.now, ClientOptions: []client.Option{client.WithRetryWait(time.Millisecond)}}
}

// register runs the real wizard for user through to Done, finishing into a Manager.
func (r *rig) register(user, secret, p string) *Manager {
	r.t.Helper()
	return r.registerWith(r.manager(), user, secret, p)
}

func (r *rig) registerInto(m *Manager, user string) *Manager {
	r.t.Helper()
	return r.registerWith(m, user, "", "")
}

func (r *rig) registerWith(m *Manager, user, secret, p string) *Manager {
	r.t.Helper()
	ctx := context.Background()
	f := m.NewFlow()
	steps := []error{f.SubmitServer(ctx, r.ts.URL), f.SubmitSignIn(ctx, user, mockserver.DemoPassword, "laptop")}
	if secret != "" {
		code, _ := totp.GenerateCode(secret, r.srv.Now())
		steps = append(steps, f.SubmitCode(ctx, code))
	}
	if p != "" {
		steps = append(steps, f.SubmitPIN(ctx, p, p))
	}
	for i, err := range steps {
		if err != nil {
			r.t.Fatalf("wizard event %d: %v", i, err)
		}
	}
	if f.Step() != wizard.StepDone {
		r.t.Fatalf("wizard stopped at %v", f.Step())
	}
	if m.Config.Path == r.file.Path {
		r.acct = m.Info().KeyringAccount
	}
	return m
}

func TestSession_withoutPINRestartsUnlocked(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("alice", "", "")
	m := r.manager()
	err := m.Start(context.Background())
	st := m.State()
	if err != nil || st != Unlocked {
		t.Fatalf("restart: %v %v", st, err)
	}
	me, err := m.Account(context.Background())
	if err != nil || me.Username != "alice" {
		t.Fatalf("me after restart: %+v %v", me, err)
	}
	// The refresh rotated the token: the keyring holds the new one, so a second restart works.
	m2 := r.manager()
	if st := startedState(m2, context.Background()); st != Unlocked {
		t.Fatal("second restart not unlocked")
	}
	if _, err := m2.Account(context.Background()); err != nil {
		t.Errorf("me after the second restart: %v", err)
	}
}

func TestSession_PINUnlockCountsBeforeChecking(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("erin", erinSecret, "739205")
	blob, _ := r.store.Get(context.Background(), r.account())
	if !pin.IsSealed(blob) || bytes.Contains(blob, []byte("x3r_")) {
		t.Fatal("the stored credential is not sealed, or shows the refresh token")
	}
	m := r.manager()
	if st := startedState(m, context.Background()); st != Locked {
		t.Fatalf("restart with a PIN: %v, want Locked", st)
	}
	if err := m.Unlock(context.Background(), "111111"); !errors.Is(err, ErrWrongPIN) || m.AttemptsLeft() != 9 {
		t.Fatalf("wrong PIN: %v, attempts left %d", err, m.AttemptsLeft())
	}
	if s, _ := r.file.Load(); s.PINFailures != 1 {
		t.Errorf("the count on disk is %d, want 1", s.PINFailures)
	}
	if err := m.Unlock(context.Background(), "739205"); err != nil {
		t.Fatalf("right PIN: %v", err)
	}
	if me, err := m.Account(context.Background()); err != nil || me.Username != "erin" {
		t.Fatalf("me: %+v %v", me, err)
	}
	if s, _ := r.file.Load(); s.PINFailures != 0 {
		t.Errorf("the count after success is %d, want 0", s.PINFailures)
	}
	m.Lock()
	if m.testClient() != nil {
		t.Error("Lock kept the client")
	}
}

// elsewhere registers user on another computer (its own keyring and config), to watch the
// account's device list from outside.
func (r *rig) elsewhere(user, secret, p string) *Manager {
	r.t.Helper()
	m := &Manager{Vault: &vault.Memory{}, Config: config.File{Path: filepath.Join(r.t.TempDir(), "other.json")}, KDF: cheapKDF}
	// Half a minute later on the server, so a code for the same secret is not a replay.
	r.srv.SetClockOffset(30 * time.Second)
	return r.registerWith(m, user, secret, p)
}

// registered says whether device is on the account that watcher is signed in to.
func registered(t *testing.T, watcher *Manager, device string) bool {
	t.Helper()
	devs, err := watcher.Devices(context.Background())
	if err != nil {
		t.Fatalf("devices: %v", err)
	}
	for _, d := range devs {
		if d.ID == device {
			return true
		}
	}
	return false
}

const erinSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"

func TestSession_tenWrongPINsWipe(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	device := r.register("erin", erinSecret, "739205").Info().DeviceID
	ref := r.revokeRef()
	watcher := r.elsewhere("erin", erinSecret, "739205")
	m := r.manager()
	_ = m.Start(context.Background())
	for i := 1; i <= 9; i++ {
		if err := m.Unlock(context.Background(), "111111"); !errors.Is(err, ErrWrongPIN) {
			t.Fatalf("attempt %d: %v", i, err)
		}
		if i >= DelayFrom {
			var soon *TooSoonError
			if err := m.Unlock(context.Background(), "739205"); !errors.As(err, &soon) || soon.Wait <= 0 {
				t.Fatalf("after %d wrong PINs: %v, want a delay", i, err)
			}
			r.clk.add(soon.Wait)
		}
		// A restart keeps the count.
		m = r.manager()
		_ = m.Start(context.Background())
	}
	if err := m.Unlock(context.Background(), "111111"); !errors.Is(err, ErrWiped) {
		t.Fatalf("10th wrong PIN: %v, want ErrWiped", err)
	}
	if _, err := r.store.Get(context.Background(), r.account()); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the credential survived: %v", err)
	}
	st := startedState(r.manager(), context.Background())
	if s, _ := r.file.Load(); st != NoCredential || s.Username != "erin" || len(s.PendingRevokes) != 0 {
		t.Errorf("after the wipe: %v, username kept %q, revocation owed %q", st, s.Username, s.PendingRevokes)
	}
	if registered(t, watcher, device) {
		t.Error("the wiped device is still registered on the server")
	}
	if _, err := r.store.Get(context.Background(), revokeAccount(ref)); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the revoke key outlived its revocation: %v", err)
	}
}

// account is the keyring account of the latest registration into the rig's config file
// (kept after a wipe forgets it).
func (r *rig) account() string { return r.acct }

// revokeRef is the revoke entry of the registration in the rig's config file.
func (r *rig) revokeRef() string {
	st, _ := r.file.Load()
	return st.RevokeRef
}

func TestSession_tenthWrongPINOfflineOwesTheRevocation(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	device := r.register("erin", erinSecret, "739205").Info().DeviceID
	watcher := r.elsewhere("erin", erinSecret, "739205")
	st, _ := r.file.Load()
	st.PINFailures, st.LastPINFailure = WipeAt-1, r.clk.now().Add(-time.Hour)
	if err := r.file.Save(st); err != nil {
		t.Fatal(err)
	}
	m := r.manager()
	_ = m.Start(context.Background())
	ref := r.revokeRef()
	r.fault(`{"path":"/api/v1/devices/revoke","status":503,"times":1}`)
	if err := m.Unlock(context.Background(), "111111"); !errors.Is(err, ErrWiped) {
		t.Fatalf("10th wrong PIN: %v, want ErrWiped", err)
	}
	if s, _ := r.file.Load(); !slices.Equal(s.PendingRevokes, []string{ref}) || s.DeviceID != "" {
		t.Fatalf("after a wipe the server did not hear of: %+v", s)
	}
	if !registered(t, watcher, device) {
		t.Fatal("the fault did not stop the revocation; the test proves nothing")
	}
	next := r.manager()
	_ = next.Start(context.Background())
	if err := next.RetryPendingRevokes(context.Background()); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if registered(t, watcher, device) {
		t.Error("the device is still registered after the retried revocation")
	}
}

func TestSession_signOutRevokesAndWipesEvenOffline(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	other := r.register("alice", "", "")
	if err := m.SignOut(context.Background()); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	devs, err := other.Devices(context.Background())
	if err != nil || len(devs) != 1 {
		t.Errorf("devices after sign-out: %d %v, want 1 (the other)", len(devs), err)
	}
	r.ts.Close()
	if err := other.SignOut(context.Background()); !errors.Is(err, client.ErrUnreachable) {
		t.Errorf("offline sign-out: %v, want ErrUnreachable reported", err)
	}
	if st := startedState(r.manager(), context.Background()); st != NoCredential {
		t.Errorf("after an offline sign-out: %v, want NoCredential", st)
	}
}

func TestSession_crashBetweenKeyringAndConfigIsSignedOut(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	r.register("alice", "", "")
	s, _ := r.file.Load()
	s.DeviceID = "" // as if the config write never happened
	_ = r.file.Save(s)
	if st := startedState(r.manager(), context.Background()); st != NoCredential {
		t.Errorf("got %v, want NoCredential", st)
	}
	r.register("alice", "", "") // signing in again works
	s, _ = r.file.Load()
	s.DeviceID = "dev_x"
	_ = r.file.Save(s)
	_ = r.store.Delete(context.Background(), r.account())
	if st := startedState(r.manager(), context.Background()); st != NoCredential {
		t.Errorf("config without a keyring entry: %v, want NoCredential", st)
	}
}

func TestSession_realKeyringHoldsNoClearRefreshToken(t *testing.T) {
	if os.Getenv("X360SYNC_REAL_KEYRING") != "1" {
		t.Skip("no private Secret Service; run through make test")
	}
	k := vault.Keyring{Service: vault.Service + ".test.session"}
	r := newRig(t, k)
	m := r.register("erin", erinSecret, "739205")
	acct := r.account()
	out, err := exec.Command("secret-tool", "lookup", "service", k.Service, "username", acct).Output()
	if err != nil || len(out) == 0 {
		t.Fatalf("secret-tool found nothing: %v", err)
	}
	if bytes.Contains(out, []byte("x3r_")) {
		t.Error("the keyring value shows the refresh token in clear")
	}
	_ = m.SignOut(context.Background())
	if _, err := exec.Command("secret-tool", "lookup", "service", k.Service, "username", acct).Output(); err == nil {
		t.Error("the entry survived sign-out")
	}
}

// startedState is the session's state after Start, whatever Start returned.
func startedState(m *Manager, ctx context.Context) State {
	_ = m.Start(ctx)
	return m.State()
}

// testClient is the session's API client, for tests that act as the server's other side.
func (m *Manager) testClient() *client.Client {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.client
}
