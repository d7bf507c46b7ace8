package mockserver

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// DevMode says whether Serve serves the /dev/ endpoints, which hand out TOTP secrets and
// texted codes: fine on this machine, never by default on a network.
type DevMode int

// The zero value, DevAuto, means on unless Public.
const (
	DevAuto DevMode = iota
	DevOn
	DevOff
)

// String is the flag's value.
func (m *DevMode) String() string {
	switch *m {
	case DevOn:
		return "true"
	case DevOff:
		return "false"
	}
	return "auto"
}

// Set parses -dev, -dev=true or -dev=false.
func (m *DevMode) Set(v string) error {
	on, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	*m = DevOff
	if on {
		*m = DevOn
	}
	return nil
}

// IsBoolFlag lets -dev stand alone.
func (m *DevMode) IsBoolFlag() bool { return true }

// Options configures Serve, the mock server as a program.
type Options struct {
	Addr    string  // host:port; loopback unless Public
	Public  bool    // allow a non-loopback address
	Dev     DevMode // serve the /dev/ endpoints; by default only when not Public
	Data    string  // bbolt state file; empty keeps state in memory
	Seed    string  // fixture file; empty uses the demo fixture
	TLS     bool    // serve HTTPS with a generated self-signed certificate
	Out     io.Writer
	Version string
	// Ready, if set, receives the base URL once the server listens (used by the app's demo mode).
	Ready func(baseURL string)
}

// Serve runs the mock server until ctx ends, then shuts down gracefully.
func Serve(ctx context.Context, o Options) error {
	host, _, err := net.SplitHostPort(o.Addr)
	if err != nil {
		return fmt.Errorf("mockserver: -addr %q is not host:port", o.Addr)
	}
	if !o.Public && !isLoopback(host) {
		return fmt.Errorf("mockserver: %s is not a loopback address; pass -public to serve other machines", host)
	}
	dev := o.Dev == DevOn || o.Dev == DevAuto && !o.Public
	// The socket first: Ready can give the address at once, and a client that connects while
	// the state file is opened (a fresh bbolt file is two fsyncs, about 20 ms) waits in the
	// listen queue. The app's demo mode opens its window meanwhile.
	ln, scheme, err := listen(o, host)
	if err != nil {
		return err
	}
	defer ln.Close() // Serve closes it too; this is for the errors before
	base := scheme + "://" + ln.Addr().String()
	if o.Ready != nil {
		o.Ready(base)
	}
	s, closeStore, err := newServer(o, host, dev)
	if err != nil {
		return err
	}
	defer closeStore()
	if err := s.Init(); err != nil {
		return err
	}
	warnPublic(o.Out, o.Public, dev)
	printBanner(o.Out, base, s, dev)
	hs := &http.Server{
		Handler: s, ReadHeaderTimeout: serveTimeouts.readHeader, ReadTimeout: serveTimeouts.read,
		WriteTimeout: serveTimeouts.write, IdleTimeout: serveTimeouts.idle,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newServer is the Server that Serve runs: its seed, its state file (closeStore closes it),
// its dev endpoints and whether it checks the Host header (only when bound to loopback).
func newServer(o Options, host string, dev bool) (s *Server, closeStore func(), err error) {
	s = &Server{
		DisableDev: !dev, AnyHost: !isLoopback(host), Version: o.Version,
		Logger: slog.New(slog.NewTextHandler(o.Out, nil)),
	}
	s.OnMessage = func(m Message) { fmt.Fprintf(o.Out, "[%s to %s] %s\n", m.Channel, m.To, m.Text) }
	closeStore = func() {}
	if o.Seed != "" {
		if s.Fixture, err = os.ReadFile(o.Seed); err != nil {
			return nil, nil, fmt.Errorf("mockserver: read -seed file: %w", err)
		}
	}
	if o.Data != "" {
		b, err := OpenBolt(o.Data)
		if err != nil {
			return nil, nil, err
		}
		s.Store, closeStore = b, func() { _ = b.Close() }
	}
	return s, closeStore, nil
}

// listen opens the socket, wrapped in TLS with a fresh self-signed certificate when asked
// (its fingerprint is printed, for pinning or comparing).
func listen(o Options, host string) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return nil, "", fmt.Errorf("mockserver: listen on %s: %w", o.Addr, err)
	}
	if !o.TLS {
		return ln, "http", nil
	}
	cert, fp, err := selfSignedCert(host)
	if err != nil {
		ln.Close()
		return nil, "", err
	}
	fmt.Fprintf(o.Out, "TLS certificate SHA-256 fingerprint: %s\n", fp)
	return tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}), "https", nil
}

// warnPublic says loudly what a public server serves of the dev endpoints.
func warnPublic(w io.Writer, public, dev bool) {
	switch {
	case public && dev:
		fmt.Fprintln(w, "WARNING: -public with -dev: anyone who can reach this server can read every TOTP secret (/dev/users) and texted code (/dev/outbox), move its clock and inject faults. Use this only on a network you trust.")
	case public:
		fmt.Fprintln(w, "dev endpoints off (-public); pass -dev as well to turn them on")
	}
}

// serveTimeouts bound how long a connection may hold the server: a client that stops halfway
// through its headers or body is cut off. The write timeout leaves room for the longest
// injected fault delay (120 s). Tests shorten them.
var serveTimeouts = struct{ readHeader, read, write, idle time.Duration }{
	readHeader: 10 * time.Second, read: 30 * time.Second, write: 150 * time.Second, idle: 2 * time.Minute,
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// printBanner lists the demo accounts. Their shared password is a published demo value, not a
// secret, and printing it is what makes the mock usable without reading any code.
func printBanner(w io.Writer, base string, s *Server, dev bool) {
	fmt.Fprintf(w, "x360Sync mock server on %s (OpenAPI at %s/openapi.yaml)\n", base, base)
	if dev {
		fmt.Fprintf(w, "dev endpoints on: %s/dev/outbox, /dev/users, /dev/users/{username}/unlock, /dev/clock, /dev/faults, /dev/orgs/{org}/policy\n", base)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for n := range s.st.Users {
		names = append(names, n)
	}
	slices.Sort(names)
	fmt.Fprintf(w, "accounts (demo password %q unless -seed says otherwise):\n", DemoPassword)
	for _, n := range names {
		u := s.st.Users[n]
		mode := "no two-step"
		if u.TwoFactor.Enabled {
			mode = u.TwoFactor.Mode
		}
		org := s.st.Orgs[u.Org]
		policy := ""
		if org != nil && org.Require2FA {
			policy = ", org requires two-step"
		}
		fmt.Fprintf(w, "  %-8s %-20s %-8s %s%s\n", u.Username, u.Email, u.Org, mode, policy)
	}
}

// selfSignedCert makes a fresh P-256 certificate for host and returns its SHA-256 fingerprint,
// which a client can pin or a person can compare.
func selfSignedCert(host string) (tls.Certificate, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "x360Sync mock server"},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(30 * 24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")},
	}
	if ip := net.ParseIP(host); ip != nil && !ip.IsUnspecified() {
		tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
	} else if host != "" && host != "localhost" {
		tmpl.DNSNames = append(tmpl.DNSNames, host)
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	sum := sha256.Sum256(der)
	hexes := make([]string, len(sum))
	for i, b := range sum {
		hexes[i] = fmt.Sprintf("%02X", b)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, strings.Join(hexes, ":"), nil
}

// StartDemo serves the demo fixture on a random loopback port for the app's demo mode and
// returns its base URL once it listens; data, when set, is its bbolt state file, so devices
// registered in one demo run are still known in the next. It stops when ctx ends or the
// process exits.
func StartDemo(ctx context.Context, out io.Writer, data string) string {
	ready := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		listening := false
		err := Serve(ctx, Options{Addr: "127.0.0.1:0", Dev: DevOn, Data: data, Out: out, Ready: func(u string) {
			listening = true
			ready <- u
		}})
		if err != nil && listening { // StartDemo has returned: the state file could not be opened
			fmt.Fprintln(out, "demo server stopped:", err)
		}
		errc <- err
	}()
	select {
	case u := <-ready:
		return u
	case err := <-errc:
		fmt.Fprintln(out, "demo server did not start:", err)
		return ""
	}
}
