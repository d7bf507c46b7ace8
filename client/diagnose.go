package client

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"os"
	"sync"
	"syscall"
)

// Stages of a failure to reach a server, from the first step of a connection to the last.
// A *ConnError matches its stage and, for the network stages (up to ErrTLS for a protocol
// failure), ErrUnreachable too: trying again later may help. A certificate to decide on
// (ErrUntrustedCertificate, ErrCertificateInvalid, ErrCertificateChanged), ErrNotX360Sync and
// ErrUnsupportedAPI do not match ErrUnreachable: retrying cannot change them.
var (
	ErrNameNotFound = errors.New("client: server name not found")
	ErrRefused      = errors.New("client: connection refused")
	ErrTimeout      = errors.New("client: server did not answer in time")
	ErrProxy        = errors.New("client: proxy failed")
	ErrProxyAuth    = errors.New("client: proxy requires credentials")
	ErrTLS          = errors.New("client: secure connection failed")
	// ErrNotX360Sync: something answered, but not an x360Sync server (no /api/v1/server, an
	// HTML page, a 404).
	ErrNotX360Sync = errors.New("client: not an x360Sync server")
	// ErrUnsupportedAPI: an x360Sync server of an API version this app does not speak.
	ErrUnsupportedAPI = errors.New("client: unsupported API version")
)

// Details describe a connection attempt for a support ticket. They never hold a secret: no
// path beyond the address, no query, no header, no proxy credentials.
type Details struct {
	Address    string // the server address tried
	ResolvedIP string // the address connected to (empty through a proxy or before DNS)
	Proxy      string // host:port of the proxy used; empty for a direct connection
	TLSVersion string // e.g. "TLS 1.3", once a handshake completed
	HTTPStatus int    // the status of the answer, 0 when none came (a server that is not x360Sync)
}

// ConnError is a failure to reach the server, classified by Stage (one of the stage or
// certificate sentinels above).
type ConnError struct {
	Stage   error
	Details Details
	Err     error // the cause; its text is redacted, typed errors (certificates) kept
}

func (e *ConnError) Error() string {
	if e.Err == nil {
		return e.Stage.Error()
	}
	return e.Stage.Error() + ": " + e.Err.Error()
}

// Unwrap matches the stage, ErrUnreachable for network stages (see above), and the cause.
func (e *ConnError) Unwrap() []error {
	errs := []error{e.Stage}
	switch e.Stage {
	case ErrNotX360Sync, ErrUnsupportedAPI, ErrUntrustedCertificate, ErrCertificateInvalid, ErrCertificateChanged:
	default:
		errs = append(errs, ErrUnreachable)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// DetailsOf returns the details of a connection failure, if err is one.
func DetailsOf(err error) (Details, bool) {
	var ce *ConnError
	if errors.As(err, &ce) {
		return ce.Details, true
	}
	return Details{}, false
}

// trace records what a request's connection did, for Details.
type trace struct {
	mu       sync.Mutex
	tried    string // the last address a connection was started to
	resolved string // the address a connection was made to
	tls      uint16
}

func (t *trace) hooks() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		ConnectStart: func(_, addr string) {
			t.mu.Lock()
			t.tried = addr
			t.mu.Unlock()
		},
		ConnectDone: func(_, addr string, err error) {
			if err == nil {
				t.mu.Lock()
				t.resolved = addr
				t.mu.Unlock()
			}
		},
		GotConn: func(i httptrace.GotConnInfo) {
			t.mu.Lock()
			if a := i.Conn.RemoteAddr(); a != nil && t.resolved == "" {
				t.resolved = a.String()
			}
			t.mu.Unlock()
		},
		TLSHandshakeDone: func(cs tls.ConnectionState, err error) {
			if err == nil {
				t.mu.Lock()
				t.tls = cs.Version
				t.mu.Unlock()
			}
		},
	}
}

// details fills Details for a request to u sent through proxy (nil: direct).
func (t *trace) details(u *url.URL, proxy *url.URL) Details {
	t.mu.Lock()
	defer t.mu.Unlock()
	d := Details{Address: (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()}
	if proxy != nil {
		d.Proxy = proxy.Host // the proxy's credentials, if any, stay out
	} else if addr := cmp.Or(t.resolved, t.tried); addr != "" {
		if host, _, err := net.SplitHostPort(addr); err == nil {
			d.ResolvedIP = host
		}
	}
	if t.tls != 0 {
		d.TLSVersion = tls.VersionName(t.tls)
	}
	return d
}

// proxyAuthError is returned by the transport when a proxy answers CONNECT with 407.
type proxyAuthError struct{}

func (proxyAuthError) Error() string { return "proxy answered 407" }

// stageOf classifies a transport error. ctxErr is the request context's own error, so that a
// person's cancel stays a cancel while a deadline becomes ErrTimeout.
func stageOf(err, ctxErr error, proxied bool) error {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, ErrTLS):
		return firstOf(err, ErrUntrustedCertificate, ErrCertificateInvalid, ErrCertificateChanged)
	case errors.As(err, new(proxyAuthError)):
		return ErrProxyAuth
	case errors.As(err, &opErr) && opErr.Op == "proxyconnect":
		return ErrProxy
	case errors.As(err, &dnsErr):
		if proxied {
			return ErrProxy
		}
		return ErrNameNotFound
	case errors.Is(err, syscall.ECONNREFUSED) || isRefused(err):
		return ErrRefused
	case errors.Is(ctxErr, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded), isTimeout(err):
		return ErrTimeout
	case isTLS(err):
		return ErrTLS
	}
	return ErrUnreachable
}

func firstOf(err error, sentinels ...error) error {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s
		}
	}
	return ErrTLS
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// isTLS recognises a failed handshake that is not about the certificate: no common protocol
// version or cipher (an alert from the server), or a server that does not speak TLS at all.
func isTLS(err error) bool {
	var alert tls.AlertError
	var rh tls.RecordHeaderError
	var ve *tls.CertificateVerificationError
	var op *net.OpError
	if errors.As(err, &op) && (op.Op == "remote error" || op.Op == "local error") {
		return true // crypto/tls reports alerts this way
	}
	return errors.As(err, &alert) || errors.As(err, &rh) || errors.As(err, &ve) || errors.Is(err, http.ErrSchemeMismatch)
}

// newTransport is the client's own transport: the system's proxy, TLS 1.2 or later, the pin
// when there is one, and a typed error for a proxy that wants credentials.
func newTransport(pin string, proxy func(*http.Request) (*url.URL, error)) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = proxy
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	if pin != "" {
		tr.TLSClientConfig = pinConfig(pin)
	}
	tr.TLSHandshakeTimeout = attemptTimeout
	tr.OnProxyConnectResponse = func(_ context.Context, _ *url.URL, _ *http.Request, res *http.Response) error {
		if res.StatusCode == http.StatusProxyAuthRequired {
			return proxyAuthError{}
		}
		return nil
	}
	return tr
}
