package mockserver

import (
	"bytes"
	"context"
	"crypto/tls"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestServe_refusesNonLoopbackWithoutPublic(t *testing.T) {
	err := Serve(context.Background(), Options{Addr: "0.0.0.0:0", Out: &bytes.Buffer{}})
	if err == nil || !strings.Contains(err.Error(), "-public") {
		t.Errorf("got %v, want a refusal that names -public", err)
	}
}

func TestServe_tlsBannerDataAndGracefulShutdown(t *testing.T) {
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, Options{Addr: "127.0.0.1:0", TLS: true, Dev: DevOn, Data: filepath.Join(t.TempDir(), "s.db"), Out: &out, Ready: func(u string) { ready <- u }})
	}()
	var base string
	select {
	case base = <-ready:
	case err := <-done:
		t.Fatalf("Serve ended: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not become ready")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // self-signed test certificate
	resp, err := hc.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz over TLS: %v %v", err, resp)
	}
	resp.Body.Close()
	banner := out.String()
	for _, want := range []string{"SHA-256 fingerprint", "https://127.0.0.1:", "bob", "dave@globex.test", "dev endpoints on"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no graceful shutdown")
	}
}

func TestServe_seedFileReplacesTheDemoAccounts(t *testing.T) {
	dir := t.TempDir()
	seed := filepath.Join(dir, "seed.json")
	fixture := `{"orgs":[{"name":"Initech","require_2fa":false,"require_pin":false,"allow_sms":false}],
	  "users":[{"username":"peter","email":"peter@initech.test","org":"Initech","password":"tps-report-2026"}]}`
	if err := os.WriteFile(seed, []byte(fixture), 0o600); err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	go func() {
		_ = Serve(ctx, Options{Addr: "127.0.0.1:0", Seed: seed, Out: &out, Ready: func(u string) { ready <- u }})
	}()
	base := <-ready
	body := `{"username":"peter","password":"tps-report-2026","device":{"name":"d"}}`
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("seeded user: %v %v", err, resp)
	}
	resp.Body.Close()
	if strings.Contains(out.String(), "bob@acme.test") {
		t.Error("the demo accounts are still there")
	}
}
