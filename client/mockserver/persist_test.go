package mockserver

import (
	"bytes"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/client/api"
)

func TestBolt_restartKeepsConsumedStepsDevicesAndCounters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	open := func() *Bolt {
		b, err := OpenBolt(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	b1 := open()
	e1 := newEnv(t, func(s *Server) { s.Store = b1 })
	code := e1.code(bobSecret, 0)
	ch := e1.login("bob")
	st, body := e1.verify(ch.Challenge, code)
	if st != http.StatusOK {
		t.Fatalf("verify: got %d %s", st, body)
	}
	tok := decodeAs[api.AuthResponse](t, body).Tokens()
	ch2 := e1.login("carol")
	e1.verify(ch2.Challenge, "000000")
	e1.ts.Close()
	if err := b1.Close(); err != nil {
		t.Fatal(err)
	}

	b2 := open()
	defer b2.Close()
	e2 := newEnv(t, func(s *Server) { s.Store = b2; s.Clock = e1.clock.Now })
	ch3 := e2.login("bob")
	if st, body := e2.verify(ch3.Challenge, code); errCode(t, body) != api.CodeCodeUsed {
		t.Errorf("code used before the restart: got %d %s, want code_used", st, body)
	}
	if st, _ := e2.bearer("GET", "/api/v1/me", tok.AccessToken, nil); st != http.StatusOK {
		t.Errorf("device registered before the restart: got %d, want 200", st)
	}
	e2.srv.mu.Lock()
	failures := e2.srv.st.Users["carol"].CodeFailures
	e2.srv.mu.Unlock()
	if failures != 1 {
		t.Errorf("carol's failure count after restart: got %d, want 1", failures)
	}
}

func TestLogs_neverCarrySecrets(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t, func(s *Server) {
		s.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	var secrets []string
	// Every flow, with the values that must not leak collected as they pass by.
	secrets = append(secrets, DemoPassword, "7Q2M-K4XD-9PVN-3HZA", bobSecret, "sentinel-wrong-password-4711")
	bad := loginReq("bob")
	bad.Password = "sentinel-wrong-password-4711"
	e.post("/api/v1/auth/login", bad)
	ch := e.login("bob")
	code := e.code(bobSecret, 0)
	secrets = append(secrets, ch.Challenge, code)
	_, body := e.do("POST", "/api/v1/auth/verify", api.VerifyRequest{Challenge: ch.Challenge, Code: code}, map[string]string{api.IdempotencyHeader: "idem-sentinel-1"})
	tok := decodeAs[api.AuthResponse](t, body).Tokens()
	secrets = append(secrets, tok.AccessToken, tok.RefreshToken)
	_, body = e.refresh(tok.RefreshToken)
	tok2 := decodeAs[api.Tokens](t, body)
	secrets = append(secrets, tok2.AccessToken, tok2.RefreshToken)
	e.bearer("GET", "/api/v1/me", tok2.AccessToken, nil)
	e.bearer("GET", "/api/v1/devices", tok2.AccessToken, nil)
	e.bearer("DELETE", "/api/v1/devices/"+tok2.DeviceID, tok2.AccessToken, nil)

	cc := e.login("carol")
	sms := e.lastSMS(carolPhone)
	secrets = append(secrets, sms, cc.Challenge)
	e.verify(cc.Challenge, sms)

	dc := e.login("dave")
	_, body = e.post("/api/v1/2fa/enroll", api.EnrollRequest{Challenge: dc.Challenge, Mode: api.ModeTOTP})
	en := decodeAs[api.EnrollResponse](t, body)
	secrets = append(secrets, en.Secret, en.BackupKey, en.Enrollment)
	e.post("/api/v1/2fa/enroll/confirm", api.ConfirmRequest{Enrollment: en.Enrollment, Code: e.code(en.Secret, 0)})
	e.post("/api/v1/recovery", api.RecoveryRequest{Email: "erin@globex.test", BackupKey: "R8TW-5JGC-2MYB-6KQF"})
	secrets = append(secrets, "R8TW-5JGC-2MYB-6KQF", "R8TW5JGC2MYB6KQF")

	// Refused requests are logged without what they carried either.
	e.do("GET", "/api/v1/server?who=sentinel-query-99", nil, map[string]string{"Host": "sentinel-host.example"})
	e.do("POST", "/api/v1/auth/login", "sentinel-plain-body-42", map[string]string{"Content-Type": "text/plain"})
	secrets = append(secrets, "sentinel-query-99", "sentinel-host.example", "sentinel-plain-body-42")

	out := logs.String()
	if strings.Count(out, "msg=request") < 12 {
		t.Fatalf("captured only %d request lines; the test did not exercise the flows", strings.Count(out, "msg=request"))
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("the log contains a secret (%.4s…)", s)
		}
	}
}
