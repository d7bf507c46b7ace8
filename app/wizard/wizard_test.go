package wizard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/api/apitest"
	"github.com/x360sync/desktop/client/mockserver"
)

const (
	bobSecret  = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	erinSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
	password   = mockserver.DemoPassword
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time         { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration)    { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }
func newClock() *clock                  { return &clock{t: time.Date(2026, 11, 26, 12, 0, 10, 0, time.UTC)} }
func (h *harness) code(s string) string { c, _ := totp.GenerateCode(s, h.srv.Now()); return c }

// finished is a registration the store completed.
type finished struct {
	server, user, device string
	tokens               api.Tokens
	pin                  string
}

// memStore is a Store in memory: it completes a registration at once when no PIN is
// required, at CompletePIN otherwise, and records what it was given.
type memStore struct {
	pending   *Registration
	done      []finished
	abandoned []string // device ids
	failSaves int      // the next failSaves storage attempts fail
	digest    string   // the revoke key digest Prepare gives ("" none)
}

func (s *memStore) Prepare(context.Context, string) (string, error) { return s.digest, nil }

func (s *memStore) Register(_ context.Context, r Registration) error {
	s.pending = &r
	return s.SaveRegistration(context.Background())
}

func (s *memStore) SaveRegistration(context.Context) error {
	if s.failSaves > 0 {
		s.failSaves--
		return errKeyring
	}
	if s.pending != nil && !s.pending.Tokens.Policy.RequirePIN {
		s.complete("")
	}
	return nil
}

func (s *memStore) CompletePIN(_ context.Context, p, _ string) error {
	if s.pending == nil {
		return errors.New("nothing pending")
	}
	s.complete(p)
	return nil
}

func (s *memStore) complete(p string) {
	r := s.pending
	s.done = append(s.done, finished{r.Server, r.Username, r.DeviceName, r.Tokens, p})
	s.pending = nil
}

func (s *memStore) Abandon() {
	if s.pending != nil {
		s.abandoned = append(s.abandoned, s.pending.Tokens.DeviceID)
		s.pending = nil
	}
}

var errKeyring = errors.New("keyring refused")

// harness runs a Flow against the real mock server through httptest and records every step.
type harness struct {
	t     *testing.T
	srv   *mockserver.Server
	ts    *httptest.Server
	clk   *clock
	flow  *Flow
	trace []Step
	store *memStore
	// requests counts the HTTP requests the mock server received.
	requests atomic.Int64
	texted   atomic.Value // string: the last code texted, when the test set srv.OnMessage to record it
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, clk: newClock(), store: &memStore{}}
	h.srv = &mockserver.Server{Clock: h.clk.now}
	h.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.requests.Add(1)
		h.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(h.ts.Close)
	h.flow = &Flow{
		Now: h.clk.now,
		Connect: func(server string) (API, error) {
			return client.New(server, client.WithTransport(&apitest.Transport{T: t}), client.WithRetryWait(5*time.Millisecond))
		},
		Store: h.store,
	}
	h.trace = []Step{h.flow.Step()}
	return h
}

// do runs one event and records the step it leads to.
func (h *harness) do(err error) error {
	h.t.Helper()
	if s := h.flow.Step(); s != h.trace[len(h.trace)-1] {
		h.trace = append(h.trace, s)
	}
	return err
}

func (h *harness) must(err error) {
	h.t.Helper()
	if err := h.do(err); err != nil {
		h.t.Fatalf("at %v: %v", h.flow.Step(), err)
	}
}

func (h *harness) signIn(user string) {
	h.t.Helper()
	ctx := context.Background()
	if h.flow.Step() == StepServer {
		h.must(h.flow.SubmitServer(ctx, h.ts.URL))
	}
	h.must(h.flow.SubmitSignIn(ctx, user, password, "Test laptop"))
}

func (h *harness) want(steps ...Step) {
	h.t.Helper()
	if got, want := stepsString(h.trace), stepsString(steps); got != want {
		h.t.Errorf("steps: got %s, want %s", got, want)
	}
}

func stepsString(s []Step) string {
	var b []string
	for _, x := range s {
		b = append(b, x.String())
	}
	return strings.Join(b, " → ")
}

func (h *harness) lastSMS(to string) string {
	h.t.Helper()
	resp, err := http.Get(h.ts.URL + "/dev/outbox?to=" + url.QueryEscape(to))
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	var msgs []mockserver.Message
	_ = json.NewDecoder(resp.Body).Decode(&msgs)
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Channel == "sms" {
			return msgs[i].Code
		}
	}
	h.t.Fatalf("no text to %s", to)
	return ""
}

func (h *harness) fault(path string, times int) {
	h.t.Helper()
	body := fmt.Sprintf(`{"path":%q,"drop":true,"times":%d}`, path, times)
	resp, err := http.Post(h.ts.URL+"/dev/faults", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		h.t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
}

func TestStep_String(t *testing.T) {
	if StepEnrollConfirm.String() != "EnrollConfirm" || Step(99).String() != "Step(?)" {
		t.Error("step names are off")
	}
}

func TestFlow_alice_noSecondStep(t *testing.T) {
	h := newHarness(t)
	h.signIn("alice")
	h.want(StepServer, StepSignIn, StepDone)
	if len(h.store.done) != 1 || h.store.done[0].tokens.RefreshToken == "" || h.store.done[0].pin != "" || h.store.done[0].user != "alice" || h.store.done[0].device != "Test laptop" {
		t.Errorf("finished: %+v", h.store.done)
	}
	if h.flow.ClockSkew != 0 {
		t.Errorf("clock skew with the same clock: %v", h.flow.ClockSkew)
	}
}

func TestFlow_bob_TOTP(t *testing.T) {
	h := newHarness(t)
	h.signIn("bob")
	if h.flow.Mode != api.ModeTOTP {
		t.Errorf("mode %q", h.flow.Mode)
	}
	h.must(h.flow.SubmitCode(context.Background(), h.code(bobSecret)))
	h.want(StepServer, StepSignIn, StepCode, StepDone)
	if len(h.store.done) != 1 || h.store.done[0].tokens.Policy.RequirePIN {
		t.Errorf("finished: %+v", h.store.done)
	}
}

func TestFlow_carol_SMSWithResend(t *testing.T) {
	h := newHarness(t)
	h.signIn("carol")
	if h.flow.PhoneHint != "+1 ••• ••• 0143" || h.flow.ResendAfter != 30*time.Second {
		t.Errorf("hint %q resend after %v", h.flow.PhoneHint, h.flow.ResendAfter)
	}
	if err := h.do(h.flow.Resend(context.Background())); !errors.Is(err, client.ErrRateLimited) || h.flow.RetryAfter != 30*time.Second {
		t.Errorf("resend at once: %v, retry after %v", err, h.flow.RetryAfter)
	}
	h.clk.add(31 * time.Second)
	h.must(h.flow.Resend(context.Background()))
	h.must(h.flow.SubmitCode(context.Background(), h.lastSMS("+12025550143")))
	h.want(StepServer, StepSignIn, StepCode, StepDone)
}

func TestFlow_carol_backAndSignInAgainTakesUpTheCodeSent(t *testing.T) {
	h := newHarness(t)
	h.store.digest = strings.Repeat("c3", 32) // the same device: Prepare gives the same key
	ctx := context.Background()
	h.signIn("carol")
	first := h.lastSMS("+12025550143")
	h.clk.add(12 * time.Second)
	h.flow.Back()
	h.must(nil) // records the step Back led to
	h.signIn("carol")
	if !h.flow.CodeAlreadySent || h.flow.ResendAfter != 18*time.Second || h.lastSMS("+12025550143") != first {
		t.Errorf("signed in again: already sent %v, resend after %v; want true, 18s and no new text", h.flow.CodeAlreadySent, h.flow.ResendAfter)
	}
	h.clk.add(18 * time.Second)
	h.must(h.flow.Resend(ctx))
	if h.flow.CodeAlreadySent || h.flow.ResendAfter != 30*time.Second {
		t.Errorf("after Resend: already sent %v, resend after %v; want false, 30s", h.flow.CodeAlreadySent, h.flow.ResendAfter)
	}
	h.must(h.flow.SubmitCode(ctx, first))
	h.want(StepServer, StepSignIn, StepCode, StepSignIn, StepCode, StepDone)
}

func TestFlow_dave_forcedEnrolmentTOTPThenPIN(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.signIn("dave")
	if len(h.flow.AllowedModes) != 2 {
		t.Errorf("allowed modes %v", h.flow.AllowedModes)
	}
	h.must(h.flow.ChooseMode(ctx, api.ModeTOTP, ""))
	en := h.flow.Enrollment
	if en.Secret == "" || en.BackupKey == "" || !strings.HasPrefix(en.OTPAuthURL, "otpauth://") {
		t.Fatalf("enrolment: %+v", en)
	}
	h.must(h.flow.SubmitConfirm(ctx, h.code(en.Secret)))
	if !h.flow.RequirePIN {
		t.Error("Globex requires a PIN")
	}
	if err := h.do(h.flow.SubmitPIN(ctx, "123456", "123456")); !errors.Is(err, pin.ErrSequence) {
		t.Errorf("weak PIN: %v", err)
	}
	if err := h.do(h.flow.SubmitPIN(ctx, "204913", "204931")); !errors.Is(err, pin.ErrMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	h.must(h.flow.SubmitPIN(ctx, "204913", "204913"))
	h.want(StepServer, StepSignIn, StepEnroll, StepEnrollConfirm, StepPINSetup, StepDone)
	if len(h.store.done) != 1 || h.store.done[0].pin != "204913" || !h.store.done[0].tokens.Policy.RequirePIN {
		t.Errorf("finished: %+v", h.store.done)
	}
}

func TestFlow_dave_forcedEnrolmentSMS(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.signIn("dave")
	if err := h.do(h.flow.ChooseMode(ctx, api.ModeSMS, "555")); !errors.Is(err, client.ErrInvalidPhone) || h.flow.Step() != StepEnroll {
		t.Errorf("bad phone: %v at %v", err, h.flow.Step())
	}
	h.must(h.flow.ChooseMode(ctx, api.ModeSMS, "+1 202 555 0177"))
	h.must(h.flow.SubmitConfirm(ctx, h.lastSMS("+12025550177")))
	h.must(h.flow.SubmitPIN(ctx, "204913", "204913"))
	h.want(StepServer, StepSignIn, StepEnroll, StepEnrollConfirm, StepPINSetup, StepDone)
}

func TestFlow_erin_PINRequired(t *testing.T) {
	h := newHarness(t)
	h.signIn("erin")
	h.must(h.flow.SubmitCode(context.Background(), h.code(erinSecret)))
	h.must(h.flow.SubmitPIN(context.Background(), "739205", "739205"))
	h.want(StepServer, StepSignIn, StepCode, StepPINSetup, StepDone)
}

func TestFlow_recoveryThenSignInWithoutCode(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.signIn("bob")
	h.must(h.flow.OpenRecovery())
	h.must(h.flow.SubmitRecovery(ctx, "bob@acme.test", "7Q2M-K4XD-9PVN-3HZA"))
	h.must(h.flow.SubmitSignIn(ctx, "bob", password, "Test laptop"))
	h.want(StepServer, StepSignIn, StepCode, StepRecovery, StepSignIn, StepDone)
}

func TestFlow_fiveWrongCodes(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.signIn("bob")
	for i := 1; i <= 4; i++ {
		if err := h.do(h.flow.SubmitCode(ctx, "000000")); !errors.Is(err, client.ErrInvalidCode) || h.flow.Failures != i {
			t.Fatalf("wrong code %d: %v, failures %d", i, err, h.flow.Failures)
		}
	}
	if err := h.do(h.flow.SubmitCode(ctx, "000000")); !errors.Is(err, client.ErrRateLimited) || h.flow.RetryAfter != 30*time.Second {
		t.Fatalf("5th: %v, retry after %v", err, h.flow.RetryAfter)
	}
	h.clk.add(31 * time.Second)
	if err := h.do(h.flow.SubmitCode(ctx, h.code(bobSecret))); !errors.Is(err, client.ErrChallengeExpired) {
		t.Fatalf("after the challenge died: %v", err)
	}
	h.want(StepServer, StepSignIn, StepCode, StepSignIn)
}

func TestFlow_codeUsedAndClockSkewKeepTheStep(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.signIn("bob")
	code := h.code(bobSecret)
	h.must(h.flow.SubmitCode(ctx, code))

	h2 := newHarness(t)
	h2.srv, h2.ts = h.srv, h.ts // the same server: bob's consumed step is there
	h2.signIn("bob")
	if err := h2.do(h2.flow.SubmitCode(ctx, code)); !errors.Is(err, client.ErrCodeUsed) || h2.flow.Step() != StepCode {
		t.Errorf("replayed code: %v at %v", err, h2.flow.Step())
	}
	skewed, _ := totp.GenerateCode(bobSecret, h.srv.Now().Add(-3*time.Minute))
	if err := h2.do(h2.flow.SubmitCode(ctx, skewed)); !errors.Is(err, client.ErrClockSkew) || h2.flow.Failures != 1 {
		t.Errorf("skewed code: %v, failures %d", err, h2.flow.Failures)
	}
	h2.want(StepServer, StepSignIn, StepCode)
}

func TestFlow_expiredChallengeReturnsToSignIn(t *testing.T) {
	h := newHarness(t)
	h.signIn("bob")
	h.clk.add(16 * time.Minute)
	if err := h.do(h.flow.SubmitCode(context.Background(), h.code(bobSecret))); !errors.Is(err, client.ErrChallengeExpired) {
		t.Fatalf("got %v", err)
	}
	h.want(StepServer, StepSignIn, StepCode, StepSignIn)
}

func TestFlow_serverUnreachableStaysAtServer(t *testing.T) {
	h := newHarness(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	addr := dead.URL
	dead.Close()
	if err := h.do(h.flow.SubmitServer(context.Background(), addr)); !errors.Is(err, client.ErrUnreachable) {
		t.Errorf("got %v", err)
	}
	if err := h.do(h.flow.SubmitServer(context.Background(), "http://sync.example.com")); !errors.Is(err, client.ErrInsecureURL) {
		t.Errorf("plain http to another host: got %v", err)
	}
	h.want(StepServer)
}

func TestFlow_lostAnswerRetriedWithSameKeyGivesOneDevice(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	h.signIn("bob")
	code := h.code(bobSecret)
	h.fault("/api/v1/auth/verify", 4) // more than the client's own three retries
	if err := h.do(h.flow.SubmitCode(ctx, code)); !errors.Is(err, client.ErrUnreachable) || h.flow.Step() != StepCode {
		t.Fatalf("dropped answers: %v at %v", err, h.flow.Step())
	}
	h.must(h.flow.SubmitCode(ctx, code)) // Retry: same key, so not code_used
	h.want(StepServer, StepSignIn, StepCode, StepDone)
	c, _ := client.New(h.ts.URL, client.WithTokens(h.store.done[0].tokens))
	devs, err := c.Devices(ctx)
	if err != nil || len(devs) != 1 {
		t.Errorf("bob's devices: %d %v, want 1", len(devs), err)
	}
}

func TestFlow_backAndWrongStep(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if err := h.flow.SubmitCode(ctx, "1"); !errors.Is(err, ErrWrongStep) {
		t.Errorf("code at Server: %v", err)
	}
	h.signIn("bob")
	h.flow.Back()
	if h.flow.Step() != StepSignIn {
		t.Fatalf("Back from Code: at %v", h.flow.Step())
	}
	h.flow.Back()
	if h.flow.Step() != StepServer {
		t.Errorf("Back from SignIn: at %v", h.flow.Step())
	}
	h.flow.Back()
	if h.flow.Step() != StepServer {
		t.Errorf("Back at the first step moved to %v", h.flow.Step())
	}
	if err := h.flow.SubmitSignIn(ctx, "", "", ""); !errors.Is(err, ErrWrongStep) {
		t.Errorf("sign-in at Server: %v", err)
	}
}

// Back from Account Recovery opened at the code step returns to that step with its sign-in
// intact, so the code can still be entered (a user test was sent back to Sign in instead).
// Opened from Sign in, Back goes to Sign in.
func TestFlow_backFromRecoveryReturnsToTheCode(t *testing.T) {
	h := newHarness(t)
	h.signIn("bob")
	h.must(h.flow.OpenRecovery())
	h.flow.Back()
	if h.flow.Step() != StepCode {
		t.Fatalf("Back from Account Recovery opened at the code: at %v, want Code", h.flow.Step())
	}
	h.must(h.flow.SubmitCode(context.Background(), h.code(bobSecret)))
	if h.flow.Step() != StepDone {
		t.Errorf("the code after coming back: at %v, want Done", h.flow.Step())
	}

	h = newHarness(t)
	h.must(h.flow.SubmitServer(context.Background(), h.ts.URL))
	h.must(h.flow.OpenRecovery())
	h.flow.Back()
	if h.flow.Step() != StepSignIn {
		t.Errorf("Back from Account Recovery opened at Sign in: at %v", h.flow.Step())
	}
}
