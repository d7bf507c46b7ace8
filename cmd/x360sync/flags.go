package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/x360sync/desktop/app/autostart"
	"github.com/x360sync/desktop/ui"
	"github.com/x360sync/desktop/ui/cli"
)

// parseFlags reads the desktop app's flags.
func parseFlags() (o ui.Options, showVersion bool) {
	flag.Usage = func() { fmt.Fprint(flag.CommandLine.Output(), cli.Usage) }
	v := flag.Bool("version", false, "print the version and exit")
	o.Version = version
	flag.StringVar(&o.Server, "server", "", "x360Sync server address, e.g. https://sync.example.com")
	flag.BoolVar(&o.Demo, "demo", false, "run against an in-process mock server with the demo accounts")
	flag.BoolVar(&o.Background, strings.TrimPrefix(autostart.BackgroundFlag, "--"), false, "started at sign-in: stay in the tray (locked when a PIN is set)")
	flag.Parse()
	return o, *v
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
	return cli.Main(context.Background(), args, o.Session, o.StartAtSignIn, demo) // StartAtSignIn: nil for the demo
}
