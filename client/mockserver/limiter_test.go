package mockserver

import (
	"fmt"
	"net/http"
	"strings"
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
