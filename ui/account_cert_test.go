package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
	store, cfg := &vault.Memory{}, filepath.Join(dir, "state.json")
	sess := &session.Manager{Vault: store, Config: config.File{Path: cfg}, KDF: pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}}
	ctx := context.Background()
	if err := sess.Start(ctx); err != nil {
		t.Fatal(err)
	}
	f := sess.NewFlow()
	if err := f.SubmitServer(ctx, m.Base); err == nil {
		t.Fatal("a self-signed certificate was trusted without asking")
	}
	if err := f.TrustCertificate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := f.SubmitSignIn(ctx, "alice", mockserver.DemoPassword, "laptop"); err != nil {
		t.Fatal(err)
	}
	m.Stop()
	again := tlstest.Start(t, mockserver.Options{Addr: m.Addr(), Data: data})

	r := newMainRig(t, store, cfg) // a restart: registered, so the account window follows
	if r.m.account == nil || !r.m.account.trustNew.Visible() || !strings.Contains(r.texts(), again.Fingerprint) && !strings.Contains(r.m.account.status.Text, "certificate") {
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
	if !strings.Contains(r.texts(), "SHA-256 "+again.Fingerprint) {
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
