package trayhost

import (
	"os"
	"testing"

	"github.com/godbus/dbus/v5"
)

// The test needs a session bus: make test runs it inside a private dbus-run-session.
func TestHasWatcher_onlyWhileSomeoneOwnsTheName(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Skip("no session bus (make test provides one)")
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if HasWatcher(conn) {
		t.Fatal("a private test bus already has a tray host")
	}
	host, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	if reply, err := host.RequestName(watcher, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("taking the name: %v %v", reply, err)
	}
	if !HasWatcher(conn) || !Available() {
		t.Error("a tray host on the bus was not seen")
	}
}
