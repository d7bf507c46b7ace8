// Package trayhost says whether this desktop shows tray icons, so the app knows whether
// closing its window may hide it (there is a tray icon to bring it back) or must quit.
package trayhost

import (
	"os"
	"runtime"

	"github.com/godbus/dbus/v5"
)

// watcher is the D-Bus name of the StatusNotifierItem host that Linux tray icons register
// with (KDE, GNOME with the AppIndicator extension, XFCE, waybar, ...).
const watcher = "org.kde.StatusNotifierWatcher"

// Available reports whether a tray host is running: always on macOS and Windows, and on Linux
// when the session bus has a StatusNotifierWatcher.
func Available() bool {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return true
	}
	// Without a session bus address godbus would try to autolaunch a bus: there is no tray then.
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return false
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false
	}
	defer conn.Close()
	return HasWatcher(conn)
}

// HasWatcher asks the bus whether the StatusNotifierWatcher name has an owner.
func HasWatcher(conn *dbus.Conn) bool {
	var owned bool
	err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, watcher).Store(&owned)
	return err == nil && owned
}
