package config

import (
	"maps"
	"net/url"
	"strings"
)

// A pin is a certificate a person chose to trust for one server, kept as its SHA-256
// fingerprint (client.Fingerprint's format). It is not a secret: it only says which public
// certificate to accept. Pins are keyed by the server's origin (scheme://host:port), so a
// trailing slash or a path never makes a second pin for the same server.

// PinKey is the key of a server's pin: its address reduced to scheme://host[:port], lower case.
func PinKey(server string) string {
	u, err := url.Parse(strings.TrimSpace(server))
	if err != nil || u.Host == "" {
		return strings.TrimRight(strings.ToLower(strings.TrimSpace(server)), "/")
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// Pin is the fingerprint trusted for server, or "".
func (s State) Pin(server string) string { return s.Pins[PinKey(server)] }

// WithPin returns the state with server's pin set (an empty fingerprint forgets it). The map
// is copied, so a State handed out as a snapshot is never changed behind its holder's back.
func (s State) WithPin(server, fingerprint string) State {
	pins := maps.Clone(s.Pins)
	if fingerprint == "" {
		delete(pins, PinKey(server))
	} else {
		if pins == nil {
			pins = map[string]string{}
		}
		pins[PinKey(server)] = fingerprint
	}
	if len(pins) == 0 {
		pins = nil
	}
	s.Pins = pins
	return s
}
