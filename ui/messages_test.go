package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/client"
)

// TestMessage_aLockedAccountRecoveryNamesTheWayOut: Account Recovery's own lock (too many wrong
// Backup keys) cannot point at Account Recovery; a sign-in lock still does.
func TestMessage_aLockedAccountRecoveryNamesTheWayOut(t *testing.T) {
	test.NewTempApp(t)
	got := message(client.ErrRecoveryLocked)
	if strings.Contains(got, "Use Account Recovery") || !strings.Contains(got, "administrator") {
		t.Errorf("Account Recovery locked: %q", got)
	}
	if got := message(client.ErrAccountLocked); !strings.Contains(got, "Account Recovery") {
		t.Errorf("sign-in locked: %q, want it to offer Account Recovery", got)
	}
}
