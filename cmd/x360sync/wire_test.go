package main

import (
	"context"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/ui"
)

// demoRun is one `x360sync --demo`: the real wiring, with the keyring replaced by store (the
// test has no Secret Service of its own here; the demo keyring service is checked below).
func demoRun(t *testing.T, ctx context.Context, store vault.Store) *session.Manager {
	t.Helper()
	o := ui.Options{Demo: true}
	closeLog, err := wire(ctx, &o, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeLog)
	if k, ok := o.Session.Vault.(vault.Keyring); !ok || k.Service != vault.Service+".demo" {
		t.Errorf("demo mode's keyring: %#v, want the service %s.demo", o.Session.Vault, vault.Service)
	}
	o.Session.Vault, o.Session.KDF = store, pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}
	if err := o.Session.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return o.Session
}

func TestDemo_secondRunResumesTheRegistration(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	store := &vault.Memory{}
	ctx1, stop1 := context.WithCancel(context.Background())
	first := demoRun(t, ctx1, store)
	f := first.NewFlow()
	if err := f.SubmitServer(ctx1, first.Server); err != nil {
		t.Fatal(err)
	}
	if err := f.SubmitSignIn(ctx1, "alice", mockserver.DemoPassword, "laptop"); err != nil {
		t.Fatal(err)
	}
	device := first.Info().DeviceID
	stop1()
	time.Sleep(100 * time.Millisecond) // the first demo server shuts down and closes its data
	ctx2, stop2 := context.WithCancel(context.Background())
	defer stop2()
	second := demoRun(t, ctx2, store)
	if second.State() != session.Unlocked {
		t.Fatalf("the second demo run starts %v, want Unlocked", second.State())
	}
	me, err := second.Account(ctx2)
	if err != nil || me.Username != "alice" {
		t.Fatalf("the second demo run cannot use the registration: %+v %v", me, err)
	}
	devs, err := second.Devices(ctx2)
	if err != nil || len(devs) != 1 || devs[0].ID != device {
		t.Errorf("devices on the second run: %+v %v, want %s", devs, err, device)
	}
}
