// Package tlstest runs the real mock server the way `mockserver -tls` does, for tests: its own
// generated self-signed certificate, the fingerprint it prints, and its request log, so a test
// can compare what a client was shown with what the server printed, and prove that nothing
// reached the server. Only tests import it.
package tlstest

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/x360sync/desktop/client/mockserver"
)

// Server is a running `mockserver -tls`.
type Server struct {
	Base        string // https://host:port
	Fingerprint string // as the server printed it
	out         *syncBuffer
	stop        func()
}

var fpLine = regexp.MustCompile(`TLS certificate SHA-256 fingerprint: (\S+)`)

// Start serves o with TLS (and the /dev/ endpoints) until the test ends or Stop. Pass the
// same Addr and Data again to restart a server with a new certificate and the same state.
func Start(t testing.TB, o mockserver.Options) *Server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	ready := make(chan string, 1)
	done := make(chan error, 1)
	o.TLS, o.Out, o.Dev = true, out, mockserver.DevOn
	o.Ready = func(u string) { ready <- u }
	go func() { done <- mockserver.Serve(ctx, o) }()
	s := &Server{out: out}
	select {
	case s.Base = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("mock server did not start: %v", err)
	}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("mock server: %v", err)
			}
		})
	}
	t.Cleanup(s.stop)
	sub := fpLine.FindStringSubmatch(out.String())
	if sub == nil {
		t.Fatalf("no fingerprint in the mock server's output:\n%s", out)
	}
	s.Fingerprint = sub[1]
	return s
}

// Stop shuts the server down (gracefully, as at Ctrl-C).
func (s *Server) Stop() { s.stop() }

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return strings.TrimPrefix(s.Base, "https://") }

// Served counts the requests the server has handled.
func (s *Server) Served() int { return strings.Count(s.out.String(), "msg=request") }

// Log is everything the server printed.
func (s *Server) Log() string { return s.out.String() }

// syncBuffer is the server's output, written by its goroutines and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
