// Package demophone is the Demo phone's logic, without a UI: in demo mode a newcomer has no
// phone, so the app reads what one would show from the demo server's dev endpoints — the text
// messages and emails it sent (/dev/outbox) and, for every account with an authenticator
// secret, including one being enrolled right now (/dev/users), the current code and how long
// it stays valid.
package demophone

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/client/api"
)

// Code is one account's current authenticator code.
type Code struct {
	Username string
	Code     string
	Left     int // seconds until the next code
}

// Message is one text message or email the demo server sent, as /dev/outbox lists it (the
// wire type is in client/api, so the app's code never links the mock server; .ci/layers.sh
// checks it).
type Message = api.OutboxMessage

// devUser is the part of a /dev/users entry the phone needs.
type devUser struct {
	Username   string `json:"username"`
	TOTPSecret string `json:"totp_secret,omitempty"`
}

// Screen is what the phone shows now: codes by username, messages newest first.
type Screen struct {
	Codes    []Code
	Messages []Message
}

// Phone reads the demo server at Server. HTTP and Now default to http.DefaultClient and
// time.Now.
type Phone struct {
	Server string
	HTTP   *http.Client
	Now    func() time.Time
}

// Read fetches the outbox and the accounts and works out the codes.
func (p *Phone) Read(ctx context.Context) (Screen, error) {
	var s Screen
	var users []devUser
	if err := p.get(ctx, "/dev/users", &users); err != nil {
		return s, err
	}
	if err := p.get(ctx, "/dev/outbox", &s.Messages); err != nil {
		return s, err
	}
	sort.SliceStable(s.Messages, func(i, j int) bool { return s.Messages[i].At.After(s.Messages[j].At) })
	now := time.Now()
	if p.Now != nil {
		now = p.Now()
	}
	for _, u := range users {
		if u.TOTPSecret == "" {
			continue
		}
		code, err := totp.GenerateCode(u.TOTPSecret, now)
		if err != nil {
			continue
		}
		s.Codes = append(s.Codes, Code{Username: u.Username, Code: code, Left: 30 - int(now.Unix()%30)})
	}
	return s, nil
}

func (p *Phone) get(ctx context.Context, path string, out any) error {
	hc := p.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.Server+path, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("demophone: %s answered %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
