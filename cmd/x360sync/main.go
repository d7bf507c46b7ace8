// Command x360sync is the x360Sync Desktop client. It only wires: the terminal commands
// (register, status, signout), or the Fyne app against a server or the in-process demo server.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/x360sync/desktop/app/applog"
	"github.com/x360sync/desktop/app/cli"
	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/instance"
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
	// One copy per profile, decided before anything slow (the demo server) or visible: a
	// second launch asks the first to show its window and ends.
	profile, err := config.Dir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "No folder for settings was found: set $HOME or $XDG_CONFIG_HOME.")
		os.Exit(1)
	}
	if opts.Demo {
		profile = filepath.Join(profile, "demo")
	}
	primary, err := instance.Start(context.Background(), profile)
	switch {
	case errors.Is(err, instance.ErrRaised):
		return
	case errors.Is(err, instance.ErrNoAnswer):
		fmt.Fprintln(os.Stderr, "x360Sync is already open on this computer but did not answer, or x360sync register or signout is running in a terminal. Use that window or finish that command; if it hangs, end it, then start x360Sync again.")
		os.Exit(1)
	case err != nil:
		fmt.Fprintf(os.Stderr, "x360Sync could not check whether it is already open: its settings folder %s cannot be written. Check that folder's permissions, then start x360Sync again.\n", profile)
		os.Exit(1)
	}
	defer primary.Close()
	if opts.Demo {
		opts.Server = mockserver.StartDemo(context.Background(), os.Stderr)
	}
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
	primary.Serve(ui.RaiseOnRequest(w))
	if opts.Demo && opts.Server != "" {
		ui.ShowDemoPhone(a, opts.Server)
	}
	w.ShowAndRun()
}
