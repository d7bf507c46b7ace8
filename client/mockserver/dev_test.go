package mockserver

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
)

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func contains(s, sub string) bool { return sub != "" && strings.Contains(s, sub) }

func TestIdempotency_droppedResponseRetriedGivesOneDevice(t *testing.T) {
	e := newEnv(t)
	ch := e.login("bob")
	e.do("POST", "/dev/faults", `{"path":"/api/v1/auth/verify","drop":true,"times":1}`, nil)
	body := mustJSON(t, api.VerifyRequest{Challenge: ch.Challenge, Code: e.code(bobSecret, 0)})
	hdr := map[string]string{api.IdempotencyHeader: "key-1"}
	// A body without GetBody: net/http would otherwise replay a keyed request by itself.
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/auth/verify", io.NopCloser(strings.NewReader(string(body))))
	req.Header.Set(api.IdempotencyHeader, "key-1")
	req.Header.Set("Content-Type", "application/json")
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the dropped request got an answer")
	}
	st, first := e.do("POST", "/api/v1/auth/verify", string(body), hdr)
	if st != http.StatusOK {
		t.Fatalf("retry with the same key: got %d %s, want 200 (never code_used)", st, first)
	}
	_, again := e.do("POST", "/api/v1/auth/verify", string(body), hdr)
	if string(again) != string(first) {
		t.Errorf("a second retry got a different answer")
	}
	_, users := e.do("GET", "/dev/users", nil, nil)
	for _, u := range decodeAs[[]DevUser](t, users) {
		if u.Username == "bob" && u.Devices != 1 {
			t.Errorf("bob has %d devices, want 1", u.Devices)
		}
	}
}

func TestIdempotency_concurrentRetriesWaitForTheFirst(t *testing.T) {
	e := newEnv(t)
	req := string(mustJSON(t, loginReq("alice")))
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, b := e.do("POST", "/api/v1/auth/login", req, map[string]string{api.IdempotencyHeader: "same"})
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Fatalf("answers differ: %s vs %s", b, bodies[0])
		}
	}
	_, users := e.do("GET", "/dev/users", nil, nil)
	for _, u := range decodeAs[[]DevUser](t, users) {
		if u.Username == "alice" && u.Devices != 1 {
			t.Errorf("alice has %d devices, want 1", u.Devices)
		}
	}
}

func TestFaults_statusDelayAndCount(t *testing.T) {
	e := newEnv(t)
	if st, _ := e.do("POST", "/dev/faults", `{"path":"/healthz","status":503,"times":2}`, nil); st != http.StatusOK {
		t.Fatal("arming a fault failed")
	}
	for i := 0; i < 2; i++ {
		if st, _ := e.do("GET", "/healthz", nil, nil); st != http.StatusServiceUnavailable {
			t.Errorf("faulted request %d: got %d, want 503", i, st)
		}
	}
	if st, _ := e.do("GET", "/healthz", nil, nil); st != http.StatusOK {
		t.Errorf("after the fault ran out: got %d, want 200", st)
	}
	e.do("POST", "/dev/faults", `{"path":"/healthz","delay_ms":200,"times":1}`, nil)
	start := time.Now()
	e.do("GET", "/healthz", nil, nil)
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("delayed request took %v, want at least 200ms", d)
	}
	if st, _ := e.do("POST", "/dev/faults", `{"path":"","times":1}`, nil); st != http.StatusBadRequest {
		t.Errorf("a fault without a path: got %d, want 400", st)
	}
}

func TestDevClock_movesServerTime(t *testing.T) {
	e := newEnv(t)
	before := e.srv.Now()
	_, body := e.do("POST", "/dev/clock", `{"offset_seconds":3600}`, nil)
	if got := decodeAs[ClockResponse](t, body); got.Time.Sub(before) != time.Hour {
		t.Errorf("clock: got %v, want %v", got.Time, before.Add(time.Hour))
	}
	_, body = e.do("GET", "/api/v1/server", nil, nil)
	if info := decodeAs[api.ServerInfo](t, body); !info.Time.Equal(before.Add(time.Hour)) {
		t.Errorf("server info time: got %v", info.Time)
	}
}

func TestDevEndpoints_offWhenDisabled(t *testing.T) {
	e := newEnv(t, func(s *Server) { s.DisableDev = true })
	for _, p := range []string{"/dev/outbox", "/dev/users"} {
		if st, _ := e.do("GET", p, nil, nil); st != http.StatusNotFound {
			t.Errorf("%s: got %d, want 404", p, st)
		}
	}
}

func TestOpenAPI_served(t *testing.T) {
	e := newEnv(t)
	st, body := e.do("GET", "/openapi.yaml", nil, nil)
	if st != http.StatusOK || string(body) != string(api.OpenAPI) {
		t.Errorf("got %d and %d bytes, want the embedded spec", st, len(body))
	}
}
