package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/x360sync/desktop/app/applog"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/ui"
)

// wire builds the session of the profile the options name (the demo's, or the real one),
// with the log file, and in demo mode starts the in-process demo server.
func wire(ctx context.Context, o *ui.Options) (closeLog func(), err error) {
	if o.Session, err = session.Default(o.Demo); err != nil {
		return nil, err
	}
	if o.Demo {
		startDemo(ctx, o)
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
