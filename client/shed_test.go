package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
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
