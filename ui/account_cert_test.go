package ui

import (
	"context"
	"crypto/tls"
	"maps"
	"net"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

// A pinned server that restarts with a new certificate: the account window says so, keeps
// the device signed in, and trusts the new certificate only when asked (and confirmed).
func TestAccount_changedCertificateIsTrustedOnlyWhenAsked(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "mock.db")
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0", Data: data})
	store, cfg, _ := registerTrusting(t, m.Base)
	m.Stop()
	again := tlstest.Start(t, mockserver.Options{Addr: m.Addr(), Data: data})

	r := newMainRig(t, store, cfg) // a restart: registered, so the account window follows
	if r.m.account == nil || !r.m.account.trustNew.Visible() || !strings.Contains(r.texts(), again.Fingerprint) && !strings.Contains(r.m.account.status.text.Text, "certificate") {
		t.Fatalf("after the server's certificate changed:\n%s", r.texts())
	}
	if r.sess.State() != session.Unlocked {
		t.Fatalf("the changed certificate signed the device out: %v", r.sess.State())
	}
	test.Tap(r.m.account.trustNew)
	test.Tap(r.button("Cancel"))
	r.wait()
	if got := r.sess.Pins(); len(got) != 1 || strings.Contains(strings.Join(values(got), ""), again.Fingerprint) {
		t.Fatalf("Cancel trusted the new certificate: %v", got)
	}
	test.Tap(r.m.account.trustNew)
	test.Tap(r.button("Trust"))
	r.wait()
	if !strings.Contains(r.texts(), "alice@acme.test") || r.m.account.trustNew.Visible() {
		t.Errorf("after trusting the new certificate:\n%s", r.texts())
	}
	if !strings.Contains(r.texts(), fingerprintLines(again.Fingerprint)) {
		t.Errorf("About does not list the new pin:\n%s", r.texts())
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// When the server was reached through a proxy, the Sign in screen says so.
func TestSignIn_saysWhichProxyCarriesTheConnection(t *testing.T) {
	r := newWizardRig(t)
	r.view.flow.Server, r.view.flow.Proxy = "https://sync.example.com", "proxy.example.com:3128"
	if got := newSignInScreen(r.view).subtitle(); got != "Use your x360Sync account on sync.example.com (via proxy proxy.example.com:3128)." {
		t.Errorf("subtitle %q", got)
	}
	r.view.flow.Proxy = ""
	if got := newSignInScreen(r.view).subtitle(); strings.Contains(got, "proxy") {
		t.Errorf("a direct connection's subtitle names a proxy: %q", got)
	}
}

// A pinned server whose replacement certificate has expired: the account window says why it
// will not trust it and never offers Trust, and the device stays signed in with the old pin.
func TestAccount_expiredReplacementIsNeverOffered(t *testing.T) {
	h := mockserver.New()
	first := tlstest.Serve(t, tlstest.Certificate(t, time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)), h)
	store, cfg, sess := registerTrusting(t, first.URL)
	pinned := sess.Pins()
	addr := first.Listener.Addr().String()
	first.Close()
	// The same server, at the same address, now with a certificate that expired an hour ago.
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	again := httptest.NewUnstartedServer(h)
	again.Listener.Close()
	again.Listener = l
	again.TLS = &tls.Config{Certificates: []tls.Certificate{tlstest.Certificate(t, time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour))}, MinVersion: tls.VersionTLS12}
	again.StartTLS()
	t.Cleanup(again.Close)

	r := newMainRig(t, store, cfg)
	if r.m.account == nil {
		t.Fatalf("no account window after the restart:\n%s", r.texts())
	}
	if r.m.account.trustNew.Visible() {
		t.Errorf("Trust the new certificate is offered for an expired one:\n%s", r.texts())
	}
	if !strings.Contains(r.texts(), "so x360Sync will not trust it") {
		t.Errorf("the account window does not say why the new certificate is not trusted:\n%s", r.texts())
	}
	if r.sess.State() != session.Unlocked || !maps.Equal(r.sess.Pins(), pinned) {
		t.Errorf("after an expired replacement: %v, pins %v (were %v)", r.sess.State(), r.sess.Pins(), pinned)
	}
}

// registerTrusting registers alice on the self-signed server at base through the session's
// wizard, trusting its certificate when asked, and returns the keyring and config it used.
func registerTrusting(t *testing.T, base string) (*vault.Memory, string, *session.Manager) {
	t.Helper()
	store, cfg := &vault.Memory{}, filepath.Join(t.TempDir(), "state.json")
	sess := &session.Manager{Vault: store, Config: config.File{Path: cfg}, KDF: pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}}
	ctx := context.Background()
	if err := sess.Start(ctx); err != nil {
		t.Fatal(err)
	}
	f := sess.NewFlow()
	if err := f.SubmitServer(ctx, base); err == nil {
		t.Fatal("a self-signed certificate was trusted without asking")
	}
	for i, err := range []error{f.TrustCertificate(ctx), f.SubmitSignIn(ctx, "alice", mockserver.DemoPassword, "laptop")} {
		if err != nil {
			t.Fatalf("wizard event %d: %v", i, err)
		}
	}
	return store, cfg, sess
}
