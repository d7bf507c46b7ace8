package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
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
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, bytes.NewReader(raw)))
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
