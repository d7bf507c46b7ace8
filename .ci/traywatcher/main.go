// Command traywatcher stands in for a desktop's tray host in make e2e. "traywatcher serve"
// owns org.kde.StatusNotifierWatcher on the session bus and prints "registered BUSNAME PATH"
// for every tray icon that registers; "traywatcher close WINDOW-ID" asks a window to close the
// way a window manager's close button does (WM_DELETE_WINDOW), which Xvfb alone cannot.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/godbus/dbus/v5"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

type watcher struct{}

// RegisterStatusNotifierItem is what a tray icon calls to appear in the tray.
func (watcher) RegisterStatusNotifierItem(sender dbus.Sender, path string) *dbus.Error {
	fmt.Printf("registered %s %s\n", sender, path)
	return nil
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "close" {
		id, err := strconv.ParseUint(os.Args[2], 10, 32)
		if err == nil {
			err = closeWindow(xproto.Window(id))
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "traywatcher:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) != 2 || os.Args[1] != "serve" {
		fmt.Fprintln(os.Stderr, "usage: traywatcher serve | traywatcher close WINDOW-ID")
		os.Exit(2)
	}
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
	if err := conn.Export(watcher{}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		fmt.Fprintln(os.Stderr, "traywatcher:", err)
		os.Exit(1)
	}
	if reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		fmt.Fprintln(os.Stderr, "traywatcher: the watcher name is taken", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	select {}
}

// closeWindow sends the window a WM_PROTOCOLS / WM_DELETE_WINDOW client message.
func closeWindow(w xproto.Window) error {
	x, err := xgb.NewConn()
	if err != nil {
		return err
	}
	defer x.Close()
	atom := func(name string) (xproto.Atom, error) {
		r, err := xproto.InternAtom(x, false, uint16(len(name)), name).Reply()
		if err != nil {
			return 0, err
		}
		return r.Atom, nil
	}
	protocols, err := atom("WM_PROTOCOLS")
	if err != nil {
		return err
	}
	del, err := atom("WM_DELETE_WINDOW")
	if err != nil {
		return err
	}
	ev := xproto.ClientMessageEvent{
		Format: 32, Window: w, Type: protocols,
		Data: xproto.ClientMessageDataUnionData32New([]uint32{uint32(del), xproto.TimeCurrentTime, 0, 0, 0}),
	}
	return xproto.SendEventChecked(x, false, w, xproto.EventMaskNoEvent, string(ev.Bytes())).Check()
}
