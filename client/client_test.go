package client

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/api/apitest"
	"github.com/x360sync/desktop/client/mockserver"
)

const bobSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

// counter counts requests per path on their way to the server.
type counter struct {
	next http.RoundTripper
	mu   sync.Mutex
	hits map[string]int
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.hits[r.Method+" "+r.URL.Path]++
	c.mu.Unlock()
	return c.next.RoundTrip(r)
}

func (c *counter) count(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits[k]
}

type fixture struct {
	srv  *mockserver.Server
	ts   *httptest.Server
	hits *counter
	logs *bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv := mockserver.New()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &fixture{srv: srv, ts: ts, hits: &counter{next: &apitest.Transport{T: t}, hits: map[string]int{}}, logs: &bytes.Buffer{}}
}

func (f *fixture) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithTransport(f.hits), WithRetryWait(10 * time.Millisecond), WithLogger(slog.New(slog.NewTextHandler(f.logs, nil)))}
	c, err := New(f.ts.URL, append(base, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) dev(t *testing.T, path, body string) {
	t.Helper()
	resp, err := http.Post(f.ts.URL+path, "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("dev %s: %v %v", path, err, resp)
	}
	resp.Body.Close()
}

func bobCode(t *testing.T, f *fixture) string {
	t.Helper()
	c, err := totp.GenerateCode(bobSecret, f.srv.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func login(user string) api.LoginRequest {
	return api.LoginRequest{Username: user, Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "test", Platform: "linux", AppVersion: "test"}}
}

func signInBob(t *testing.T, f *fixture, c *Client) api.AuthResponse {
	t.Helper()
	ctx := context.Background()
	r, err := c.Login(ctx, login("bob"), "")
	if err != nil || r.Status != api.StatusCodeRequired {
		t.Fatalf("login: %+v %v", r, err)
	}
	reg, err := c.Verify(ctx, r.Challenge, bobCode(t, f), "")
	if err != nil || reg.Status != api.StatusRegistered {
		t.Fatalf("verify: %+v %v", reg, err)
	}
	return reg
}

func TestClient_bobSignsInAndTokensAreSavedFirst(t *testing.T) {
	f := newFixture(t)
	var saved []api.Tokens
	c := f.client(t, WithTokenSaver(func(_ context.Context, tk api.Tokens) error {
		saved = append(saved, tk)
		return nil
	}))
	reg := signInBob(t, f, c)
	if len(saved) != 1 || saved[0].RefreshToken != reg.RefreshToken || !c.SignedIn() {
		t.Fatalf("saved %d token sets, signed in %v", len(saved), c.SignedIn())
	}
	me, err := c.Me(context.Background())
	if err != nil || me.Username != "bob" || me.DeviceID != reg.DeviceID {
		t.Fatalf("me: %+v %v", me, err)
	}
}

func TestClient_saverFailureKeepsTokensOut(t *testing.T) {
	f := newFixture(t)
	boom := errors.New("keyring locked")
	c := f.client(t, WithTokenSaver(func(context.Context, api.Tokens) error { return boom }))
	if _, err := c.Login(context.Background(), login("alice"), ""); !errors.Is(err, boom) {
		t.Fatalf("got %v, want the saver's error", err)
	}
	if c.SignedIn() {
		t.Error("tokens were adopted although saving them failed")
	}
}

func TestClient_errorsMapToSentinels(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	ctx := context.Background()
	bad := login("bob")
	bad.Password = "wrong"
	if _, err := c.Login(ctx, bad, ""); !errors.Is(err, ErrInvalidCredentials) {
		t.Errorf("wrong password: got %v", err)
	}
	r, _ := c.Login(ctx, login("bob"), "")
	_, err := c.Verify(ctx, r.Challenge, "000000", "")
	var ae *APIError
	if !errors.Is(err, ErrInvalidCode) || !errors.As(err, &ae) || ae.Status != 401 || ae.Code != api.CodeInvalidCode || ae.Message == "" {
		t.Errorf("wrong code: got %v (%+v)", err, ae)
	}
	for range 3 {
		_, _ = c.Verify(ctx, r.Challenge, "000000", "")
	}
	_, err = c.Verify(ctx, r.Challenge, "000000", "")
	if !errors.Is(err, ErrRateLimited) || !errors.As(err, &ae) || ae.RetryAfter != 30 {
		t.Errorf("5th wrong code: got %v (%+v), want rate limited with retry_after 30", err, ae)
	}
	// The account's throttle is shown to the person, never waited out inside the call.
	if n := f.hits.count("POST /api/v1/auth/verify"); n != 5 {
		t.Errorf("verify attempts: got %d, want 5 (a 429 on a sign-in step is not retried)", n)
	}
	if _, err := c.Me(ctx); !errors.Is(err, ErrNotSignedIn) {
		t.Errorf("me while signed out: got %v", err)
	}
}

func TestCheckServerURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://sync.example.com": true, "http://127.0.0.1:8787": true, "http://localhost:1": true, "http://[::1]:8787": true,
		"http://sync.example.com": false, "ftp://x": false, "sync.example.com": false, "": false, "https://user:pw@x.com": false,
	} {
		_, err := CheckServerURL(raw)
		if (err == nil) != ok || (err != nil && !errors.Is(err, ErrInsecureURL)) {
			t.Errorf("%q: got %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestClient_retriesOnlySafeRequests(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	ctx := context.Background()
	f.dev(t, "/dev/faults", `{"path":"/api/v1/server","status":503,"times":2}`)
	if _, err := c.ServerInfo(ctx); err != nil {
		t.Fatalf("GET after two 503s: %v", err)
	}
	if n := f.hits.count("GET /api/v1/server"); n != 3 {
		t.Errorf("GET attempts: got %d, want 3", n)
	}
	f.dev(t, "/dev/faults", `{"path":"/api/v1/recovery","status":503,"times":1}`)
	if err := c.Recover(ctx, "bob@acme.test", "AAAA-AAAA-AAAA-AAAA"); !errors.Is(err, ErrServer) {
		t.Errorf("unkeyed POST with 503: got %v, want ErrServer", err)
	}
	if n := f.hits.count("POST /api/v1/recovery"); n != 1 {
		t.Errorf("unkeyed POST attempts: got %d, want 1", n)
	}
	// A keyed POST is retried on a 503 only when it is the server's shed (overloaded): any
	// other 503 may come after the server acted.
	f.dev(t, "/dev/faults", `{"path":"/api/v1/auth/verify","status":503,"times":1}`)
	if _, err := c.Verify(ctx, "ch", "123456", "k"); !errors.Is(err, ErrServer) {
		t.Errorf("keyed POST with a 503 that is not a shed: got %v, want ErrServer", err)
	}
	if n := f.hits.count("POST /api/v1/auth/verify"); n != 1 {
		t.Errorf("keyed POST attempts after a 503 that is not a shed: got %d, want 1", n)
	}
	f.dev(t, "/dev/faults", `{"path":"/api/v1/server","status":503,"times":10}`)
	if _, err := c.ServerInfo(ctx); !errors.Is(err, ErrServer) {
		t.Errorf("GET that keeps failing: got %v", err)
	}
}

func TestClient_lostAnswerRetriedWithSameKeyGivesOneDevice(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	ctx := context.Background()
	r, _ := c.Login(ctx, login("bob"), "")
	f.dev(t, "/dev/faults", `{"path":"/api/v1/auth/verify","drop":true,"times":1}`)
	reg, err := c.Verify(ctx, r.Challenge, bobCode(t, f), "")
	if err != nil || reg.Status != api.StatusRegistered {
		t.Fatalf("verify through a dropped answer: %+v %v", reg, err)
	}
	if n := f.hits.count("POST /api/v1/auth/verify"); n != 2 {
		t.Errorf("verify attempts: got %d, want 2", n)
	}
	devs, err := c.Devices(ctx)
	if err != nil || len(devs) != 1 {
		t.Errorf("devices: got %d (%v), want 1", len(devs), err)
	}
}

func TestClient_honoursRetryAfter(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		n := len(times)
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":"rate_limited","message":"m","retry_after":1}}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"x","version":"1","api":"v1","time":"2026-01-01T00:00:00Z"}`))
	}))
	defer ts.Close()
	c, _ := New(ts.URL, WithRetryWait(10*time.Millisecond))
	if _, err := c.ServerInfo(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(times) != 2 || times[1].Sub(times[0]) < time.Second {
		t.Errorf("got %d attempts %v apart, want 2 at least 1s apart", len(times), times[len(times)-1].Sub(times[0]))
	}
}

func TestClient_retriesLoadShedding429OnKeyedPOST(t *testing.T) {
	hits := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		w.Header().Set("Content-Type", "application/json")
		if hits == 1 {
			// A proxy's 429: not the API's account throttle.
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"error":{"code":"overloaded","message":"busy"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":"registered","device_id":"d","access_token":"a","refresh_token":"r","token_type":"Bearer","expires_in":900,"policy":{"require_pin":false}}`))
	}))
	defer ts.Close()
	c, _ := New(ts.URL, WithRetryWait(time.Millisecond))
	if _, err := c.Verify(context.Background(), "ch", "123456", "k"); err != nil || hits != 2 {
		t.Errorf("got %v after %d attempts, want success on the 2nd", err, hits)
	}
}

func TestClient_waitsOutALongShedButNotOtherFailures(t *testing.T) {
	// A server that sheds a burst keeps shedding until its queue drains: the client waits that
	// out for as long as a minute's worth of Retry-After, not for 3 retries (make bench's load
	// step lost 27 of 500 registrations shed a fourth time). Other failures keep 3 retries.
	var mu sync.Mutex
	hits := map[string]int{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		n := hits[r.URL.Path]
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/api/v1/server":
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"code":"server_error","message":"down"}}`))
		case n <= 8:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"error":{"code":"overloaded","message":"busy"}}`))
		default:
			_, _ = w.Write([]byte(`{"status":"registered","device_id":"d","access_token":"a","refresh_token":"r","token_type":"Bearer","expires_in":900,"policy":{"require_pin":false}}`))
		}
	}))
	defer ts.Close()
	c, _ := New(ts.URL, WithRetryWait(time.Millisecond))
	if _, err := c.Verify(context.Background(), "ch", "123456", "k"); err != nil || hits["/api/v1/auth/verify"] != 9 {
		t.Errorf("verify shed 8 times: got %v after %d attempts, want success on the 9th", err, hits["/api/v1/auth/verify"])
	}
	if _, err := c.ServerInfo(context.Background()); !errors.Is(err, ErrServer) || hits["/api/v1/server"] != 1+maxRetries {
		t.Errorf("GET that keeps failing: got %v after %d attempts, want ErrServer after %d", err, hits["/api/v1/server"], 1+maxRetries)
	}
}

func TestClient_capsResponseBodies(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"` + strings.Repeat("x", 2<<20) + `"}`))
	}))
	defer ts.Close()
	c, _ := New(ts.URL)
	if _, err := c.ServerInfo(context.Background()); !errors.Is(err, ErrResponseTooLarge) {
		t.Errorf("got %v, want ErrResponseTooLarge", err)
	}
}

func TestClient_neverFollowsRedirectsWithAuthorization(t *testing.T) {
	var leaked string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = r.Header.Get("Authorization")
		w.WriteHeader(http.StatusOK)
	}))
	defer other.Close()
	f := newFixture(t)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/me" {
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
			return
		}
		f.srv.ServeHTTP(w, r)
	}))
	defer redirector.Close()
	c, _ := New(redirector.URL)
	signInBob(t, f, c)
	if _, err := c.Me(context.Background()); err == nil {
		t.Error("a redirect was followed")
	}
	if leaked != "" {
		t.Error("the Authorization header went to another host")
	}
}

func TestClient_fiftyCallsWithExpiredTokenRefreshOnce(t *testing.T) {
	f := newFixture(t)
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	var saves int
	c := f.client(t, WithClock(clock), WithTokenSaver(func(context.Context, api.Tokens) error { saves++; return nil }))
	signInBob(t, f, c)
	mu.Lock()
	now = now.Add(20 * time.Minute)
	mu.Unlock()
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Me(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a call failed: %v", err)
		}
	}
	if n := f.hits.count("POST /api/v1/auth/refresh"); n != 1 {
		t.Errorf("refreshes: got %d, want 1", n)
	}
	if saves != 2 {
		t.Errorf("token saves: got %d, want 2 (registration, refresh)", saves)
	}
}

func TestClient_signedOutDeviceGetsInvalidGrant(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	reg := signInBob(t, f, c)
	if err := c.RevokeDevice(context.Background(), reg.DeviceID); err != nil {
		t.Fatal(err)
	}
	c2 := f.client(t, WithTokens(reg.Tokens()))
	if _, err := c2.Me(context.Background()); !errors.Is(err, ErrInvalidGrant) {
		t.Errorf("got %v, want ErrInvalidGrant", err)
	}
}

func TestClient_unreachable(t *testing.T) {
	ts := httptest.NewServer(http.NotFoundHandler())
	url := ts.URL
	ts.Close()
	c, _ := New(url, WithRetryWait(time.Millisecond))
	if _, err := c.ServerInfo(context.Background()); !errors.Is(err, ErrUnreachable) {
		t.Errorf("got %v, want ErrUnreachable", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.ServerInfo(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v, want context.Canceled", err)
	}
}

func TestClient_logsCarryNoSecrets(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	reg := signInBob(t, f, c)
	_, _ = c.Me(context.Background())
	_ = c.Recover(context.Background(), "bob@acme.test", "7Q2M-K4XD-9PVN-3HZA")
	out := f.logs.String()
	if strings.Count(out, "api request") < 4 {
		t.Fatalf("only %d log lines", strings.Count(out, "api request"))
	}
	for _, s := range []string{mockserver.DemoPassword, reg.AccessToken, reg.RefreshToken, "7Q2M-K4XD-9PVN-3HZA"} {
		if strings.Contains(out, s) {
			t.Errorf("log contains a secret (%.4s…)", s)
		}
	}
}

func TestRedact(t *testing.T) {
	in := `Authorization: Bearer abc.def {"password":"hunter2","code":"123456","refresh_token":"x3r_AAA","revoke_key":"x3k_CCC","name":"ok"} x3a_BBB-cc x3k_DDD`
	out := Redact(in)
	for _, s := range []string{"abc.def", "hunter2", "123456", "x3r_AAA", "x3a_BBB", "x3k_CCC", "x3k_DDD"} {
		if strings.Contains(out, s) {
			t.Errorf("Redact left %q in %q", s, out)
		}
	}
	if !strings.Contains(out, `"name":"ok"`) {
		t.Errorf("Redact removed harmless text: %q", out)
	}
}

func TestClient_hardeningAnswersMapToSentinels(t *testing.T) {
	f := newFixture(t)
	c := f.client(t)
	ctx := context.Background()
	signInBob(t, f, c)
	_, err := c.Enroll(ctx, api.EnrollRequest{Mode: api.ModeTOTP, CurrentPassword: mockserver.DemoPassword, ConfirmPassword: mockserver.DemoPassword})
	if !errors.Is(err, ErrTwoFactorEnabled) {
		t.Errorf("enrolling again while two-step is on: got %v, want ErrTwoFactorEnabled", err)
	}
	carol := f.client(t)
	var ae *APIError
	for i := range 6 {
		_, err = carol.Login(ctx, login("carol"), "")
		if i < 5 && err != nil {
			t.Fatalf("sign-in %d: %v", i+1, err)
		}
	}
	if !errors.Is(err, ErrSMSLimit) || !errors.Is(err, ErrRateLimited) || !errors.As(err, &ae) || ae.RetryAfter < 60 {
		t.Errorf("6th sign-in texting one number: got %v (%+v), want ErrSMSLimit (also ErrRateLimited) with retry_after", err, ae)
	}
	if n := f.hits.count("POST /api/v1/auth/login"); n != 7 {
		t.Errorf("login requests: got %d, want 7 (bob once, carol six times: a text limit is not retried)", n)
	}
	for code, want := range map[string]error{
		api.CodeAccountLocked: ErrAccountLocked, api.CodeUnsupportedMediaType: ErrUnsupportedMediaType,
		api.CodeMisdirected: ErrMisdirected, api.CodeRecoveryLocked: ErrRecoveryLocked,
	} {
		if err := errorFrom(400, &api.ErrorBody{Error: api.ErrorDetail{Code: code}}); !errors.Is(err, want) {
			t.Errorf("code %s: got %v, want %v", code, err, want)
		}
	}
	if err := errorFrom(403, &api.ErrorBody{Error: api.ErrorDetail{Code: api.CodeAccountLocked}}); errors.Is(err, ErrRecoveryLocked) {
		t.Errorf("sign-in's lock %v reads as Account Recovery's", err)
	}
}

func TestClient_foreignHostGetsErrMisdirected(t *testing.T) {
	f := newFixture(t)
	// The Host a browser sends after DNS rebinding: a foreign name, this machine's address.
	c, err := New(f.ts.URL, WithTransport(hostRewriter{host: "rebind.example", next: &apitest.Transport{T: t}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ServerInfo(context.Background()); !errors.Is(err, ErrMisdirected) {
		t.Errorf("got %v, want ErrMisdirected", err)
	}
}

// hostRewriter sends every request with another Host header.
type hostRewriter struct {
	host string
	next http.RoundTripper
}

func (h hostRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = h.host
	return h.next.RoundTrip(r)
}

// A load balancer in front of the server may pin a client to one node with a cookie: the
// client's jar (resty's, without a public suffix list since it talks to one host) sends it back.
func TestClient_keepsTheServersCookies(t *testing.T) {
	f := newFixture(t)
	var mu sync.Mutex
	var sent []string
	lb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent = append(sent, r.Header.Get("Cookie"))
		mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: "node", Value: "b7", Path: "/"})
		f.srv.ServeHTTP(w, r)
	}))
	defer lb.Close()
	c, _ := New(lb.URL)
	for range 2 {
		if _, err := c.ServerInfo(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(sent) != 2 || sent[0] != "" || sent[1] != "node=b7" {
		t.Errorf("Cookie headers sent: got %q, want [\"\" \"node=b7\"]", sent)
	}
}
