package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/api/apitest"
	"github.com/x360sync/desktop/client/mockserver"
)

// attempt is one request as it went out and what came back.
type attempt struct {
	at         time.Time
	key        string
	status     int
	retryAfter string
}

// watch records every attempt and calls on503 once, at the first 503.
type watch struct {
	next  http.RoundTripper
	on503 func()

	mu       sync.Mutex
	attempts []attempt
	once     sync.Once
}

func (w *watch) RoundTrip(r *http.Request) (*http.Response, error) {
	a := attempt{at: time.Now(), key: r.Header.Get(api.IdempotencyHeader)}
	resp, err := w.next.RoundTrip(r)
	if err == nil {
		a.status, a.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
		if resp.StatusCode == http.StatusServiceUnavailable {
			w.once.Do(w.on503)
		}
	}
	w.mu.Lock()
	w.attempts = append(w.attempts, a)
	w.mu.Unlock()
	return resp, err
}

// The real mock server sheds a sign-in while its hash slot is busy (503, Retry-After); the
// client waits as told and retries with the same Idempotency-Key, and the sign-in goes through.
func TestClient_loginShedWith503IsRetriedAfterRetryAfter(t *testing.T) {
	srv := &mockserver.Server{Hashing: mockserver.HashLimit{Slots: 1, Queue: -1}}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	release := srv.HoldHashSlots() // a check in progress, which ends once the server has shed ours
	t.Cleanup(release)
	w := &watch{next: &apitest.Transport{T: t}, on503: release}
	c, err := New(ts.URL, WithTransport(w), WithRetryWait(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}

	r, err := c.Login(context.Background(), login("bob"), "")
	if err != nil || r.Status != api.StatusCodeRequired {
		t.Fatalf("login through a shed: %+v %v, want code_required", r, err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.attempts) != 2 {
		t.Fatalf("attempts: %+v, want a 503 and then the answer", w.attempts)
	}
	first, second := w.attempts[0], w.attempts[1]
	if first.status != http.StatusServiceUnavailable || first.retryAfter != "1" || second.status != http.StatusOK {
		t.Errorf("attempts: %+v, want 503 with Retry-After 1, then 200", w.attempts)
	}
	if first.key == "" || second.key != first.key {
		t.Errorf("Idempotency-Keys %q then %q, want the same key on the retry", first.key, second.key)
	}
	if gap := second.at.Sub(first.at); gap < time.Second {
		t.Errorf("retried after %v, want at least the Retry-After of 1s", gap)
	}
}

// failOnce is a store whose at-th Save (counting from 1) fails once.
type failOnce struct {
	mockserver.Memory
	at    int32
	calls atomic.Int32
}

func (f *failOnce) Save(*mockserver.State) error {
	if f.calls.Add(1) == f.at {
		return http.ErrHandlerTimeout
	}
	return nil
}

// devicesOf counts username's devices through GET /dev/users.
func devicesOf(t *testing.T, base, username string) int {
	t.Helper()
	resp, err := http.Get(base + "/dev/users")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var users []mockserver.DevUser
	if err := json.NewDecoder(resp.Body).Decode(&users); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == username {
			return u.Devices
		}
	}
	t.Fatalf("no user %s", username)
	return 0
}

// A save that fails after the server acted (the device is registered in memory) is not a shed:
// the client does not retry it, and a manual retry with the same Idempotency-Key gets the same
// answer instead of signing in a second time. Found by a security review: the failure was the
// shed's 503 unavailable, retried at once, and the cache forgot it, so one sign-in made two
// devices.
func TestClient_aFailedSaveIsNotRetriedAndItsKeyCannotActTwice(t *testing.T) {
	st := &failOnce{}
	srv := &mockserver.Server{Store: st}
	if err := srv.Init(); err != nil {
		t.Fatal(err)
	}
	st.at = st.calls.Load() + 1 // the next save: the sign-in's
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	w := &watch{next: &apitest.Transport{T: t}, on503: func() {}}
	c, err := New(ts.URL, WithTransport(w), WithRetryWait(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, err = c.Login(ctx, login("alice"), "same-key")
	if !errors.Is(err, ErrServer) || !errors.Is(err, ErrStoreFailed) {
		t.Errorf("sign-in whose save failed: %v, want ErrStoreFailed (an ErrServer)", err)
	}
	if len(w.attempts) != 1 {
		t.Errorf("attempts %+v, want one: the server acted, a retry is not safe", w.attempts)
	}
	if n := devicesOf(t, ts.URL, "alice"); n != 1 {
		t.Errorf("alice has %d devices after one sign-in, want 1", n)
	}
	_, err = c.Login(ctx, login("alice"), "same-key")
	if !errors.Is(err, ErrStoreFailed) {
		t.Errorf("the same key again: %v, want the remembered ErrStoreFailed", err)
	}
	if n := devicesOf(t, ts.URL, "alice"); n != 1 {
		t.Errorf("alice has %d devices after a retry with the same key, want 1", n)
	}
}
