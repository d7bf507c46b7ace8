package mockserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
)

func TestTTLMap_expiresInOrderAndStaysSmall(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := newTTLMap[int]()
	for i := range 10 {
		m.set(fmt.Sprint(i), i, now.Add(time.Duration(i+1)*time.Second))
	}
	if v, ok := m.get("3", now); !ok || v != 3 {
		t.Fatalf("get 3: got %d %v", v, ok)
	}
	m.prune(now.Add(5 * time.Second)) // 0..4 expire at 1..5 s
	if m.len() != 5 {
		t.Errorf("after prune: %d entries, want 5", m.len())
	}
	if _, ok := m.get("5", now.Add(6*time.Second)); ok {
		t.Error("an expired entry was returned")
	}
	m.makeRoom(now, 3) // room for one more under 3: drops the oldest until 2 are left
	if _, ok := m.get("7", now); m.len() != 2 || ok {
		t.Errorf("after makeRoom: %d entries, 7 present %v, want 8 and 9 only", m.len(), ok)
	}
	// Setting one key again and again keeps the queue bounded.
	for i := range 10_000 {
		m.set("hot", i, now.Add(time.Hour))
	}
	if len(m.q)-m.head > 2*m.len()+64 {
		t.Errorf("queue holds %d keys for %d entries", len(m.q)-m.head, m.len())
	}
}

// A flood against every table: none grows past its cap, and what is refused is refused with a
// 429, not a crash or a slow scan.
func TestState_floodStaysWithinEveryCap(t *testing.T) {
	caps := limits{idem: 20, challenges: 6, enrollments: 4, recovery: 5, rotated: 3, outbox: 10, throttles: 8, sms: 4}
	e := newEnv(t, func(s *Server) { s.limits = caps })
	st := map[int]int{}
	// Idempotency keys: cheap keyed requests, each a new key.
	for i := range 3 * caps.idem {
		code, _ := e.do("POST", "/api/v1/auth/verify", api.VerifyRequest{Challenge: "ch_x", Code: "000000"},
			map[string]string{api.IdempotencyHeader: fmt.Sprint("k", i)})
		st[code]++
	}
	if st[http.StatusTooManyRequests] == 0 {
		t.Errorf("idempotency flood: statuses %v, want 429 beyond the cap", st)
	}
	// Throttle records: wrong passwords for ever new names, from one address.
	for i := range 2 * caps.throttles {
		e.from("192.0.2.1", "POST", "/api/v1/auth/login", wrongLogin(fmt.Sprint("ghost", i)))
	}
	// Challenges: bob signs in again and again.
	busy := 0
	for range caps.challenges + 3 {
		if code, _ := e.post("/api/v1/auth/login", loginReq("bob")); code == http.StatusTooManyRequests {
			busy++
		}
	}
	if busy == 0 {
		t.Error("challenge flood: no sign-in was refused beyond the cap")
	}
	e.clock.Advance(challengeTTL + time.Second) // the flood's challenges expire and make room
	e.resetLoginFailures("bob")
	// Recovery: ever new addresses.
	for i := range 2 * caps.recovery {
		e.post("/api/v1/recovery", api.RecoveryRequest{Email: fmt.Sprintf("x%d@flood.test", i), BackupKey: "0000-0000-0000-0000"})
	}
	// Rotated tokens: one device refreshed again and again.
	tok := e.registerBob()
	for range 2 * caps.rotated {
		code, body := e.post("/api/v1/auth/refresh", api.RefreshRequest{RefreshToken: tok.RefreshToken})
		if code != http.StatusOK {
			t.Fatalf("refresh: %d %s", code, body)
		}
		tok = decodeAs[api.Tokens](t, body)
	}
	// SMS counters: ever new numbers from settings enrolments of alice.
	alice := e.login("alice")
	for i := range 2 * caps.sms {
		e.bearer("POST", "/api/v1/2fa/enroll", alice.AccessToken, api.EnrollRequest{
			Mode: api.ModeSMS, Phone: fmt.Sprintf("+1 202 555 01%02d", i), CurrentPassword: DemoPassword, ConfirmPassword: DemoPassword,
		})
	}
	e.srv.mu.Lock()
	defer e.srv.mu.Unlock()
	for name, got := range map[string][2]int{
		"idempotency": {e.srv.idem.len(), caps.idem}, "throttles": {e.srv.throttles.records.len(), caps.throttles},
		"challenges": {len(e.srv.st.Challenges), caps.challenges}, "recovery": {e.srv.recovery.records.len(), caps.recovery},
		"rotated": {e.srv.rotated.len(), caps.rotated}, "outbox": {len(e.srv.st.Outbox), caps.outbox},
		"sms": {e.srv.smsSent.len(), caps.sms}, "enrollments": {len(e.srv.st.Enrollments), caps.enrollments},
	} {
		if got[0] > got[1] {
			t.Errorf("%s: %d entries, cap %d", name, got[0], got[1])
		}
	}
}

// The same flood at full size, measured as heap: 5x the idempotency cap costs no more memory
// than filling it once.
func TestIdempotency_memoryStopsGrowingAtTheCap(t *testing.T) {
	e := newEnv(t)
	flood := func(from, n int) {
		for i := from; i < from+n; i++ {
			e.keyedVerify(fmt.Sprint("m", i))
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	flood(0, defaultLimits.idem)
	full := heap()
	flood(defaultLimits.idem, 4*defaultLimits.idem)
	after := heap()
	t.Logf("heap with the cache full: %d KiB; after 4x more keys: %d KiB", full>>10, after>>10)
	if after > full+full/4 {
		t.Errorf("heap grew from %d KiB to %d KiB past the cap", full>>10, after>>10)
	}
}

// Names and emails key the throttle tables: one that could be 64 KiB would make their caps
// caps on entries only, not on memory.
func TestLimits_longNamesAreRefusedBeforeAnythingIsKept(t *testing.T) {
	s := New()
	long := strings.Repeat("n", maxNameLen+1)
	for path, body := range map[string]string{
		"/api/v1/auth/login": `{"username":"` + long + `","password":"x","device":{"name":"d"}}`,
		"/api/v1/recovery":   `{"email":"` + strings.Repeat("e", maxEmailLen) + `@x.test","backup_key":"k"}`,
	} {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Host, req.RemoteAddr = "127.0.0.1", "127.0.0.1:4000"
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s with a too long name: %d %s, want 400", path, rec.Code, rec.Body)
		}
	}
}
