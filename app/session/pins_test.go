package session

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

// pinnedRig is a session on its own keyring and config whose managers start like the app.
type pinnedRig struct {
	t     *testing.T
	store *vault.Memory
	file  config.File
}

func newPinnedRig(t *testing.T) *pinnedRig {
	return &pinnedRig{t: t, store: &vault.Memory{}, file: config.File{Path: filepath.Join(t.TempDir(), "state.json")}}
}

func (r *pinnedRig) manager() *Manager {
	r.t.Helper()
	m := &Manager{Vault: r.store, Config: r.file, KDF: cheapKDF, ClientOptions: []client.Option{client.WithRetryWait(time.Millisecond)}}
	if err := m.Start(context.Background()); err != nil {
		r.t.Fatal(err)
	}
	return m
}

// register runs the session's own wizard against a self-signed server, trusting its
// certificate.
func (r *pinnedRig) register(base string) *Manager {
	r.t.Helper()
	ctx := context.Background()
	m := r.manager()
	f := m.NewFlow()
	if err := f.SubmitServer(ctx, base); !errors.Is(err, client.ErrUntrustedCertificate) {
		r.t.Fatalf("server step: %v", err)
	}
	for i, err := range []error{f.TrustCertificate(ctx), f.SubmitSignIn(ctx, "alice", mockserver.DemoPassword, "laptop")} {
		if err != nil {
			r.t.Fatalf("wizard event %d: %v", i, err)
		}
	}
	if m.State() != Unlocked {
		r.t.Fatalf("after registration: %v", m.State())
	}
	return m
}

func TestSession_signOutForgetsTheServersPinOnly(t *testing.T) {
	srv := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newPinnedRig(t)
	m := r.register(srv.Base)
	if err := m.TrustCertificate(context.Background(), "https://other.example.test", srv.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if err := m.SignOut(context.Background()); err != nil {
		t.Fatalf("sign-out: %v", err)
	}
	st, _ := r.file.Load()
	if st.Pin(srv.Base) != "" || st.Pin("https://other.example.test") != srv.Fingerprint || len(st.PendingRevokes) != 0 {
		t.Errorf("after sign-out: %+v", st)
	}
}

// TestSession_pinnedServer follows a self-signed server through a registration: trusted in
// the wizard, every later client pins it (refresh, revoke); a new certificate stops the
// session without signing it out; trusting the new one carries on; sign-out forgets the pin.
func TestSession_pinnedServer(t *testing.T) {
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "server.db")
	srv := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0", Data: data})
	r := newPinnedRig(t)
	r.register(srv.Base)
	if st, _ := r.file.Load(); st.Pin(srv.Base) != srv.Fingerprint || !st.Registered() {
		t.Fatalf("config after registration: %+v", st)
	}

	// A restart trusts the pinned certificate: the first call refreshes through it.
	m := r.manager()
	if _, err := m.Account(ctx); err != nil {
		t.Fatalf("account after restart: %v", err)
	}

	// The server comes back with a new certificate: stop before sending, keep the credential.
	srv.Stop()
	again := tlstest.Start(t, mockserver.Options{Addr: srv.Addr(), Data: data})
	m = r.manager()
	if _, err := m.Account(ctx); !errors.Is(err, client.ErrCertificateChanged) {
		t.Fatalf("got %v, want ErrCertificateChanged", err)
	}
	if again.Served() != 0 {
		t.Errorf("%d requests reached the server with the new certificate", again.Served())
	}
	m = r.manager()
	if m.State() != Unlocked {
		t.Fatalf("a changed certificate signed the device out: %v", m.State())
	}
	if err := m.TrustCertificate(ctx, srv.Base, again.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if me, err := m.Account(ctx); err != nil || me.Username != "alice" {
		t.Fatalf("account after trusting the new certificate: %+v %v", me, err)
	}

	// Signed out while the certificate changed once more: the revocation is owed and keeps the
	// pin it needs; once trusted again and sent, the pin is forgotten.
	again.Stop()
	third := tlstest.Start(t, mockserver.Options{Addr: srv.Addr(), Data: data})
	// The account window's next call sees the change first. (It also retires the connection
	// kept alive to the server that stopped: a DELETE sent on it could only fail with EOF,
	// since net/http replays only idempotent requests on a connection closed while idle.)
	if _, err := m.Account(ctx); !errors.Is(err, client.ErrCertificateChanged) {
		t.Fatalf("account: got %v, want ErrCertificateChanged", err)
	}
	if err := m.SignOut(ctx); !errors.Is(err, client.ErrCertificateChanged) {
		t.Fatalf("sign-out: got %v, want ErrCertificateChanged", err)
	}
	if st, _ := r.file.Load(); len(st.PendingRevokes) != 1 || st.Pin(srv.Base) != again.Fingerprint {
		t.Fatalf("after an offline sign-out: %+v", st)
	}
	m = r.manager() // its start tries the owed revocation: refused, the certificate changed
	if err := m.TrustCertificate(ctx, srv.Base, third.Fingerprint); err != nil {
		t.Fatal(err)
	}
	m.Close() // trusting the new certificate sent the owed revocation in the background
	if st, _ := r.file.Load(); len(st.PendingRevokes) != 0 || len(st.Pins) != 0 {
		t.Errorf("after the revocation: %+v", st)
	}
}

// Trusting the certificate again while a call is refreshing remakes the client only once the
// call is done, with the pair it rotated to: a client remade from the pair before the rotation
// would later send the rotated-away refresh token, which the server takes for theft once its
// grace is over, and signs the device out.
func TestSession_trustDuringARefreshKeepsTheRotation(t *testing.T) {
	ctx := context.Background()
	srv := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	m := newPinnedRig(t).register(srv.Base)
	dev := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // the test's own view of /dev
	post := func(path, body string) {
		t.Helper()
		resp, err := dev.Post(srv.Base+path, "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %v %v", path, err, resp)
		}
		resp.Body.Close()
	}
	post("/dev/clock", `{"offset_seconds":1000}`) // the access token has expired: the next call refreshes
	post("/dev/faults", `{"path":"/api/v1/auth/refresh","delay_ms":1500,"times":1}`)
	done := make(chan error, 1)
	go func() { _, err := m.Account(ctx); done <- err }()
	time.Sleep(500 * time.Millisecond) // the refresh is at the server
	if err := m.TrustCertificate(ctx, srv.Base, srv.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the call that refreshed: %v", err)
	}
	post("/dev/clock", `{"offset_seconds":2000}`) // expired again, and past the reuse grace
	if _, err := m.Account(ctx); err != nil {
		t.Fatalf("the next call after trusting the certificate again: %v (state %v)", err, m.State())
	}
}

// Trusting a certificate waits for the calls in flight only as long as its context allows
// (or Lock's grace): then they are cancelled, the client is remade, and the session goes on
// (the security review saw it wait 3.7 s past a 200 ms deadline for a slow call).
func TestSession_trustWaitsForCallsOnlyWhileItsContextLasts(t *testing.T) {
	srv := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	m := newPinnedRig(t).register(srv.Base)
	dev := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} // the test's own view of /dev
	resp, err := dev.Post(srv.Base+"/dev/faults", "application/json", strings.NewReader(`{"path":"/api/v1/me","delay_ms":4000,"times":1}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
	slow := make(chan error, 1)
	go func() { _, err := m.Account(context.Background()); slow <- err }()
	time.Sleep(300 * time.Millisecond) // the call is at the server
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := m.TrustCertificate(ctx, srv.Base, srv.Fingerprint); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 1500*time.Millisecond {
		t.Errorf("TrustCertificate waited %v for a slow call, past its context's 200 ms", took.Round(time.Millisecond))
	}
	if err := <-slow; err == nil {
		t.Error("the slow call was not cancelled")
	}
	if me, err := m.Account(context.Background()); err != nil || me.Username != "alice" || m.State() != Unlocked {
		t.Errorf("after the trust: %v %v, state %v", me.Username, err, m.State())
	}
}
