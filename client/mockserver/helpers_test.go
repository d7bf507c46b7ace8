package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp"

	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/api/apitest"
)

const (
	bobSecret  = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	erinSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
	carolPhone = "+12025550143"
)

// fakeClock is the injected clock: it only moves when a test moves it.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env is the real mock server behind httptest, with a client whose every response is checked
// against openapi.yaml.
type env struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	hc    *http.Client
	clock *fakeClock
	// contract counts the responses checked against openapi.yaml.
	contract *apitest.Transport
}

func newEnv(t *testing.T, setup ...func(*Server)) *env {
	t.Helper()
	// 10 s into a 30 s step, so a test's few requests never straddle a step boundary.
	clock := &fakeClock{t: time.Date(2026, 11, 26, 12, 0, 10, 0, time.UTC)}
	srv := &Server{Clock: clock.Now}
	for _, f := range setup {
		f(srv)
	}
	if err := srv.Init(); err != nil {
		t.Fatalf("init: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	v := &apitest.Transport{T: t}
	return &env{t: t, srv: srv, ts: ts, hc: &http.Client{Transport: v}, clock: clock, contract: v}
}

func (e *env) do(method, path string, body any, hdr map[string]string) (int, []byte) {
	e.t.Helper()
	var buf bytes.Buffer
	if body != nil {
		if raw, ok := body.(string); ok {
			buf.WriteString(raw)
		} else if err := json.NewEncoder(&buf).Encode(body); err != nil {
			e.t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, e.ts.URL+path, &buf)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	_, _ = out.ReadFrom(resp.Body)
	return resp.StatusCode, out.Bytes()
}

func (e *env) post(path string, body any) (int, []byte) { return e.do("POST", path, body, nil) }

func (e *env) bearer(method, path, token string, body any) (int, []byte) {
	return e.do(method, path, body, map[string]string{"Authorization": "Bearer " + token})
}

func decodeAs[T any](t *testing.T, raw []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

// errCode is the error code of an error body, or "" for a success body.
func errCode(t *testing.T, raw []byte) string {
	t.Helper()
	return decodeAs[api.ErrorBody](t, raw).Error.Code
}

func loginReq(user string) api.LoginRequest {
	return api.LoginRequest{Username: user, Password: DemoPassword, Device: api.DeviceInfo{Name: "test laptop", Platform: "linux", AppVersion: "test"}}
}

// login signs user in with the demo password and expects 200.
func (e *env) login(user string) api.AuthResponse {
	e.t.Helper()
	st, body := e.post("/api/v1/auth/login", loginReq(user))
	if st != http.StatusOK {
		e.t.Fatalf("login %s: got %d %s, want 200", user, st, body)
	}
	return decodeAs[api.AuthResponse](e.t, body)
}

// code is the TOTP code for secret at the server's clock, offset by steps.
func (e *env) code(secret string, steps int64) string {
	e.t.Helper()
	c, err := totpCodeAt(secret, e.srv.Now().Unix()/totpPeriod+steps, otp.DigitsSix)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) verify(challenge, code string) (int, []byte) {
	return e.post("/api/v1/auth/verify", api.VerifyRequest{Challenge: challenge, Code: code})
}

// registered signs user in through whatever second step they have and returns the tokens.
func (e *env) registerBob() api.Tokens {
	e.t.Helper()
	ch := e.login("bob")
	st, body := e.verify(ch.Challenge, e.code(bobSecret, 0))
	if st != http.StatusOK {
		e.t.Fatalf("verify: got %d %s", st, body)
	}
	return decodeAs[api.AuthResponse](e.t, body).Tokens()
}

// outbox returns the messages sent to one address.
func (e *env) outbox(to string) []Message {
	e.t.Helper()
	_, body := e.do("GET", "/dev/outbox", nil, nil)
	var out []Message
	for _, m := range decodeAs[[]Message](e.t, body) {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

func (e *env) lastSMS(to string) string {
	e.t.Helper()
	msgs := e.outbox(to)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Channel == "sms" {
			return msgs[i].Code
		}
	}
	e.t.Fatalf("no text message to %s", to)
	return ""
}

func (e *env) resetLoginFailures(user string) {
	e.srv.mu.Lock()
	defer e.srv.mu.Unlock()
	e.srv.st.Users[user].LoginFailures = 0
	for k := range e.srv.throttles.records.m {
		if strings.HasPrefix(k, "a\x00"+user) || strings.HasPrefix(k, "s\x00"+user+"\x00") {
			e.srv.throttles.records.delete(k)
		}
	}
}
