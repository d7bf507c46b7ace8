package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

func runAt(t *testing.T, env Env, stdin string, tty bool, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	env.In, env.Out, env.Err, env.DefaultDevice = strings.NewReader(stdin), &out, &errb, "test-box"
	env.Terminal = func() bool { return tty }
	code := Run(context.Background(), args, env)
	return run{code, out.String(), errb.String()}
}

func TestCLI_untrustedCertificate(t *testing.T) {
	srv := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	path := filepath.Join(t.TempDir(), "state.json")
	m := newManager(t, &vault.Memory{}, path)
	env := Env{Session: m}

	// No terminal: shown, answered no, nothing stored, exit 3.
	r := runAt(t, env, "y\nx360sync-demo\n", false, "register", "--server", srv.Base, "--user", "alice")
	if r.code != ExitUnreachable || !strings.Contains(r.out, "SHA-256:     "+srv.Fingerprint) || !strings.Contains(r.out, "[y/N] no") ||
		!strings.Contains(r.err, "does not trust its certificate") {
		t.Fatalf("without a terminal: %+v", r)
	}
	// At a terminal, the default is no.
	if r = runAt(t, env, "\n", true, "register", "--server", srv.Base, "--user", "alice"); r.code != ExitUnreachable {
		t.Fatalf("answered with Enter: %+v", r)
	}
	if st, _ := (config.File{Path: path}).Load(); len(st.Pins) != 0 {
		t.Fatalf("a declined certificate was pinned: %v", st.Pins)
	}
	// Yes at a terminal: pinned and registered.
	r = runAt(t, env, "y\nx360sync-demo\n", true, "register", "--server", srv.Base, "--user", "alice")
	if r.code != ExitOK || !strings.Contains(r.out, "Trust this certificate? [y/N] ") || !strings.Contains(r.out, "registered") {
		t.Fatalf("answered yes: %+v", r)
	}
	if st, _ := (config.File{Path: path}).Load(); st.Pin(srv.Base) != srv.Fingerprint || !st.Registered() {
		t.Fatalf("config: %+v", st)
	}
}

func TestCLI_trustFingerprint(t *testing.T) {
	srv := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	path := filepath.Join(t.TempDir(), "state.json")
	env := Env{Session: newManager(t, &vault.Memory{}, path)}
	other := strings.Repeat("00:", 31) + "00"
	r := runAt(t, env, "x360sync-demo\n", false, "register", "--server", srv.Base, "--user", "alice", "--trust-fingerprint", other)
	if r.code != ExitCertChanged || !strings.Contains(r.err, "presented: "+srv.Fingerprint) || !strings.Contains(r.err, "trusted:   "+other) {
		t.Fatalf("another fingerprint: %+v", r)
	}
	if srv.Served() != 0 {
		t.Errorf("%d requests reached a server whose certificate was refused", srv.Served())
	}
	if r := runAt(t, env, "", false, "register", "--server", srv.Base, "--trust-fingerprint", "12:34"); r.code != ExitUsage {
		t.Errorf("a malformed fingerprint: %+v", r)
	}
	lower := strings.ToLower(strings.ReplaceAll(srv.Fingerprint, ":", ""))
	r = runAt(t, env, "x360sync-demo\n", false, "register", "--server", srv.Base, "--user", "alice", "--trust-fingerprint", lower)
	if r.code != ExitOK {
		t.Fatalf("the server's own fingerprint: %+v", r)
	}
	// The server changes its certificate: sign-out refuses it with exit 6 (wiped locally).
	srv.Stop()
	tlstest.Start(t, mockserver.Options{Addr: srv.Addr()})
	if r := runAt(t, Env{Session: newManager(t, env.Session.Vault, path)}, "", false, "signout"); r.code != ExitCertChanged || !strings.Contains(r.err, "not the trusted one") {
		t.Errorf("sign-out after the certificate changed: %+v", r)
	}
}

func TestCLI_diagnosisMessages(t *testing.T) {
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	refused := "http://" + closed.Addr().String()
	closed.Close()
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html>It works!</html>"))
	}))
	defer html.Close()
	expired := tlstest.Serve(t, tlstest.Certificate(t, time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour)), mockserver.New())
	env := Env{Session: newManager(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))}
	for _, tc := range []struct{ server, want string }{
		{refused, "nothing answers at that address and port"},
		{"https://x360sync.invalid", "its name could not be found"},
		{html.URL, "not an x360Sync server"},
		{expired.URL, "its certificate expired on"},
	} {
		r := runAt(t, env, "", false, "register", "--server", tc.server, "--user", "alice")
		if r.code != ExitUnreachable || !strings.Contains(r.err, tc.want) || !strings.Contains(r.err, "Details: address "+tc.server) {
			t.Errorf("%s: exit %d, want 3 and %q:\n%s%s", tc.server, r.code, tc.want, r.out, r.err)
		}
		if strings.Contains(r.out, "Trust this certificate") {
			t.Errorf("%s: offered for trust", tc.server)
		}
	}
}

// A pin is kept for the server (after a sign-out whose revocation is owed) and the server now
// presents another certificate. At a terminal, register says the certificate CHANGED, shows
// the fingerprint trusted until now beside the new one, and a plain "y" does not replace the
// pin: only "yes" does (the security review saw it asked as a new certificate, and "y"
// replace the pin).
func TestCLI_changedCertificateIsAskedAsChanged(t *testing.T) {
	srv := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	path := filepath.Join(t.TempDir(), "state.json")
	old := strings.Repeat("AB:", 31) + "AB"
	if _, err := (config.File{Path: path}).Update(func(s *config.State) error { *s = s.WithPin(srv.Base, old); return nil }); err != nil {
		t.Fatal(err)
	}
	r := runAt(t, Env{Session: newManager(t, &vault.Memory{}, path)}, "y\n", true, "register", "--server", srv.Base, "--user", "alice")
	st, _ := (config.File{Path: path}).Load()
	if r.code != ExitCertChanged || !strings.Contains(r.out, "has CHANGED since you trusted it") || !strings.Contains(r.out, old) ||
		!strings.Contains(r.out, srv.Fingerprint) || st.Pin(srv.Base) != old {
		t.Errorf("y to a changed certificate: exit %d, pin now %s\nstdout:\n%s\nstderr:\n%s", r.code, st.Pin(srv.Base), r.out, r.err)
	}
	r = runAt(t, Env{Session: newManager(t, &vault.Memory{}, path)}, "yes\nx360sync-demo\n", true, "register", "--server", srv.Base, "--user", "alice")
	if st, _ = (config.File{Path: path}).Load(); r.code != ExitOK || st.Pin(srv.Base) != srv.Fingerprint {
		t.Errorf("yes to a changed certificate: exit %d, pin now %s\n%s%s", r.code, st.Pin(srv.Base), r.out, r.err)
	}
}
