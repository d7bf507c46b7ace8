package wizard

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// keyRecorder passes requests on and records the Idempotency-Key of each.
type keyRecorder struct {
	next http.RoundTripper
	keys []string
}

func (k *keyRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost {
		k.keys = append(k.keys, r.Header.Get(api.IdempotencyHeader))
	}
	return k.next.RoundTrip(r)
}

func TestFlow_cancelKeepsTheIdempotencyKey(t *testing.T) {
	h := newHarness(t)
	rec := &keyRecorder{next: http.DefaultTransport}
	h.flow.Connect = func(server string) (API, error) {
		return client.New(server, client.WithTransport(rec), client.WithRetryWait(time.Millisecond))
	}
	ctx := context.Background()
	h.must(h.flow.SubmitServer(ctx, h.ts.URL))
	resp, err := http.Post(h.ts.URL+"/dev/faults", "application/json", strings.NewReader(`{"path":"/api/v1/auth/login","delay_ms":400,"times":1}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v", err)
	}
	resp.Body.Close()
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond) // the person presses Cancel
	defer cancel()
	if err := h.flow.SubmitSignIn(cctx, "bob", password, "Test laptop"); err == nil {
		t.Fatal("the cancelled sign-in went through")
	}
	time.Sleep(400 * time.Millisecond) // the server finished the first request meanwhile
	h.must(h.flow.SubmitSignIn(ctx, "bob", password, "Test laptop"))
	if len(rec.keys) != 2 || rec.keys[0] == "" || rec.keys[0] != rec.keys[1] {
		t.Errorf("keys sent: %q, want the same key twice", rec.keys)
	}
	if h.flow.Step() != StepCode {
		t.Errorf("after the retry: %v, want Code", h.flow.Step())
	}
	h.must(h.flow.SubmitCode(ctx, h.code(bobSecret)))
	if len(h.store.done) != 1 {
		t.Errorf("registrations: %d, want 1", len(h.store.done))
	}
}

func TestFlow_keyringFailureRetriesTheSaveNotTheRegistration(t *testing.T) {
	h := newHarness(t)
	h.store.failSaves = 1
	ctx := context.Background()
	h.must(h.flow.SubmitServer(ctx, h.ts.URL))
	if err := h.flow.SubmitSignIn(ctx, "alice", password, "Test laptop"); !errors.Is(err, errKeyring) || !h.flow.Unsaved {
		t.Fatalf("sign-in with the keyring refusing: %v, unsaved %v", err, h.flow.Unsaved)
	}
	before := h.requests.Load()
	h.must(h.flow.RetrySave(ctx))
	if h.requests.Load() != before {
		t.Errorf("Retry sent %d requests, want none (the device is registered)", h.requests.Load()-before)
	}
	if h.flow.Step() != StepDone || len(h.store.done) != 1 {
		t.Errorf("after Retry: %v, %d registrations", h.flow.Step(), len(h.store.done))
	}
}

func TestFlow_backAtSetUpPINAbandonsTheRegistration(t *testing.T) {
	h := newHarness(t)
	h.signIn("erin")
	h.must(h.flow.SubmitCode(context.Background(), h.code(erinSecret)))
	if h.flow.Step() != StepPINSetup || h.store.pending == nil {
		t.Fatalf("at %v, pending %v", h.flow.Step(), h.store.pending)
	}
	device := h.store.pending.Tokens.DeviceID
	h.flow.Back()
	if len(h.store.abandoned) != 1 || h.store.abandoned[0] != device || h.flow.Step() != StepSignIn {
		t.Errorf("after Back: %v, abandoned %v", h.flow.Step(), h.store.abandoned)
	}
}

func TestFlow_noSecureStorageAsksBeforeSigningIn(t *testing.T) {
	h := newHarness(t)
	storage := errors.New("no keyring")
	h.flow.Probe = func(context.Context) error { return storage }
	ctx := context.Background()
	h.must(h.flow.SubmitServer(ctx, h.ts.URL))
	before := h.requests.Load()
	if err := h.flow.SubmitSignIn(ctx, "alice", password, "Test laptop"); !errors.Is(err, storage) {
		t.Fatalf("got %v, want the probe's error", err)
	}
	if h.requests.Load() != before || h.flow.Step() != StepSignIn {
		t.Errorf("the sign-in went to the server (%d requests) or moved on (%v)", h.requests.Load()-before, h.flow.Step())
	}
}

func TestOutcomeOf(t *testing.T) {
	for err, want := range map[error]Outcome{
		client.ErrInvalidCode: Retry, client.ErrChallengeExpired: StartOver, client.ErrUnreachable: Retry,
		client.ErrInvalidGrant: Stop, errors.New("other"): Stop, ErrMissing: Retry,
	} {
		if got := OutcomeOf(err); got != want {
			t.Errorf("OutcomeOf(%v) = %v, want %v", err, got, want)
		}
	}
}
