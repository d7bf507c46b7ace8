package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

type mainRig struct {
	t     *testing.T
	ts    *httptest.Server
	win   fyne.Window
	m     *mainView
	sess  *session.Manager
	queue chan func()
}

func newMainRig(t *testing.T, store vault.Store, cfg string, setup ...func(*session.Manager)) *mainRig {
	t.Helper()
	return newMainRigWith(t, store, cfg, func(*Options) {}, setup...)
}

// newMainRigWith is newMainRig with the window's options edited by opts first.
func newMainRigWith(t *testing.T, store vault.Store, cfg string, opts func(*Options), setup ...func(*session.Manager)) *mainRig {
	t.Helper()
	test.NewTempApp(t)
	ts := httptest.NewServer(mockserver.New())
	t.Cleanup(ts.Close)
	r := &mainRig{t: t, ts: ts, queue: make(chan func(), 8)}
	r.sess = &session.Manager{Vault: store, Config: config.File{Path: cfg}, KDF: pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}}
	for _, f := range setup {
		f(r.sess)
	}
	r.win = test.NewTempWindow(t, widget.NewLabel(""))
	o := Options{Server: ts.URL, Session: r.sess}
	opts(&o)
	r.m = newMainView(r.win, o)
	r.m.run.deliver = func(f func()) { r.queue <- f }
	r.win.SetContent(r.m.body)
	r.m.start()
	r.wait()
	return r
}

// wait runs every finished call's result on the test goroutine until nothing is in flight.
func (r *mainRig) wait() {
	for {
		r.m.run.wg.Wait()
		if r.m.wiz != nil {
			r.m.wiz.run.wg.Wait()
		}
		select {
		case f := <-r.queue:
			f()
		default:
			return
		}
	}
}

func (r *mainRig) texts() string {
	var out []string
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
		if m, ok := o.(*mutedText); ok {
			out = append(out, m.Text())
		}
	}
	return strings.Join(out, "\n")
}

func TestMainView_registerSignOutAndRegisterAgain(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if r.m.wiz == nil || r.m.wiz.flow.Step().String() != "SignIn" {
		t.Fatalf("a fresh start with --server should be at Sign in; shows:\n%s", r.texts())
	}
	test.Type(r.win.Canvas().Focused().(*textEntry), "alice")
	r.win.Canvas().FocusNext()
	r.typeAndEnter(mockserver.DemoPassword)
	// The Done screen stays until its button is pressed.
	if r.m.wiz == nil || r.m.account != nil || !strings.Contains(r.texts(), "This computer is registered") || !strings.Contains(r.texts(), "Signed in as alice on") {
		t.Fatalf("after registering, no Done screen:\n%s", r.texts())
	}
	r.m.wiz.current.submit() // Enter on the Done screen
	r.wait()
	if !strings.Contains(r.texts(), "User: alice (alice@acme.test)") || !strings.Contains(r.texts(), "This device") {
		t.Fatalf("after registering:\n%s", r.texts())
	}
	var signOut *widget.Button
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if b, ok := asButton(o); ok && b.Text == "Sign out" {
			signOut = b
		}
	}
	test.Tap(signOut)
	test.Tap(r.topButton("Sign out"))
	r.wait()
	if !strings.Contains(r.texts(), "You are signed out.") || r.m.wiz.flow.Step().String() != "SignIn" {
		t.Errorf("after signing out:\n%s", r.texts())
	}
}

// registeredWithPIN registers alice with the PIN 204913 on a fresh keyring and config and
// returns them with the rig that registered; a newMainRig on the same two is a restart.
func registeredWithPIN(t *testing.T) (store *vault.Memory, cfg string, first *mainRig) {
	t.Helper()
	cfg = filepath.Join(t.TempDir(), "state.json")
	store = &vault.Memory{}
	first = newMainRig(t, store, cfg)
	if err := finish(first.sess, context.Background(), first.ts.URL, "alice", "laptop", loginAlice(t, first.ts.URL), "204913"); err != nil {
		t.Fatal(err)
	}
	return store, cfg, first
}

func TestMainView_unlockWrongPINSaysAttemptsLeft(t *testing.T) {
	store, cfg, _ := registeredWithPIN(t)
	r := newMainRig(t, store, cfg) // a restart on the same storage
	if !strings.Contains(r.texts(), "Unlock x360Sync") {
		t.Fatalf("a restart with a PIN should show Unlock:\n%s", r.texts())
	}
	r.typeAndEnter("111111")
	if !strings.Contains(r.texts(), "That PIN is incorrect. 9 attempts left") {
		t.Errorf("after a wrong PIN:\n%s", r.texts())
	}
}

func loginAlice(t *testing.T, server string) api.Tokens {
	t.Helper()
	c, err := client.New(server)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Login(context.Background(), api.LoginRequest{Username: "alice", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "laptop"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	return r.Tokens()
}

// topButton finds a button by its text in the top overlay (a confirmation).
func (r *mainRig) topButton(text string) *widget.Button {
	r.t.Helper()
	if top := r.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if k, ok := o.(*button); ok && k.Text == text {
				return &k.Button
			}
		}
	}
	r.t.Fatalf("no confirmation with %q", text)
	return nil
}

// button finds a button by its text in the window or its top overlay (dialogs).
func (r *mainRig) button(text string) *widget.Button {
	r.t.Helper()
	objs := test.LaidOutObjects(r.win.Content())
	if top := r.win.Canvas().Overlays().Top(); top != nil {
		objs = append(objs, test.LaidOutObjects(top)...)
	}
	for _, o := range objs {
		if k, ok := o.(*button); ok { // a confirmation's buttons
			o = &k.Button
		}
		if b, ok := asButton(o); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	r.t.Fatalf("no visible %q button in:\n%s", text, r.texts())
	return nil
}

func TestMainView_accountRevokesAnotherDevice(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	other := loginAlice(t, r.ts.URL) // a second device of alice's
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "this one", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	if n := strings.Count(r.texts(), "Registered "); n != 2 {
		t.Fatalf("%d devices listed:\n%s", n, r.texts())
	}
	test.Tap(r.button("Revoke"))
	test.Tap(r.button("Cancel")) // the confirmation: nothing happens
	r.wait()
	if strings.Count(r.texts(), "Registered ") != 2 {
		t.Fatalf("Cancel revoked a device:\n%s", r.texts())
	}
	test.Tap(r.button("Revoke"))
	if b := r.button("Revoke"); b.Importance != widget.DangerImportance {
		t.Errorf("the confirmation's Revoke is not styled as dangerous: %v", b.Importance)
	}
	test.Tap(r.topButton("Revoke"))
	r.wait()
	if !strings.Contains(r.texts(), "\"laptop\" was revoked.") || strings.Count(r.texts(), "Registered ") != 1 {
		t.Errorf("after revoking:\n%s", r.texts())
	}
	c, _ := client.New(r.ts.URL, client.WithTokens(other))
	if _, err := c.Me(context.Background()); err == nil {
		t.Error("the revoked device still works")
	}
}

// typeAndEnter types into the focused field, presses Enter there and lets the call finish.
func (r *mainRig) typeAndEnter(s string) {
	r.t.Helper()
	e := r.focusedEntry()
	test.Type(e, s)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.wait()
}

func (r *mainRig) focusedEntry() *textEntry {
	r.t.Helper()
	e, ok := r.win.Canvas().Focused().(*textEntry)
	if !ok {
		r.t.Fatalf("focus on %T", r.win.Canvas().Focused())
	}
	return e
}

func TestMainView_enableThenDisableTwoStepInAccountSettings(t *testing.T) {
	r := aliceEnablingTwoStep(t)
	pw := r.pageEntries() // the page opens on the Authentication Mode
	test.Type(pw[0], mockserver.DemoPassword)
	test.Type(pw[1], "not the same")
	test.Tap(r.button("Submit"))
	r.wait()
	if !strings.Contains(r.texts(), "Current Password and Confirm Password fields do not match") || strings.Contains(r.texts(), "Backup key") {
		t.Fatalf("mismatched passwords:\n%s", r.texts())
	}
	// pw: Current Password, then Confirm Password (their labels say so; no placeholder repeats them)
	if len(pw) != 2 {
		t.Fatalf("%d password fields", len(pw))
	}
	cur, con := pw[0], pw[1]
	con.SetText(mockserver.DemoPassword)
	cur.SetText(mockserver.DemoPassword)
	test.Tap(r.button("Submit"))
	r.wait()
	if !strings.Contains(r.texts(), "Backup key") || !strings.Contains(r.texts(), "Secret key") {
		t.Fatalf("no confirmation page:\n%s", r.texts())
	}
	var saved *checkBox
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if c, ok := o.(*checkBox); ok {
			saved = c
		}
	}
	var secret, key string
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.TextStyle.Monospace {
			if strings.Contains(l.Text, "-") {
				key = l.Text
			} else {
				secret = keyOf(l.Text)
			}
		}
	}
	test.Tap(saved)
	code, _ := totp.GenerateCode(secret, time.Now())
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if e, ok := o.(*textEntry); ok && e.PlaceHolder == "6 digits" {
			test.Type(e, code) // the sixth digit submits
		}
	}
	r.wait()
	if !strings.Contains(r.texts(), "Two-step authentication is on.") || !strings.Contains(r.texts(), "Two-step authentication: on (Authenticator mobile app)") {
		t.Fatalf("after confirming:\n%s", r.texts())
	}
	test.Tap(r.button("Disable two-step authentication"))
	test.Type(r.focusedEntry(), mockserver.DemoPassword)
	r.win.Canvas().FocusNext()
	test.Type(r.focusedEntry(), key)
	test.Tap(r.button("Disable"))
	test.Tap(r.topButton("Disable")) // the confirmation
	r.wait()
	if !strings.Contains(r.texts(), "Two-step authentication is off.") || !strings.Contains(r.texts(), "Two-step authentication: off") {
		t.Errorf("after disabling:\n%s", r.texts())
	}
}

func TestMainView_setAPINThenUnlockAtRestart(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "state.json")
	store := &vault.Memory{}
	r := newMainRig(t, store, cfg)
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "this one", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	if strings.Contains(r.texts(), "Remove PIN") {
		t.Error("Remove PIN offered without a PIN")
	}
	test.Tap(r.button("Set a PIN"))
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	if !strings.Contains(r.texts(), "Your PIN is set.") {
		t.Fatalf("after setting the PIN:\n%s", r.texts())
	}
	r.button("Remove PIN") // offered now: Acme does not require one
	again := newMainRig(t, store, cfg)
	again.typeAndEnter("204913")
	if !strings.Contains(again.texts(), "User: alice") {
		t.Errorf("after unlocking:\n%s", again.texts())
	}
}

func TestMainView_wrongPINsCountDownThenWipeAndRevoke(t *testing.T) {
	store, cfg, first := registeredWithPIN(t)
	device, account := first.sess.Info().DeviceID, first.sess.Info().KeyringAccount
	clk := time.Now()
	restart := func() *mainRig {
		r := newMainRig(t, store, cfg, func(m *session.Manager) { m.Now = func() time.Time { return clk } })
		t.Cleanup(func() {
			if r.m.unlock != nil {
				r.m.unlock.stopCountdown()
			}
		})
		return r
	}
	for i := 1; i <= session.WipeAt; i++ {
		r := restart()
		e := r.focusedEntry()
		r.typeAndEnter("111111")
		left := session.WipeAt - i
		switch {
		case i < session.DelayFrom:
			if want := fmt.Sprintf("That PIN is incorrect. %d attempts left", left); !strings.Contains(r.texts(), want) || r.button("Unlock").Disabled() {
				t.Fatalf("wrong PIN %d: want %q and Unlock enabled:\n%s", i, want, r.texts())
			}
		case i < session.WipeAt:
			wait := 30 << (i - session.DelayFrom)
			want := fmt.Sprintf("That PIN is incorrect. %d attempts left before this device is signed out. Wait %d seconds before the next try.", left, wait)
			if !strings.Contains(r.texts(), want) || !r.button("Unlock").Disabled() || !e.Disabled() {
				t.Fatalf("wrong PIN %d: want %q with the PIN field and Unlock disabled:\n%s", i, want, r.texts())
			}
			// A restart during the delay still shows it.
			again := restart()
			if !strings.Contains(again.texts(), "Too many wrong PINs. Wait") || !again.button("Unlock").Disabled() {
				t.Fatalf("restart during the delay after PIN %d:\n%s", i, again.texts())
			}
			clk = clk.Add(time.Duration(wait) * time.Second)
		default:
			if r.m.wiz == nil || !strings.Contains(r.texts(), "Too many wrong PINs: this device was signed out") {
				t.Fatalf("the 10th wrong PIN should return to Sign in with the reason:\n%s", r.texts())
			}
		}
	}
	if _, err := store.Get(context.Background(), account); err == nil {
		t.Error("the credential survived ten wrong PINs")
	}
	other, err := client.New(first.ts.URL, client.WithTokens(loginAlice(t, first.ts.URL)))
	if err != nil {
		t.Fatal(err)
	}
	devs, err := other.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.ID == device {
			t.Error("the wiped device is still registered on the server")
		}
	}
}

func TestMainView_aboutSaysVersionAndWhereThingsLive(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "state.json")
	r := newMainRig(t, &vault.Memory{}, cfg)
	r.m.o.Version, r.m.o.LogPath = "1.2.3", "/home/someone/.cache/x360sync/x360sync.log"
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	host := strings.TrimPrefix(r.ts.URL, "http://")
	for _, want := range []string{
		"x360Sync Desktop 1.2.3",
		"Settings: " + cfg,
		"Log: /home/someone/.cache/x360sync/x360sync.log",
		"service com.x360sync.desktop, account " + host + "/alice",
	} {
		if !strings.Contains(r.texts(), want) {
			t.Errorf("About lacks %q:\n%s", want, r.texts())
		}
	}
}

func TestTray_followsTheSessionAndLocks(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "state.json")
	r := newMainRig(t, &vault.Memory{}, cfg)
	r.m.tray = newTray(r.m, fyne.CurrentApp())
	if got := r.m.tray.status.Label; got != "Not signed in" || !r.m.tray.sign.Disabled || !r.m.tray.lock.Disabled {
		t.Errorf("before registering: %q, sign out disabled %v, lock disabled %v", got, r.m.tray.sign.Disabled, r.m.tray.lock.Disabled)
	}
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), "204913"); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	if got := r.m.tray.status.Label; got != "Signed in as alice" || r.m.tray.lock.Disabled || r.m.tray.sign.Disabled {
		t.Fatalf("signed in: %q, lock disabled %v", got, r.m.tray.lock.Disabled)
	}
	r.m.tray.lock.Action()
	r.wait()
	if r.m.unlock == nil || r.sess.State().Ready() || r.m.tray.status.Label != "Locked" || !r.m.tray.lock.Disabled {
		t.Errorf("after Lock from the tray: unlock screen %v, status %q", r.m.unlock != nil, r.m.tray.status.Label)
	}
}

func TestMainView_accountCallsShowProgressAndCancel(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(r.ts.URL+"/dev/faults", "application/json", strings.NewReader(`{"path":"/api/v1/me","delay_ms":5000,"times":1}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
	r.m.showSignedIn() // starts reading the account: a slow server this time
	if !r.m.strip.Visible() || !r.m.account.refresh.Disabled() {
		t.Fatalf("while the account loads: progress shown %v, Refresh off %v", r.m.strip.Visible(), r.m.account.refresh.Disabled())
	}
	var cancel *widget.Button
	for _, o := range test.LaidOutObjects(r.m.strip) {
		if b, ok := asButton(o); ok && b.Text == "Cancel" {
			cancel = b
		}
	}
	test.Tap(cancel)
	r.wait()
	if r.m.strip.Visible() || r.m.account.status.text.Text != "Cancelled." || r.m.account.refresh.Disabled() {
		t.Errorf("after Cancel: progress shown %v, status %q", r.m.strip.Visible(), r.m.account.status.text.Text)
	}
}

// A sign-out that could not reach the server leaves a revocation owed; signing in again does
// not lose it, and the next start sends it, whatever screen follows.
func TestMainView_owedRevocationIsSentAtTheNextStartEvenWhenSignedInAgain(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "state.json")
	store := &vault.Memory{}
	first := newMainRig(t, store, cfg)
	ctx := context.Background()
	if err := finish(first.sess, ctx, first.ts.URL, "alice", "old", loginAlice(t, first.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	old := first.sess.Info().DeviceID
	oldRef := func() string { st, _ := (config.File{Path: cfg}).Load(); return st.RevokeRef }()
	resp, err := http.Post(first.ts.URL+"/dev/faults", "application/json", strings.NewReader(`{"path":"/api/v1/devices/`+old+`","status":503,"times":3}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
	// The revoke key's path fails twice: at the sign-out, and at the start that signing in
	// again makes, so the revocation is still owed after it.
	resp, err = http.Post(first.ts.URL+"/dev/faults", "application/json", strings.NewReader(`{"path":"/api/v1/devices/`+old+`/revoke","status":503,"times":2}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
	if err := first.sess.SignOut(ctx); err == nil {
		t.Fatal("the sign-out reached the server despite the fault")
	}
	if err := finish(first.sess, ctx, first.ts.URL, "alice", "new", loginAlice(t, first.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	if s, _ := (config.File{Path: cfg}).Load(); !slices.Equal(s.PendingRevokes, []string{oldRef}) {
		t.Fatalf("signing in again lost the owed revocation: %+v", s)
	}
	again := newMainRig(t, store, cfg) // a restart: registered, so the account window follows
	if again.m.account == nil {
		t.Fatalf("after the restart:\n%s", again.texts())
	}
	if s, _ := (config.File{Path: cfg}).Load(); len(s.PendingRevokes) != 0 {
		t.Errorf("the owed revocation was not sent: %+v", s)
	}
	c, _ := client.New(first.ts.URL, client.WithTokens(loginAlice(t, first.ts.URL)))
	devs, err := c.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.ID == old {
			t.Error("the signed-out device is still registered")
		}
	}
}

// finish stores a registration made outside the wizard into sess, as the wizard's Store
// would, then sets the PIN p (when given) as a person who chooses one does.
func finish(sess *session.Manager, ctx context.Context, server, user, device string, t api.Tokens, p string) error {
	if err := sess.Start(ctx); err != nil {
		return err
	}
	if err := sess.Register(ctx, wizard.Registration{Server: server, Username: user, DeviceName: device, Tokens: t}); err != nil {
		return err
	}
	if p == "" {
		return nil
	}
	return sess.SetPIN(ctx, p, p)
}

// Lock now while the account is still loading (its refresh in flight): the rotated pair is
// saved sealed, the Unlock screen follows, and only the PIN opens the credential again.
func TestMainView_lockWhileTheAccountLoadsKeepsTheCredentialSealed(t *testing.T) {
	store := &vault.Memory{}
	cfg := filepath.Join(t.TempDir(), "state.json")
	r := newMainRig(t, store, cfg)
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), "204913"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(r.ts.URL+"/dev/faults", "application/json", strings.NewReader(`{"path":"/api/v1/auth/refresh","delay_ms":400,"times":1}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
	r.m.showSignedIn() // reads the account: the refresh is slow this time
	if r.m.account.lock.Disabled() || !r.m.account.lock.Visible() {
		t.Fatal("Lock now is not offered while the account loads")
	}
	time.Sleep(100 * time.Millisecond) // the refresh is on its way
	test.Tap(r.m.account.lock)
	r.wait()
	if r.m.unlock == nil || r.sess.State() != session.Locked {
		t.Fatalf("after Lock now: unlock screen %v, state %v", r.m.unlock != nil, r.sess.State())
	}
	blob, err := store.Get(context.Background(), r.sess.Info().KeyringAccount)
	if err != nil || !pin.IsSealed(blob) {
		t.Fatalf("the keyring holds an unsealed credential after Lock during a refresh (%v)", err)
	}
	again := &session.Manager{Vault: store, Config: config.File{Path: cfg}, KDF: pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}}
	if err := again.Start(context.Background()); err != nil || again.State() != session.Locked {
		t.Fatalf("restart: %v %v", again.State(), err)
	}
	if err := again.Unlock(context.Background(), "000000"); err == nil {
		t.Error("a wrong PIN opened the credential")
	}
	if err := again.Unlock(context.Background(), "204913"); err != nil {
		t.Errorf("the right PIN: %v", err)
	}
}

// TestConfirmDanger_keyboard: Cancel has the focus first (Enter alone destroys nothing), Esc
// cancels and gives the focus back to what opened the question, Tab reaches the action, which
// is styled as dangerous, and Space on it acts.
func TestConfirmDanger_keyboard(t *testing.T) {
	test.NewTempApp(t)
	opener := widget.NewButton("Sign out", nil)
	win := test.NewTempWindow(t, container.NewVBox(widget.NewEntry(), opener))
	win.Resize(fyne.NewSize(800, 600))
	done := 0
	opener.OnTapped = func() { confirmDanger(win, opener, "Sign out?", "Really?", "Sign out", func() { done++ }) }
	win.Canvas().Focus(opener)
	hit(opener, fyne.KeySpace)
	c, ok := win.Canvas().Focused().(*button)
	if !ok || c.Text != "Cancel" {
		t.Fatalf("focus on %T, want the confirmation's Cancel", win.Canvas().Focused())
	}
	c.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if done != 0 || win.Canvas().Overlays().Top() != nil || win.Canvas().Focused() != opener {
		t.Fatalf("after Esc: acted %d, still open %v, focus on %T", done, win.Canvas().Overlays().Top() != nil, win.Canvas().Focused())
	}
	hit(opener, fyne.KeySpace)
	win.Canvas().FocusNext()
	a, ok := win.Canvas().Focused().(*button)
	if !ok || a.Text != "Sign out" || a.Importance != widget.DangerImportance {
		t.Fatalf("Tab from Cancel: focus on %T, want the danger-styled Sign out", win.Canvas().Focused())
	}
	hit(a, fyne.KeySpace)
	if done != 1 || win.Canvas().Overlays().Top() != nil {
		t.Errorf("after Space on Sign out: acted %d, still open %v", done, win.Canvas().Overlays().Top() != nil)
	}
}

// TestMainView_enterOnUnlockNeverOpensTheAccount: after registering through the wizard, its
// Done screen's Enter is gone with it; on Unlock, Enter with no field focused tries the PIN
// (here empty: refused) and the account window stays closed.
func TestMainView_enterOnUnlockNeverOpensTheAccount(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	test.Type(r.focusedEntry(), "alice")
	r.win.Canvas().FocusNext()
	r.typeAndEnter(mockserver.DemoPassword)
	r.m.wiz.current.submit() // Open x360Sync on the Done screen
	r.wait()
	if r.m.account == nil {
		t.Fatalf("no account window:\n%s", r.texts())
	}
	if err := r.sess.SetPIN(context.Background(), "204913", "204913"); err != nil {
		t.Fatal(err)
	}
	r.m.lock()
	r.wait()
	r.win.Canvas().Unfocus()
	r.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.wait()
	if r.m.unlock == nil || r.m.account != nil || r.sess.State() != session.Locked {
		t.Errorf("Enter on Unlock: unlock screen %v, account window %v, state %v", r.m.unlock != nil, r.m.account != nil, r.sess.State())
	}
	if !strings.Contains(r.texts(), "Enter your PIN.") {
		t.Errorf("Enter with no PIN says nothing:\n%s", r.texts())
	}
}
