package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// answer is one response as a burst's goroutine saw it.
type answer struct {
	status     int
	retryAfter string
	body       api.ErrorBody
	took       time.Duration
	err        error
}

// postWithin posts body to path and gives up after limit (a request still waiting then has
// not been answered "at once"). Safe from any goroutine.
func (e *env) postWithin(path string, body any, limit time.Duration) answer {
	raw, _ := json.Marshal(body)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, e.ts.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := e.hc.Do(req)
	if err != nil {
		return answer{err: err, took: time.Since(start)}
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After"), took: time.Since(start)}
	_ = json.NewDecoder(resp.Body).Decode(&a.body)
	return a
}

// holdSlots is HoldHashSlots, released at the end of the test at the latest.
func (e *env) holdSlots() func() {
	free := e.srv.HoldHashSlots()
	e.t.Cleanup(free)
	return free
}

// waitQueued waits until n requests wait for a hash slot.
func (e *env) waitQueued(n int) {
	e.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); len(e.srv.gate.queue) < n; {
		if time.Now().After(deadline) {
			e.t.Fatalf("%d requests wait for a hash slot, want %d", len(e.srv.gate.queue), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkShed says what is wrong with an answer that should be a shed: 503 unavailable with a
// Retry-After in whole seconds, at once.
func checkShed(a answer, limit time.Duration) string {
	switch {
	case a.err != nil:
		return "no answer: " + a.err.Error() + " (still waiting for a hash slot)"
	case a.status != http.StatusServiceUnavailable || a.body.Error.Code != api.CodeUnavailable:
		return "got " + strconv.Itoa(a.status) + " " + a.body.Error.Code + ", want 503 unavailable"
	case a.took > limit:
		return "answered after " + a.took.String() + ", want at once"
	}
	if s, err := strconv.Atoi(a.retryAfter); err != nil || s < 1 || s != a.body.Error.RetryAfter {
		return "Retry-After " + strconv.Quote(a.retryAfter) + " (body " + strconv.Itoa(a.body.Error.RetryAfter) + "), want whole seconds >= 1 in both"
	}
	return ""
}

// checkAllShedAlike checks that every sign-in of a burst's excess was shed at once, with the
// same words whoever it named.
func checkAllShedAlike(t *testing.T, excess []api.LoginRequest, answers []answer) {
	t.Helper()
	for i, a := range answers {
		if msg := checkShed(a, time.Second); msg != "" {
			t.Errorf("excess sign-in %d (%s): %s", i, excess[i].Username, msg)
		}
		if a.body.Error.Message != answers[0].body.Error.Message {
			t.Errorf("excess sign-in %d (%s) said %q, the first %q: a shed must look the same for everyone",
				i, excess[i].Username, a.body.Error.Message, answers[0].body.Error.Message)
		}
	}
}

// throttleKeys lists the sign-in throttle records that mention name.
func (e *env) throttleKeys(name string) []string {
	e.srv.mu.Lock()
	defer e.srv.mu.Unlock()
	var out []string
	for k := range e.srv.throttles.records.m {
		if strings.Contains(k, "\x00"+name) {
			out = append(out, k)
		}
	}
	for k := range e.srv.throttles.busy {
		if strings.Contains(k, "\x00"+name) {
			out = append(out, "busy "+k)
		}
	}
	return out
}

// A burst bigger than the queue: the excess is answered 503 with Retry-After at once, the same
// for known and unknown names and for right and wrong passwords, without a hash run, a
// throttle record or a failure counted; the queued requests are still checked.
func TestHashing_burstBeyondTheQueueIsShedAtOnce(t *testing.T) {
	e := newEnv(t, func(s *Server) { s.Hashing = HashLimit{Slots: 1, Queue: 2, Wait: 30 * time.Second} })
	free := e.holdSlots()

	queued := make(chan answer, 2)
	for _, name := range []string{"alice", "nobody"} {
		go func() { queued <- e.postWithin("/api/v1/auth/login", wrongLogin(name), 30*time.Second) }()
	}
	e.waitQueued(2)

	before := hashRuns.Load()
	excess := []api.LoginRequest{loginReq("alice"), wrongLogin("alice"), loginReq("stranger"), wrongLogin("stranger")}
	answers := make([]answer, len(excess))
	var wg sync.WaitGroup
	for i, req := range excess {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = e.postWithin("/api/v1/auth/login", req, 2*time.Second)
		}()
	}
	wg.Wait()
	checkAllShedAlike(t, excess, answers)
	if n := hashRuns.Load() - before; n != 0 {
		t.Errorf("the shed sign-ins ran Argon2id %d times, want 0", n)
	}
	if keys := e.throttleKeys("stranger"); len(keys) != 0 {
		t.Errorf("a shed sign-in of an unknown name left throttle records %q, want none", keys)
	}

	free()
	for range 2 {
		a := <-queued
		if a.err != nil || a.status != http.StatusUnauthorized || a.body.Error.Code != api.CodeInvalidCredentials {
			t.Errorf("a queued wrong password: got %d %s %v, want 401 invalid_credentials", a.status, a.body.Error.Code, a.err)
		}
	}
	if n := hashRuns.Load() - before; n != 2 {
		t.Errorf("the queued sign-ins ran Argon2id %d times, want 2", n)
	}
	e.srv.mu.Lock()
	failures := e.srv.st.Users["alice"].LoginFailures
	e.srv.mu.Unlock()
	if failures != 1 {
		t.Errorf("alice has %d failures counted, want 1 (the queued wrong password; the shed one did no check)", failures)
	}
	if st, body := e.post("/api/v1/auth/login", loginReq("alice")); st != http.StatusOK {
		t.Errorf("alice's password after the burst: got %d %s, want 200", st, body)
	}
}

// A request that waits in the queue longer than Wait is shed then, without a check.
func TestHashing_waitPastTheDeadlineIsShed(t *testing.T) {
	e := newEnv(t, func(s *Server) { s.Hashing = HashLimit{Slots: 1, Queue: 4, Wait: 300 * time.Millisecond} })
	e.holdSlots()
	before := hashRuns.Load()
	a := e.postWithin("/api/v1/auth/login", loginReq("alice"), 3*time.Second)
	if msg := checkShed(a, 2*time.Second); msg != "" {
		t.Errorf("a sign-in that waited past the deadline: %s", msg)
	}
	if a.err == nil && a.took < 300*time.Millisecond {
		t.Errorf("shed after %v, before the deadline of 300ms", a.took)
	}
	if n := hashRuns.Load() - before; n != 0 {
		t.Errorf("the shed sign-in ran Argon2id %d times, want 0", n)
	}
}

// Account Recovery sheds the same way: before the address is looked up, so its answer says
// nothing about which addresses have accounts.
func TestHashing_recoveryIsShedAlike(t *testing.T) {
	e := newEnv(t, func(s *Server) { s.Hashing = HashLimit{Slots: 1, Queue: -1} })
	e.holdSlots()
	for _, email := range []string{"bob@acme.test", "nobody@acme.test"} {
		a := e.postWithin("/api/v1/recovery", api.RecoveryRequest{Email: email, BackupKey: "AAAA-BBBB-CCCC-DDDD"}, 2*time.Second)
		if msg := checkShed(a, time.Second); msg != "" {
			t.Errorf("recovery for %s: %s", email, msg)
		}
	}
	e.srv.mu.Lock()
	defer e.srv.mu.Unlock()
	if n := e.srv.recovery.records.len(); n != 0 {
		t.Errorf("shed recoveries left %d throttle records, want none", n)
	}
}

// The Retry-Afters of a burst's shed requests spread at the rate the server checks, so their
// retries do not all come back in the same second.
func TestHashing_shedRequestsAreToldToComeBackSpread(t *testing.T) {
	g := newHashGate(HashLimit{Slots: 2, Queue: -1})
	g.avg = 200 * time.Millisecond // two slots: ten checks a second
	var got []int
	for range 50 {
		got = append(got, g.shed().retryAfter)
	}
	if got[0] != 1 || got[9] > 2 || got[49] < 5 || got[49] > 6 {
		t.Errorf("Retry-After of 50 shed requests at 10 checks a second: %v; want 1 s first, about 5 s last", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i] < got[i-1] {
			t.Fatalf("Retry-After went down: %v", got)
		}
	}
}

// fromPastShedding is from, sent again after Retry-After while the server sheds it, as the
// client does, for at most a minute.
func (e *env) fromPastShedding(addr, method, path string, body any) (int, []byte) {
	deadline := time.Now().Add(time.Minute)
	for {
		st, b := e.from(addr, method, path, body)
		if st != http.StatusServiceUnavailable || time.Now().After(deadline) {
			return st, b
		}
		var eb api.ErrorBody
		_ = json.Unmarshal(b, &eb)
		time.Sleep(time.Duration(max(eb.Error.RetryAfter, 1)) * time.Second)
	}
}
