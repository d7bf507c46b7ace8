// Command x360sync is the x360Sync Desktop client. It only wires: the terminal commands
// (register, status, signout), or the Fyne app against a server or the in-process demo server.
package main

import (
	"context"
	"flag"
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
	flag.Usage = func() { fmt.Fprint(flag.CommandLine.Output(), cli.Usage) }
	showVersion := flag.Bool("version", false, "print the version and exit")
	opts := ui.Options{Version: version}
	flag.StringVar(&opts.Server, "server", "", "x360Sync server address, e.g. https://sync.example.com")
	flag.BoolVar(&opts.Demo, "demo", false, "run against an in-process mock server with the demo accounts")
	flag.BoolVar(&opts.Background, "background", false, "started at sign-in: stay in the tray (locked when a PIN is set)")
	flag.Parse()
	if *showVersion {
		fmt.Println("x360sync", version)
		return
	}
	primary := firstInstance(opts.Demo) // a second launch has raised the first and exited
	defer primary.Close()
	closeLog := mustWire(&opts, false)
	defer closeLog()
	a := fyneapp.NewWithID(ui.AppID)
	w := ui.NewMainWindow(a, opts)
	primary.Serve(ui.RaiseOnRequest(w))
	if opts.Demo && opts.Server != "" {
		// After the event loop starts: a second window made before it delays the main
		// window's first frame (make bench measured it).
		a.Lifecycle().SetOnStarted(func() { ui.ShowDemoPhone(a, opts.Server) })
	}
	ui.Run(a, w, opts)
	opts.Session.Close() // a registration left unfinished is revoked
}

// runCommand runs a terminal command on the same wiring as the app (the demo's profile, for
// --demo; its in-process server is not started: only the app has one).
func runCommand(args []string, demo bool) int {
	if demo {
		args = args[1:]
	}
	o := ui.Options{Version: version}
	closeLog := mustWire(&o, demo)
	defer closeLog()
	return cli.Main(context.Background(), args, o.Session)
}
