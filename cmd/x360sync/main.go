// Command x360sync is the x360Sync Desktop client. It only wires: the terminal commands
// (register, status, signout), or the Fyne app against a server or the in-process demo server.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/x360sync/desktop/app/applog"
	"github.com/x360sync/desktop/app/cli"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	wizard.AppVersion = version
	if cli.IsCommand(os.Args[1:]) {
		os.Exit(cli.Main(context.Background(), os.Args[1:]))
	}
	flag.Usage = func() { fmt.Fprint(flag.CommandLine.Output(), cli.Usage) }
	showVersion := flag.Bool("version", false, "print the version and exit")
	opts := ui.Options{}
	flag.StringVar(&opts.Server, "server", "", "x360Sync server address, e.g. https://sync.example.com")
	flag.BoolVar(&opts.Demo, "demo", false, "run against an in-process mock server with the demo accounts")
	flag.Parse()
	if *showVersion {
		fmt.Println("x360sync", version)
		return
	}
	if opts.Demo {
		opts.Server = mockserver.StartDemo(context.Background(), os.Stderr)
	}
	var err error
	if opts.Session, err = session.Default(opts.Demo); err != nil {
		fmt.Fprintln(os.Stderr, "No folder for settings was found: set $HOME or $XDG_CONFIG_HOME.")
		os.Exit(1)
	}
	opts.Version = version
	if dir, err := applog.Dir(); err == nil {
		if logger, path, f, err := applog.Open(dir); err == nil {
			defer f.Close()
			logger.Info("x360sync started", "version", version, "demo", opts.Demo)
			opts.Session.ClientOptions = append(opts.Session.ClientOptions, client.WithLogger(logger))
			opts.LogPath = path
		}
	}
	a := fyneapp.NewWithID(ui.AppID)
	w := ui.NewMainWindow(a, opts)
	if opts.Demo && opts.Server != "" {
		ui.ShowDemoPhone(a, opts.Server)
	}
	w.ShowAndRun()
}
