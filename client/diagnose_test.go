package client

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// diagnose asks a server for its info and returns the failure's stage check helpers.
func diagnose(t *testing.T, ctx context.Context, base string) error {
	t.Helper()
	_, err := mustNew(t, base).ServerInfo(ctx)
	if err == nil {
		t.Fatalf("%s: no error", base)
	}
	return err
}

func wantStage(t *testing.T, err error, stage error, unreachable bool) Details {
	t.Helper()
	if !errors.Is(err, stage) {
		t.Fatalf("got %v, want stage %v", err, stage)
	}
	if errors.Is(err, ErrUnreachable) != unreachable {
		t.Errorf("%v: matches ErrUnreachable = %v, want %v", err, !unreachable, unreachable)
	}
	d, ok := DetailsOf(err)
	if !ok {
		t.Fatalf("%v carries no details", err)
	}
	return d
}

func TestDiagnose_closedPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	d := wantStage(t, diagnose(t, context.Background(), "http://"+addr), ErrRefused, true)
	if d.ResolvedIP != "127.0.0.1" || d.Address != "http://"+addr+"/api/v1/server" || d.TLSVersion != "" {
		t.Errorf("details: %+v", d)
	}
}

func TestDiagnose_nameNotFound(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	d := wantStage(t, diagnose(t, ctx, "https://x360sync.invalid"), ErrNameNotFound, true)
	if d.ResolvedIP != "" || d.Address != "https://x360sync.invalid/api/v1/server" {
		t.Errorf("details: %+v", d)
	}
}

func TestDiagnose_notX360Sync(t *testing.T) {
	html := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>It works!</body></html>"))
	})
	otherJSON := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	brokenJSON := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`<html>`))
	})
	redirect := http.RedirectHandler("https://example.test/login", http.StatusFound)
	for name, h := range map[string]http.Handler{"html page": html, "404": http.NotFoundHandler(), "other json": otherJSON, "broken json": brokenJSON, "redirect": redirect} {
		t.Run(name, func(t *testing.T) {
			ts := httptest.NewServer(h)
			defer ts.Close()
			d := wantStage(t, diagnose(t, context.Background(), ts.URL), ErrNotX360Sync, false)
			if d.ResolvedIP != "127.0.0.1" {
				t.Errorf("details: %+v", d)
			}
			if want := map[string]int{"html page": http.StatusOK, "404": http.StatusNotFound}[name]; want != 0 && d.HTTPStatus != want {
				t.Errorf("HTTP status: got %d, want %d", d.HTTPStatus, want)
			}
		})
	}
}

func TestDiagnose_unsupportedAPI(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"x360Sync","version":"9.0","api":"v9","time":"2026-01-01T00:00:00Z"}`))
	}))
	defer ts.Close()
	wantStage(t, diagnose(t, context.Background(), ts.URL), ErrUnsupportedAPI, false)
}

func TestDiagnose_tlsProblems(t *testing.T) {
	t.Run("untrusted certificate", func(t *testing.T) {
		ts := httptest.NewTLSServer(http.NotFoundHandler())
		defer ts.Close()
		d := wantStage(t, diagnose(t, context.Background(), ts.URL), ErrUntrustedCertificate, false)
		if !errors.Is(diagnose(t, context.Background(), ts.URL), ErrTLS) || d.TLSVersion != "" {
			t.Errorf("details %+v, or not ErrTLS", d)
		}
	})
	t.Run("old protocol", func(t *testing.T) {
		ts := httptest.NewUnstartedServer(http.NotFoundHandler())
		ts.TLS = &tls.Config{MaxVersion: tls.VersionTLS11, MinVersion: tls.VersionTLS10} //nolint:gosec // the point of the test
		ts.StartTLS()
		defer ts.Close()
		err := diagnose(t, context.Background(), ts.URL)
		wantStage(t, err, ErrTLS, true)
		if errors.Is(err, ErrUntrustedCertificate) || errors.Is(err, ErrCertificateInvalid) {
			t.Errorf("%v: a protocol failure was taken for a certificate problem", err)
		}
	})
	t.Run("plain http on an https address", func(t *testing.T) {
		ts := httptest.NewServer(http.NotFoundHandler())
		defer ts.Close()
		wantStage(t, diagnose(t, context.Background(), strings.Replace(ts.URL, "http:", "https:", 1)), ErrTLS, true)
	})
	t.Run("pinned, answered with a trusted handshake", func(t *testing.T) {
		ts := httptest.NewTLSServer(http.NotFoundHandler())
		defer ts.Close()
		fp := Fingerprint(ts.Certificate().Raw)
		_, err := mustNew(t, ts.URL, WithPinnedCertificate(fp)).ServerInfo(context.Background())
		d := wantStage(t, err, ErrNotX360Sync, false)
		if d.TLSVersion != "TLS 1.3" {
			t.Errorf("TLS version: got %q, want %q", d.TLSVersion, "TLS 1.3")
		}
	})
}

func TestDiagnose_silentServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accept and never answer
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = diagnose(t, ctx, "http://"+ln.Addr().String())
	d := wantStage(t, err, ErrTimeout, true)
	if !errors.Is(err, context.DeadlineExceeded) || d.ResolvedIP != "127.0.0.1" {
		t.Errorf("%v, details %+v", err, d)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the deadline was not honoured: %v", time.Since(start))
	}
}

func TestDiagnose_silentServerIsNotRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 8)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c // held open, never answered
		}
	}()
	c := mustNew(t, "http://"+ln.Addr().String())
	c.r.SetTimeout(200 * time.Millisecond) // the attempt timeout, shortened for the test
	start := time.Now()
	_, err = c.ServerInfo(context.Background())
	wantStage(t, err, ErrTimeout, true)
	if n := len(accepted); n != 1 {
		t.Errorf("%d connections: a silent server was asked again", n)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestDiagnose_cancelStaysCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := mustNew(t, "http://"+ln.Addr().String()).ServerInfo(ctx); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}
