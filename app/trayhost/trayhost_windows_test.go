package trayhost

import "testing"

// TestAvailable_windowsNeedsNoDBus: Windows always has a notification area, and the answer
// does not depend on a D-Bus session (run under Wine by make windows-test).
func TestAvailable_windowsNeedsNoDBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	if !Available() {
		t.Error("Available() = false on Windows, want true")
	}
}
