package mockserver

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// carolOn is carol's sign-in from the device that holds the revoke key with this digest.
func carolOn(digest string) api.LoginRequest {
	r := loginReq("carol")
	r.Device.RevokeKeySHA256 = digest
	return r
}

func (e *env) loginAs(req api.LoginRequest) api.AuthResponse {
	e.t.Helper()
	st, body := e.post("/api/v1/auth/login", req)
	if st != http.StatusOK {
		e.t.Fatalf("login: got %d %s, want 200", st, body)
	}
	return decodeAs[api.AuthResponse](e.t, body)
}

func (e *env) texts(to string) int {
	n := 0
	for _, m := range e.outbox(to) {
		if m.Channel == "sms" {
			n++
		}
	}
	return n
}

var (
	thisDevice  = strings.Repeat("a1", 32)
	otherDevice = strings.Repeat("b2", 32)
)

func TestSMS_signingInAgainFromTheSameDeviceTakesUpTheCodeSent(t *testing.T) {
	e := newEnv(t)
	first := e.loginAs(carolOn(thisDevice))
	if first.CodeAlreadySent || first.ResendAfter != 30 {
		t.Errorf("first sign-in: already sent %v, resend_after %d; want false, 30", first.CodeAlreadySent, first.ResendAfter)
	}
	code := e.lastSMS(carolPhone)
	if st, _ := e.verify(first.Challenge, "000000"); st != http.StatusUnauthorized {
		t.Fatal("a wrong code should fail")
	}
	e.clock.Advance(20 * time.Second)
	again := e.loginAs(carolOn(thisDevice))
	if n := e.texts(carolPhone); n != 1 {
		t.Errorf("texts after signing in again: %d, want 1", n)
	}
	if again.Status != api.StatusCodeRequired || again.Challenge != first.Challenge || !again.CodeAlreadySent ||
		again.ResendAfter != 10 || again.PhoneHint == "" || again.ExpiresIn != first.ExpiresIn-20 {
		t.Errorf("second sign-in: %+v; want the same challenge, code_already_sent, resend_after 10, expires_in %d", again, first.ExpiresIn-20)
	}
	// The challenge is the same one: its wrong code still counts, so signing in again never
	// buys more guesses at one code.
	e.srv.mu.Lock()
	failures := e.srv.st.Challenges[first.Challenge].Failures
	e.srv.mu.Unlock()
	if failures != 1 {
		t.Errorf("the challenge's failures after signing in again: %d, want 1", failures)
	}
	// Resend is still the way to another text, with its own gap.
	if st, body := e.post("/api/v1/auth/sms/resend", api.ResendRequest{Challenge: again.Challenge}); st != http.StatusTooManyRequests {
		t.Errorf("resend inside the gap: got %d %s, want 429", st, body)
	}
	e.clock.Advance(10 * time.Second)
	if st, body := e.post("/api/v1/auth/sms/resend", api.ResendRequest{Challenge: again.Challenge}); st != http.StatusOK || e.texts(carolPhone) != 2 {
		t.Errorf("resend after the gap: got %d %s and %d texts, want 200 and 2", st, body, e.texts(carolPhone))
	}
	if st, body := e.verify(again.Challenge, code); st != http.StatusOK {
		t.Errorf("the code of the first text: got %d %s, want 200", st, body)
	}
}

func TestSMS_signingInAgainTextsWhenNoCodeSentIsUsable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		second api.LoginRequest
		before func(e *env, ch string)
	}{
		{"another device", carolOn(otherDevice), func(*env, string) {}},
		{"a device without a revoke key", loginReq("carol"), func(*env, string) {}},
		{"the code about to expire", carolOn(thisDevice), func(e *env, _ string) { e.clock.Advance(smsCodeTTL - smsReuseLeft + time.Second) }},
		{"the challenge out of guesses", carolOn(thisDevice), func(e *env, ch string) {
			for range maxFailures {
				e.verify(ch, "000000")
			}
		}},
		{"the code used", carolOn(thisDevice), func(e *env, ch string) { e.verify(ch, e.lastSMS(carolPhone)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			first := e.loginAs(carolOn(thisDevice))
			tc.before(e, first.Challenge)
			e.resetLoginFailures("carol")
			e.clock.Advance(time.Second)
			again := e.loginAs(tc.second)
			if again.Challenge == first.Challenge || again.CodeAlreadySent || e.texts(carolPhone) != 2 || again.ResendAfter != 30 {
				t.Errorf("second sign-in: %+v with %d texts; want a new challenge and a second text", again, e.texts(carolPhone))
			}
		})
	}
}
