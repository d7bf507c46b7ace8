package client

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// syncBuffer is the mock server's output, written by its goroutines and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// tlsMock is `mockserver -tls` run in the test: its own generated certificate, the
// fingerprint it prints, and its request log (one "msg=request" line per request served).
type tlsMock struct {
	base, fingerprint string
	out               *syncBuffer
	stop              func()
}

var fpLine = regexp.MustCompile(`TLS certificate SHA-256 fingerprint: (\S+)`)

func startTLSMock(t *testing.T, o mockserver.Options) *tlsMock {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	o.TLS, o.Out, o.Dev = true, out, true
	o.Ready = func(u string) { ready <- u }
	go func() { done <- mockserver.Serve(ctx, o) }()
	m := &tlsMock{out: out}
	select {
	case m.base = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("mock server did not start: %v", err)
	}
	var once sync.Once
	m.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("mock server: %v", err)
			}
		})
	}
	t.Cleanup(m.stop)
	sub := fpLine.FindStringSubmatch(out.String())
	if sub == nil {
		t.Fatalf("no fingerprint in the mock server's output:\n%s", out)
	}
	m.fingerprint = sub[1]
	return m
}

// served counts the requests the server has handled.
func (m *tlsMock) served() int { return strings.Count(m.out.String(), "msg=request") }

func mustNew(t *testing.T, base string, opts ...Option) *Client {
	t.Helper()
	c, err := New(base, append([]Option{WithRetryWait(time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClient_untrustedCertificate_fingerprintMatchesServer(t *testing.T) {
	m := startTLSMock(t, mockserver.Options{Addr: "127.0.0.1:0"})
	_, err := mustNew(t, m.base).ServerInfo(context.Background())
	var ue *UntrustedCertError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want an *UntrustedCertError", err)
	}
	if ue.Cert.Fingerprint != m.fingerprint {
		t.Errorf("fingerprint: got %q, want the server's %q", ue.Cert.Fingerprint, m.fingerprint)
	}
	if ue.Reason != UnknownAuthority || ue.Cert.Subject != "CN=x360Sync mock server" || !ue.Cert.NotAfter.After(time.Now()) {
		t.Errorf("certificate details: %+v reason %v", ue.Cert, ue.Reason)
	}
	for _, want := range []error{ErrUntrustedCertificate, ErrTLS, ErrUnreachable} {
		if !errors.Is(err, want) {
			t.Errorf("%v does not match %v", err, want)
		}
	}
	d, ok := DetailsOf(err)
	if !ok || d.ResolvedIP != "127.0.0.1" || d.Address != m.base+"/api/v1/server" || d.Proxy != "" {
		t.Errorf("details: %+v", d)
	}
	if n := m.served(); n != 0 {
		t.Errorf("the server handled %d requests through an untrusted connection", n)
	}
}

func TestClient_pinned_signInRefreshRevoke(t *testing.T) {
	m := startTLSMock(t, mockserver.Options{Addr: "127.0.0.1:0"})
	clock := time.Now()
	c := mustNew(t, m.base, WithPinnedCertificate(strings.ToLower(m.fingerprint)), WithClock(func() time.Time { return clock }))
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
		if !strings.Contains(m.out.String(), " "+route+`" status=2`) {
			t.Errorf("the server log has no %s:\n%s", route, m.out)
		}
	}
	if c.PinnedCertificate() != m.fingerprint {
		t.Errorf("pin: got %q, want %q", c.PinnedCertificate(), m.fingerprint)
	}
}

func TestClient_pinned_certificateChangedStopsBeforeSending(t *testing.T) {
	data := filepath.Join(t.TempDir(), "state.db")
	m := startTLSMock(t, mockserver.Options{Addr: "127.0.0.1:0", Data: data})
	var saves int
	c := mustNew(t, m.base, WithPinnedCertificate(m.fingerprint), WithTokenSaver(func(context.Context, api.Tokens) error { saves++; return nil }))
	ctx := context.Background()
	if _, err := c.Login(ctx, login("alice"), ""); err != nil {
		t.Fatal(err)
	}
	kept := c.Tokens()
	m.stop()

	addr := strings.TrimPrefix(m.base, "https://")
	again := startTLSMock(t, mockserver.Options{Addr: addr, Data: data})
	if again.fingerprint == m.fingerprint {
		t.Fatal("the restarted server kept its certificate")
	}
	_, err := c.Me(ctx)
	var ce *CertChangedError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCertificateChanged) {
		t.Fatalf("got %v, want a *CertChangedError", err)
	}
	if ce.Pinned != m.fingerprint || ce.Cert.Fingerprint != again.fingerprint {
		t.Errorf("got old %q new %q, want %q and %q", ce.Pinned, ce.Cert.Fingerprint, m.fingerprint, again.fingerprint)
	}
	if n := again.served(); n != 0 {
		t.Errorf("%d requests reached the server with the changed certificate", n)
	}
	if c.Tokens() != kept || saves != 1 {
		t.Errorf("the credential changed (saves %d)", saves)
	}
	// Trusting the new certificate, the kept credential still works: nothing was spent.
	c2 := mustNew(t, again.base, WithPinnedCertificate(again.fingerprint), WithTokens(kept))
	if me, err := c2.Me(ctx); err != nil || me.Username != "alice" {
		t.Fatalf("me with the new pin and the kept credential: %+v %v", me, err)
	}
}

func TestClient_nameMismatch_offeredWithFingerprint(t *testing.T) {
	// Listening on every address, the certificate names only localhost, 127.0.0.1 and ::1:
	// 127.0.0.2 reaches the same server under a name the certificate does not carry.
	m := startTLSMock(t, mockserver.Options{Addr: "0.0.0.0:0", Public: true})
	u, _ := url.Parse(m.base)
	base := "https://127.0.0.2:" + u.Port()
	_, err := mustNew(t, base).ServerInfo(context.Background())
	var ue *UntrustedCertError
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want an *UntrustedCertError", err)
	}
	if ue.Reason&NameMismatch == 0 || ue.Cert.Fingerprint != m.fingerprint {
		t.Errorf("reason %v fingerprint %q, want a name mismatch and %q", ue.Reason, ue.Cert.Fingerprint, m.fingerprint)
	}
	if _, err := mustNew(t, base, WithPinnedCertificate(ue.Cert.Fingerprint)).ServerInfo(context.Background()); err != nil {
		t.Errorf("after trusting the offered certificate: %v", err)
	}
}

// certificate makes a self-signed server certificate for 127.0.0.1 valid in [from, to).
func certificate(t *testing.T, from, to time.Time) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "old server"},
		NotBefore: from, NotAfter: to,
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func serveTLS(t *testing.T, cert tls.Certificate, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewUnstartedServer(h)
	ts.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ts.StartTLS()
	t.Cleanup(ts.Close)
	return ts
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
			ts := serveTLS(t, certificate(t, tc.from, tc.to), mockserver.New())
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
