package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/client/api"
)

// BenchmarkSignInVerify is one registration as the server sees it: bob's password (an
// Argon2id check, 19 MiB) and his authenticator code, through the handler without a network.
// The clock moves 30 s per registration so each code is fresh rather than a replay.
func BenchmarkSignInVerify(b *testing.B) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	s := &Server{Clock: func() time.Time { return now }}
	call := func(path string, body any) []byte {
		raw, _ := json.Marshal(body)
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(raw))
		req.Host = "127.0.0.1"
		req.Header.Set("Content-Type", "application/json")
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}
	b.ReportAllocs()
	for b.Loop() {
		now = now.Add(30 * time.Second)
		var login api.AuthResponse
		_ = json.Unmarshal(call("/api/v1/auth/login", api.LoginRequest{Username: "bob", Password: DemoPassword, Device: api.DeviceInfo{Name: "bench"}}), &login)
		code, _ := totp.GenerateCode(bobSecret, now)
		var done api.AuthResponse
		_ = json.Unmarshal(call("/api/v1/auth/verify", api.VerifyRequest{Challenge: login.Challenge, Code: code}), &done)
		if done.Status != api.StatusRegistered {
			b.Fatalf("verify: %+v", done)
		}
	}
}

// BenchmarkIdempotencyCache is one keyed request (a new key: looked up, run, remembered) with
// 1 000, 10 000 and 100 000 keys already cached: the cost per request must stay flat, where a
// scan of the cache would grow with it.
func BenchmarkIdempotencyCache(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			s := &Server{}
			s.limits = defaultLimits
			s.limits.idem = n + 1
			if err := s.Init(); err != nil {
				b.Fatal(err)
			}
			done := make(chan struct{})
			close(done)
			exp := time.Now().Add(time.Hour)
			for i := range n {
				s.idem.set(fmt.Sprintf("%064d", i), &idemEntry{done: done, status: 401, header: http.Header{}}, exp)
			}
			body := []byte(`{"challenge":"ch_x","code":"000000"}`)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				req := httptest.NewRequest(http.MethodPost, "/api/v1/auth/verify", bytes.NewReader(body))
				req.Host = "127.0.0.1"
				req.Header.Set("Content-Type", "application/json")
				key := fmt.Sprint("bench-", i)
				req.Header.Set(api.IdempotencyHeader, key)
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != http.StatusUnauthorized {
					b.Fatalf("got %d %s", rec.Code, rec.Body)
				}
				b.StopTimer()
				s.mu.Lock()
				s.idem.delete(idemID("/api/v1/auth/verify", key, body)) // back to n keys
				s.mu.Unlock()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkStartDemo is the in-process demo server from call to listening, as the app's
// demo mode starts it (in memory, and with a fresh state file as the app's first demo run):
// the fixture carries its hashes, so this is milliseconds.
func BenchmarkStartDemo(b *testing.B) {
	for _, store := range []string{"memory", "bbolt"} {
		b.Run(store, func(b *testing.B) {
			dir := b.TempDir()
			i := 0
			for b.Loop() {
				i++
				data := ""
				if store == "bbolt" {
					data = filepath.Join(dir, fmt.Sprint(i, ".db"))
				}
				ctx, cancel := context.WithCancel(context.Background())
				if StartDemo(ctx, io.Discard, data) == "" {
					b.Fatal("the demo server did not start")
				}
				cancel()
			}
		})
	}
}
