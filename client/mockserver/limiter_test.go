package mockserver

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/x360sync/desktop/client/api"
)

// Account Recovery's hard cap holds however many other emails are tried meanwhile: the table
// of records is capped and drops its oldest, and the locked email's record must not be among
// what a flood can push out (that gave it fresh tries at the Backup key). Its lock says what
// to do instead of Account Recovery, on Account Recovery.
func TestRecovery_hardCapHoldsThroughAFloodOfOtherEmails(t *testing.T) {
	e := newEnv(t, func(s *Server) { s.limits.recovery = 10 })
	wrong := api.RecoveryRequest{Email: "bob@acme.test", BackupKey: "AAAA-BBBB-CCCC-DDDD"}
	for i := range hardCap { // maxFailures from each address: no back-off is waited out
		if st, body := e.from(fmt.Sprintf("203.0.113.%d", i/maxFailures+1), "POST", "/api/v1/recovery", wrong); st != http.StatusAccepted {
			t.Fatalf("wrong Backup key %d: got %d %s, want 202", i+1, st, body)
		}
	}
	st, body := e.from("198.51.100.1", "POST", "/api/v1/recovery", wrong)
	msg := decodeAs[api.ErrorBody](t, body).Error.Message
	if st != http.StatusForbidden || errCode(t, body) != api.CodeRecoveryLocked {
		t.Errorf("after %d wrong Backup keys: got %d %s, want 403 %s", hardCap, st, body, api.CodeRecoveryLocked)
	}
	if strings.Contains(msg, "Use Account Recovery") || !strings.Contains(msg, "administrator") {
		t.Errorf("the lock on Account Recovery says %q: it must name the administrator, not Account Recovery", msg)
	}
	for i := range 2 * 10 {
		e.from("192.0.2.1", "POST", "/api/v1/recovery", api.RecoveryRequest{Email: fmt.Sprintf("x%d@flood.test", i), BackupKey: "0000-0000-0000-0000"})
	}
	right := api.RecoveryRequest{Email: "bob@acme.test", BackupKey: "7Q2M-K4XD-9PVN-3HZA"}
	if st, body := e.from("198.51.100.2", "POST", "/api/v1/recovery", right); st != http.StatusForbidden {
		t.Errorf("the Backup key after a flood of other emails: got %d %s, want 403 (still locked)", st, body)
	}
	e.srv.mu.Lock()
	on := e.srv.st.Users["bob"].TwoFactor.Enabled
	e.srv.mu.Unlock()
	if !on {
		t.Error("a flood of other emails reset the hard cap: the Backup key disabled two-step authentication")
	}
}

// TestLimiter_aBurstDuringAFloodKeepsTheHardCap: wrong guesses for one account sent all at once
// from many addresses, while a flood of other names or emails pushes its records out of the
// capped table, get no more than hardCap of them evaluated, and leave the account locked with
// its count kept (security review: 300 of 300 evaluated, the count left at 1 to 5, the next
// try evaluated again). The server sheds most of such a burst (503); every shed request is
// sent again until it gets another answer, as a client retries, and the shed ones get no
// guesses past the cap either.
func TestLimiter_aBurstDuringAFloodKeepsTheHardCap(t *testing.T) {
	const burst = hardCap + 30
	for _, c := range []struct {
		name, path, locked string
		limit              func(*Server)
		guess, flood       func(i int) any
		saved              func(*Server) int
		evaluated          int // the answer to a guess that was checked
	}{
		{
			name: "sign-in", path: "/api/v1/auth/login", locked: "account_locked",
			limit: func(s *Server) { s.limits.throttles = 10 },
			guess: func(int) any { return wrongLogin("alice") }, flood: func(i int) any { return wrongLogin(fmt.Sprintf("flood%d", i)) },
			saved: func(s *Server) int { return s.st.Users["alice"].LoginFailures }, evaluated: http.StatusUnauthorized,
		},
		{
			name: "Account Recovery", path: "/api/v1/recovery", locked: "recovery_locked",
			limit: func(s *Server) { s.limits.recovery = 10 },
			guess: func(int) any { return api.RecoveryRequest{Email: "bob@acme.test", BackupKey: "AAAA-BBBB-CCCC-DDDD"} },
			flood: func(i int) any {
				return api.RecoveryRequest{Email: fmt.Sprintf("f%d@flood.test", i), BackupKey: "0000-0000-0000-0000"}
			},
			saved: func(s *Server) int { return s.st.Users["bob"].RecoveryFailures }, evaluated: http.StatusAccepted,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, c.limit)
			var wg sync.WaitGroup
			var mu sync.Mutex
			answers := map[int]int{}
			start := make(chan struct{})
			for i := range burst {
				wg.Add(2)
				go func() {
					defer wg.Done()
					<-start
					st, _ := e.fromPastShedding(fmt.Sprintf("10.77.%d.%d", i/200, i%200+1), "POST", c.path, c.guess(i))
					mu.Lock()
					answers[st]++
					mu.Unlock()
				}()
				go func() {
					defer wg.Done()
					<-start
					e.fromPastShedding("192.0.2.1", "POST", c.path, c.flood(i))
				}()
			}
			close(start)
			wg.Wait()
			e.srv.mu.Lock()
			saved := c.saved(e.srv)
			e.srv.mu.Unlock()
			if answers[c.evaluated] > hardCap || saved < hardCap {
				t.Errorf("%d guesses during a flood: answers %v, %d evaluated (cap %d), count kept %d", burst, answers, answers[c.evaluated], hardCap, saved)
			}
			if st, body := e.from("198.51.100.7", "POST", c.path, c.guess(0)); st != http.StatusForbidden || !strings.Contains(string(body), c.locked) {
				t.Errorf("the next guess: %d %s, want 403 %s", st, body, c.locked)
			}
		})
	}
}
