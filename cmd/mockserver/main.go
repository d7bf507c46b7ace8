// Command mockserver serves the bundled x360Sync mock API: the demo backend and the test double.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/x360sync/desktop/client/mockserver"
)

var version = "dev"

func main() {
	var o mockserver.Options
	flag.StringVar(&o.Addr, "addr", "127.0.0.1:8787", "address to listen on (loopback unless -public)")
	flag.BoolVar(&o.Public, "public", false, "allow a non-loopback -addr")
	flag.Var(&o.Dev, "dev", "serve the /dev/ endpoints (outbox, clock, faults, policy, users); on by default on loopback, off with -public unless given")
	flag.StringVar(&o.Data, "data", "", "persist all state in this bbolt file")
	flag.StringVar(&o.Seed, "seed", "", "load this fixture instead of the demo accounts")
	flag.BoolVar(&o.TLS, "tls", false, "serve HTTPS with a generated self-signed certificate")
	flag.Parse()
	o.Out, o.Version = os.Stdout, version
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := mockserver.Serve(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
