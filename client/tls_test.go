package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

func mustNew(t *testing.T, base string, opts ...Option) *Client {
	t.Helper()
	c, err := New(base, append([]Option{WithRetryWait(time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClient_untrustedCertificate_fingerprintMatchesServer(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	_, err := mustNew(t, m.Base).ServerInfo(context.Background())
	var ue *UntrustedCertError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want an *UntrustedCertError", err)
	}
	if ue.Cert.Fingerprint != m.Fingerprint {
		t.Errorf("fingerprint: got %q, want the server's %q", ue.Cert.Fingerprint, m.Fingerprint)
	}
	if ue.Reason != UnknownAuthority || ue.Cert.Subject != "CN=x360Sync mock server" || !ue.Cert.NotAfter.After(time.Now()) {
		t.Errorf("certificate details: %+v reason %v", ue.Cert, ue.Reason)
	}
	for _, want := range []error{ErrUntrustedCertificate, ErrTLS} {
		if !errors.Is(err, want) {
			t.Errorf("%v does not match %v", err, want)
		}
	}
	if errors.Is(err, ErrUnreachable) {
		t.Errorf("%v matches ErrUnreachable: a Retry would be offered for a decision", err)
	}
	d, ok := DetailsOf(err)
	if !ok || d.ResolvedIP != "127.0.0.1" || d.Address != m.Base+"/api/v1/server" || d.Proxy != "" {
		t.Errorf("details: %+v", d)
	}
	if n := m.Served(); n != 0 {
		t.Errorf("the server handled %d requests through an untrusted connection", n)
	}
}

func TestClient_pinned_signInRefreshRevoke(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	clock := time.Now()
	c := mustNew(t, m.Base, WithPinnedCertificate(strings.ToLower(m.Fingerprint)), WithClock(func() time.Time { return clock }))
	ctx := context.Background()
	info, err := c.ServerInfo(ctx)
	if err != nil || info.API != api.Version {
		t.Fatalf("server info through the pin: %+v %v", info, err)
	}
	reg, err := c.Login(ctx, login("alice"), "")
	if err != nil || reg.Status != api.StatusRegistered {
		t.Fatalf("login: %+v %v", reg, err)
	}
	first := c.Tokens().RefreshToken
	clock = clock.Add(time.Hour) // the access token has expired: the next call refreshes
	if _, err := c.Me(ctx); err != nil {
		t.Fatalf("me after expiry: %v", err)
	}
	if c.Tokens().RefreshToken == first {
		t.Error("the refresh token was not rotated: no refresh went through the pin")
	}
	if err := c.RevokeWithKey(ctx, reg.DeviceID, reg.RevokeKey); err != nil {
		t.Fatalf("revoke: %v", err)
	}
	for _, route := range []string{"/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/devices/{id}/revoke"} {
		if !strings.Contains(m.Log(), " "+route+`" status=2`) {
			t.Errorf("the server log has no %s:\n%s", route, m.Log())
		}
	}
	if c.PinnedCertificate() != m.Fingerprint {
		t.Errorf("pin: got %q, want %q", c.PinnedCertificate(), m.Fingerprint)
	}
}

func TestClient_pinned_certificateChangedStopsBeforeSending(t *testing.T) {
	data := filepath.Join(t.TempDir(), "state.db")
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0", Data: data})
	var saves int
	c := mustNew(t, m.Base, WithPinnedCertificate(m.Fingerprint), WithTokenSaver(func(context.Context, api.Tokens) error { saves++; return nil }))
	ctx := context.Background()
	if _, err := c.Login(ctx, login("alice"), ""); err != nil {
		t.Fatal(err)
	}
	kept := c.Tokens()
	m.Stop()

	again := tlstest.Start(t, mockserver.Options{Addr: m.Addr(), Data: data})
	if again.Fingerprint == m.Fingerprint {
		t.Fatal("the restarted server kept its certificate")
	}
	_, err := c.Me(ctx)
	var ce *CertChangedError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCertificateChanged) {
		t.Fatalf("got %v, want a *CertChangedError", err)
	}
	if ce.Pinned != m.Fingerprint || ce.Cert.Fingerprint != again.Fingerprint {
		t.Errorf("got old %q new %q, want %q and %q", ce.Pinned, ce.Cert.Fingerprint, m.Fingerprint, again.Fingerprint)
	}
	if n := again.Served(); n != 0 {
		t.Errorf("%d requests reached the server with the changed certificate", n)
	}
	if c.Tokens() != kept || saves != 1 {
		t.Errorf("the credential changed (saves %d)", saves)
	}
	// Trusting the new certificate, the kept credential still works: nothing was spent.
	c2 := mustNew(t, again.Base, WithPinnedCertificate(again.Fingerprint), WithTokens(kept))
	if me, err := c2.Me(ctx); err != nil || me.Username != "alice" {
		t.Fatalf("me with the new pin and the kept credential: %+v %v", me, err)
	}
}

func TestClient_nameMismatch_offeredWithFingerprint(t *testing.T) {
	// Listening on every address, the certificate names only localhost, 127.0.0.1 and ::1:
	// 127.0.0.2 reaches the same server under a name the certificate does not carry.
	m := tlstest.Start(t, mockserver.Options{Addr: "0.0.0.0:0", Public: true})
	u, _ := url.Parse(m.Base)
	base := "https://127.0.0.2:" + u.Port()
	_, err := mustNew(t, base).ServerInfo(context.Background())
	var ue *UntrustedCertError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want an *UntrustedCertError", err)
	}
	if ue.Reason&NameMismatch == 0 || ue.Cert.Fingerprint != m.Fingerprint {
		t.Errorf("reason %v fingerprint %q, want a name mismatch and %q", ue.Reason, ue.Cert.Fingerprint, m.Fingerprint)
	}
	if _, err := mustNew(t, base, WithPinnedCertificate(ue.Cert.Fingerprint)).ServerInfo(context.Background()); err != nil {
		t.Errorf("after trusting the offered certificate: %v", err)
	}
}

func TestClient_expiredOrNotYetValid_explainedNotOffered(t *testing.T) {
	now := time.Now()
	for _, tc := range []struct {
		name                 string
		from, to             time.Time
		expired, notYetValid bool
	}{
		{"expired", now.Add(-48 * time.Hour), now.Add(-24 * time.Hour), true, false},
		{"not yet valid", now.Add(24 * time.Hour), now.Add(48 * time.Hour), false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts := tlstest.Serve(t, tlstest.Certificate(t, tc.from, tc.to), mockserver.New())
			_, err := mustNew(t, ts.URL).ServerInfo(context.Background())
			var ie *InvalidCertError
			if !errors.As(err, &ie) || ie.Expired != tc.expired || ie.NotYetValid != tc.notYetValid {
				t.Fatalf("got %v (%+v), want expired=%v notYetValid=%v", err, ie, tc.expired, tc.notYetValid)
			}
			if errors.Is(err, ErrUntrustedCertificate) {
				t.Error("an unusable certificate was offered for trust")
			}
			if !errors.Is(err, ErrCertificateInvalid) || !errors.Is(err, ErrTLS) {
				t.Errorf("%v does not match ErrCertificateInvalid and ErrTLS", err)
			}
		})
	}
}

func TestClient_pinWithReplacedTransportRefused(t *testing.T) {
	fp := strings.Repeat("AB:", 31) + "AB"
	if _, err := New("https://example.test", WithPinnedCertificate(fp), WithTransport(http.DefaultTransport)); !errors.Is(err, errPinNeedsTransport) {
		t.Errorf("got %v, want the pin refused rather than dropped", err)
	}
	if _, err := New("https://example.test", WithPinnedCertificate("AB:CD")); !errors.Is(err, ErrBadFingerprint) {
		t.Errorf("got %v, want ErrBadFingerprint", err)
	}
}

func TestNormalizeFingerprint(t *testing.T) {
	canon := strings.Repeat("0A:", 31) + "FF"
	for _, in := range []string{canon, strings.ToLower(canon), "SHA256:" + canon, strings.ReplaceAll(canon, ":", ""), " " + strings.ReplaceAll(canon, ":", " ") + " "} {
		if got, err := NormalizeFingerprint(in); err != nil || got != canon {
			t.Errorf("NormalizeFingerprint(%q) = %q, %v; want %q", in, got, err, canon)
		}
	}
	for _, in := range []string{"", "AB", canon + ":00", strings.Replace(canon, "0A", "0G", 1)} {
		if _, err := NormalizeFingerprint(in); !errors.Is(err, ErrBadFingerprint) {
			t.Errorf("NormalizeFingerprint(%q): got %v, want ErrBadFingerprint", in, err)
		}
	}
}
