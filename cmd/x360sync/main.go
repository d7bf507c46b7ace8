// Command x360sync is the x360Sync Desktop client. It only wires: the terminal commands
// (register, status, signout), or the Fyne app against a server or the in-process demo server.
package main

import (
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/ui"
	"github.com/x360sync/desktop/ui/cli"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	wizard.AppVersion = version
	if command, demo := cli.IsCommand(os.Args[1:]); command {
		os.Exit(runCommand(os.Args[1:], demo))
	}
	opts, showVersion := parseFlags()
	if showVersion {
		fmt.Println("x360sync", version)
		return
	}
	resumeGC := pauseGC()
	primary := firstInstance(opts.Demo) // a second launch has raised the first and exited
	closeLog := mustWire(&opts, false)
	a := fyneapp.NewWithID(ui.AppID)
	w := ui.NewMainWindow(a, opts)
	primary.Serve(ui.RaiseOnRequest(w))
	a.Lifecycle().SetOnStarted(func() { started(a, opts, resumeGC) })
	ui.Run(a, w, opts, func() {
		opts.Session.Close() // a registration left unfinished is revoked
		closeLog()
		primary.Close()
	})
}
