package client

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Certificate errors. Each typed error below matches one of these and ErrTLS with errors.Is
// (not ErrUnreachable: a certificate is a decision, not an outage).
var (
	// ErrUntrustedCertificate: the certificate is fine except that this computer does not
	// trust it (unknown authority, or a name that does not match); a person may pin it.
	ErrUntrustedCertificate = errors.New("client: certificate not trusted")
	// ErrCertificateInvalid: expired, not yet valid or otherwise unusable; never offered for trust.
	ErrCertificateInvalid = errors.New("client: certificate not valid")
	// ErrCertificateChanged: the server presented another certificate than the pinned one.
	ErrCertificateChanged = errors.New("client: certificate changed")
)

// CertInfo is what a person needs to decide whether to trust a certificate.
type CertInfo struct {
	Subject   string
	Issuer    string
	NotBefore time.Time
	NotAfter  time.Time
	// Fingerprint is the SHA-256 of the certificate in colon-separated upper-case hex, as
	// `mockserver -tls` prints it.
	Fingerprint string
	Names       []string // DNS names and IP addresses it is valid for
}

func certInfo(c *x509.Certificate) CertInfo {
	var names []string
	for _, n := range c.DNSNames {
		if n = printable(n); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, ip := range c.IPAddresses {
		if !slices.Contains(names, ip.String()) { // the mock server lists 127.0.0.1 twice
			names = append(names, ip.String())
		}
	}
	return CertInfo{
		Subject: printable(c.Subject.String()), Issuer: printable(c.Issuer.String()),
		NotBefore: c.NotBefore, NotAfter: c.NotAfter,
		Fingerprint: Fingerprint(c.Raw), Names: names,
	}
}

// maxCertField bounds a certificate field as shown; the server chooses its length.
const maxCertField = 200

// printable is a field of a certificate made safe to show: the server writes it, so a line
// break or a terminal escape in it could forge a "SHA-256" line or hide the real one. Control
// characters become \xNN, invalid UTF-8 is replaced, and the field is cut to maxCertField.
func printable(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case b.Len() >= maxCertField:
			return b.String() + "…"
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, "\\x%02X", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fingerprint is the SHA-256 of a DER certificate in colon-separated upper-case hex.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	hexes := make([]string, len(sum))
	for i, b := range sum {
		hexes[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(hexes, ":")
}

// NormalizeFingerprint accepts a SHA-256 fingerprint as people paste it (any case, with
// colons, spaces or nothing between the bytes, an optional "SHA256:" prefix) and returns the
// canonical form, or ErrBadFingerprint.
func NormalizeFingerprint(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "sha256:") {
		s = s[7:]
	}
	s = strings.NewReplacer(":", "", " ", "", "-", "").Replace(strings.ToUpper(s))
	if len(s) != 64 || strings.Trim(s, "0123456789ABCDEF") != "" {
		return "", ErrBadFingerprint
	}
	parts := make([]string, 32)
	for i := range parts {
		parts[i] = s[2*i : 2*i+2]
	}
	return strings.Join(parts, ":"), nil
}

// ErrBadFingerprint means a string is not a SHA-256 fingerprint.
var ErrBadFingerprint = errors.New("client: not a SHA-256 fingerprint")

// UntrustedReason says why this computer does not trust a certificate.
type UntrustedReason int

// The reasons; a certificate can have both.
const (
	UnknownAuthority UntrustedReason = 1 << iota // self-signed or a private CA
	NameMismatch                                 // not valid for the address (often an IP address)
)

// UntrustedCertError is a handshake that failed only because the certificate is not trusted
// here. Cert may be pinned with WithPinnedCertificate(Cert.Fingerprint).
type UntrustedCertError struct {
	Cert   CertInfo
	Reason UntrustedReason
}

func (e *UntrustedCertError) Error() string {
	return "client: certificate not trusted (" + e.Cert.Fingerprint + ")"
}

// Unwrap matches ErrUntrustedCertificate and ErrTLS.
func (e *UntrustedCertError) Unwrap() []error { return []error{ErrUntrustedCertificate, ErrTLS} }

// InvalidCertError is a certificate that cannot be used whoever trusts it: expired, not yet
// valid, or not meant for a server. It is never offered for trust.
type InvalidCertError struct {
	Cert CertInfo
	// Expired and NotYetValid say which dates failed; both false means another defect.
	Expired, NotYetValid bool
}

func (e *InvalidCertError) Error() string {
	switch {
	case e.Expired:
		return "client: certificate expired on " + e.Cert.NotAfter.UTC().Format(time.DateOnly)
	case e.NotYetValid:
		return "client: certificate not valid before " + e.Cert.NotBefore.UTC().Format(time.DateOnly)
	}
	return "client: certificate not usable for a server"
}

// Unwrap matches ErrCertificateInvalid and ErrTLS.
func (e *InvalidCertError) Unwrap() []error { return []error{ErrCertificateInvalid, ErrTLS} }

// CertChangedError is a server that presented another certificate than the pinned one. The
// handshake stopped before anything was sent.
type CertChangedError struct {
	Pinned string   // the fingerprint that was trusted
	Cert   CertInfo // what the server presents now
}

func (e *CertChangedError) Error() string {
	return "client: certificate changed from " + e.Pinned + " to " + e.Cert.Fingerprint
}

// Unwrap matches ErrCertificateChanged and ErrTLS.
func (e *CertChangedError) Unwrap() []error { return []error{ErrCertificateChanged, ErrTLS} }

// WithPinnedCertificate trusts the server's certificate by its SHA-256 fingerprint only (as
// Fingerprint formats it; NormalizeFingerprint accepts other spellings), in every request of
// this client, instead of the system's trust store. Any other certificate stops the handshake
// with a *CertChangedError before a request is written. An empty fingerprint pins nothing.
func WithPinnedCertificate(fingerprint string) Option {
	return func(c *Client) { c.pin = fingerprint }
}

// pinConfig verifies the peer by fingerprint alone. Dates are not checked: the person trusted
// this exact certificate, as Nextcloud and Seafile do.
func pinConfig(want string) *tls.Config {
	return &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, //nolint:gosec // verified by fingerprint in VerifyConnection
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return &InvalidCertError{}
			}
			leaf := cs.PeerCertificates[0]
			if Fingerprint(leaf.Raw) != want {
				return &CertChangedError{Pinned: want, Cert: certInfo(leaf)}
			}
			return nil
		},
	}
}

// certError turns a failed verification into the typed error a person can act on, or nil
// when err is not a certificate verification failure.
func certError(err error, host string, now time.Time) error {
	var ve *tls.CertificateVerificationError
	if !errors.As(err, &ve) || len(ve.UnverifiedCertificates) == 0 {
		return nil
	}
	leaf := ve.UnverifiedCertificates[0]
	info := certInfo(leaf)
	switch {
	case now.After(leaf.NotAfter):
		return &InvalidCertError{Cert: info, Expired: true}
	case now.Before(leaf.NotBefore):
		return &InvalidCertError{Cert: info, NotYetValid: true}
	}
	var reason UntrustedReason
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	switch {
	case errors.As(ve.Err, &ua):
		reason |= UnknownAuthority
	case errors.As(ve.Err, &he):
		reason |= NameMismatch
	default:
		return &InvalidCertError{Cert: info} // wrong usage, bad signature, ...
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if leaf.VerifyHostname(host) != nil {
		reason |= NameMismatch
	}
	return &UntrustedCertError{Cert: info, Reason: reason}
}
