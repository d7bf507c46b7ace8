package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"fyne.io/fyne/v2"

	"github.com/x360sync/desktop/app/applog"
	"github.com/x360sync/desktop/app/autostart"
	"github.com/x360sync/desktop/app/instance"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/ui"
)

// startAtSignIn is app/autostart as the UI asks for it.
type startAtSignIn struct{}

func (startAtSignIn) Enable() error          { return autostart.Enable() }
func (startAtSignIn) Disable() error         { return autostart.Disable() }
func (startAtSignIn) Enabled() (bool, error) { return autostart.Enabled() }

// firstInstance makes this process the one copy of the app for its profile, decided before
// anything slow (the demo server) or visible. A second launch asks the first to show its
// window and exits 0; one that cannot tell says why and exits 1.
func firstInstance(demo bool) *instance.Primary {
	profile, err := session.ProfileDir(demo)
	if err != nil {
		fmt.Fprintln(os.Stderr, noFolder)
		os.Exit(1)
	}
	primary, err := instance.Start(context.Background(), profile)
	switch {
	case errors.Is(err, instance.ErrRaised):
		fmt.Println("x360Sync is already open: its window was brought to the front.")
		os.Exit(0)
	case errors.Is(err, instance.ErrNoAnswer):
		fmt.Fprintln(os.Stderr, "x360Sync is already open on this computer but did not answer, or x360sync register or signout is running in a terminal. Use that window or finish that command; if it hangs, end it, then start x360Sync again.")
		os.Exit(1)
	case err != nil:
		fmt.Fprintf(os.Stderr, "x360Sync could not check whether it is already open: its settings folder %s cannot be written. Check that folder's permissions, then start x360Sync again.\n", profile)
		os.Exit(1)
	}
	return primary
}

const noFolder = "No folder for settings was found: set $HOME or $XDG_CONFIG_HOME."

// mustWire is wire for the mains: without a settings folder there is nothing to run. A
// terminal command for the demo's profile (profileOnly) gets its session without the demo's
// in-process server.
func mustWire(o *ui.Options, profileOnly bool) (closeLog func()) {
	closeLog, err := wire(context.Background(), o, profileOnly)
	if err != nil {
		fmt.Fprintln(os.Stderr, noFolder)
		os.Exit(1)
	}
	return closeLog
}

// wire builds the session of the profile the options name (the demo's, or the real one; a
// terminal command may ask for the demo's profile alone), with the log file, and in demo mode
// starts the in-process demo server.
func wire(ctx context.Context, o *ui.Options, demoProfile bool) (closeLog func(), err error) {
	if o.Session, err = session.Default(o.Demo || demoProfile); err != nil {
		return nil, err
	}
	if o.Demo {
		startDemo(ctx, o)
	} else if !demoProfile {
		// A sync client starts at sign-in; a registration signed out (or wiped) stops it.
		o.StartAtSignIn = startAtSignIn{}
		o.Session.SignedOut = func() { _ = autostart.Disable() }
	}
	closeLog = func() {}
	if dir, err := applog.Dir(); err == nil {
		if logger, path, f, err := applog.Open(dir); err == nil {
			logger.Info("x360sync started", "version", o.Version, "demo", o.Demo)
			o.Session.ClientOptions = append(o.Session.ClientOptions, client.WithLogger(logger))
			o.LogPath, closeLog = path, func() { _ = f.Close() }
		}
	}
	return closeLog, nil
}

// startDemo runs the mock server with the demo accounts in this process, its data in the demo
// profile folder beside the demo's own state file and keyring service: a second `make run`
// resumes the registration of the first. The server's port is new each run; the session
// rewrites the saved address to it.
func startDemo(ctx context.Context, o *ui.Options) {
	dir, err := session.ProfileDir(true)
	var data string
	if err == nil && os.MkdirAll(dir, 0o700) == nil {
		data = filepath.Join(dir, "mockserver.db")
	}
	o.Server = mockserver.StartDemo(ctx, os.Stderr, data)
	o.Session.Server = o.Server
}

// pauseGC turns garbage collection off until the event loop starts (resume): five cycles ran
// before the first frame, for garbage of a few MB (GODEBUG=gctrace=1); xprobe measured 6-11%
// less CPU to the first frame without them. Resume turns it back on and, off the UI
// goroutine, gives back to the system what the start-up no longer needs (the steady RSS stays
// within 4 MiB of before).
func pauseGC() (resume func()) {
	gc := debug.SetGCPercent(-1)
	return func() {
		debug.SetGCPercent(gc)
		go debug.FreeOSMemory()
	}
}

// started runs once the event loop does, after the main window's first frame: the collector
// resumes, a locked session gets its PIN's derivation ready (it would slow that frame), and in
// demo mode the Demo phone opens (a second window made before the loop delays the main
// window's first frame; make bench measured it).
func started(a fyne.App, o ui.Options, resumeGC func()) {
	resumeGC()
	o.Session.PrepareUnlock()
	if o.Demo && o.Server != "" {
		ui.ShowDemoPhone(a, o.Server)
	}
}
