package mockserver

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
)

func (e *env) refresh(token string) (int, []byte) {
	return e.post("/api/v1/auth/refresh", api.RefreshRequest{RefreshToken: token})
}

func TestRefresh_rotatesAndGraceReuseReturnsSamePair(t *testing.T) {
	e := newEnv(t)
	first := e.registerBob()
	st, body := e.refresh(first.RefreshToken)
	if st != http.StatusOK {
		t.Fatalf("refresh: got %d %s", st, body)
	}
	second := decodeAs[api.Tokens](t, body)
	if second.RefreshToken == first.RefreshToken || second.AccessToken == first.AccessToken || second.DeviceID != first.DeviceID {
		t.Fatalf("got %+v, want a rotated pair for the same device", second)
	}
	// The old access token is no longer accepted.
	if st, _ := e.bearer("GET", "/api/v1/me", first.AccessToken, nil); st != http.StatusUnauthorized {
		t.Errorf("old access token: got %d, want 401", st)
	}
	// A client that lost the answer retries within 60 s and gets the same pair.
	e.clock.Advance(59 * time.Second)
	st, body = e.refresh(first.RefreshToken)
	if again := decodeAs[api.Tokens](t, body); st != http.StatusOK || again != second {
		t.Fatalf("reuse in grace: got %d %+v, want the same pair %+v", st, again, second)
	}
	if st, _ := e.bearer("GET", "/api/v1/me", second.AccessToken, nil); st != http.StatusOK {
		t.Errorf("new access token: got %d, want 200", st)
	}
}

func TestRefresh_reuseAfterGraceRevokesTheDevice(t *testing.T) {
	e := newEnv(t)
	first := e.registerBob()
	_, body := e.refresh(first.RefreshToken)
	second := decodeAs[api.Tokens](t, body)
	e.clock.Advance(61 * time.Second)
	if st, body := e.refresh(first.RefreshToken); st != http.StatusUnauthorized || errCode(t, body) != api.CodeInvalidGrant {
		t.Fatalf("stale reuse: got %d %s, want 401 invalid_grant", st, body)
	}
	if st, body := e.refresh(second.RefreshToken); errCode(t, body) != api.CodeInvalidGrant {
		t.Errorf("the thief-proofed device's current token: got %d %s, want invalid_grant (device revoked)", st, body)
	}
}

func TestRefresh_absoluteLifeIs30Days(t *testing.T) {
	e := newEnv(t)
	tok := e.registerBob()
	for range 29 {
		e.clock.Advance(24 * time.Hour)
		st, body := e.refresh(tok.RefreshToken)
		if st != http.StatusOK {
			t.Fatalf("refresh within 30 days: got %d %s", st, body)
		}
		tok = decodeAs[api.Tokens](t, body)
	}
	e.clock.Advance(25 * time.Hour)
	if st, body := e.refresh(tok.RefreshToken); errCode(t, body) != api.CodeInvalidGrant {
		t.Errorf("after 30 days: got %d %s, want invalid_grant", st, body)
	}
}

func TestRefresh_policyTurnedOnLaterRequiresEnrolment(t *testing.T) {
	e := newEnv(t)
	tok := e.login("alice").Tokens()
	e.do("PUT", "/dev/orgs/Acme/policy", `{"require_2fa":true,"require_pin":true}`, nil)
	if st, body := e.refresh(tok.RefreshToken); st != http.StatusForbidden || errCode(t, body) != api.CodeEnrollmentRequired {
		t.Errorf("refresh: got %d %s, want 403 enrollment_required", st, body)
	}
	if st, body := e.bearer("GET", "/api/v1/devices", tok.AccessToken, nil); st != http.StatusForbidden {
		t.Errorf("devices: got %d %s, want 403", st, body)
	}
	if r := e.login("alice"); r.Status != api.StatusEnrollmentRequired {
		t.Errorf("login: got %+v, want enrollment_required", r)
	}
}

func TestDevices_listRevokeAndSignOut(t *testing.T) {
	e := newEnv(t)
	a := e.login("alice").Tokens()
	e.clock.Advance(time.Second)
	b := e.login("alice").Tokens()
	bob := e.registerBob()
	st, body := e.bearer("GET", "/api/v1/devices", b.AccessToken, nil)
	list := decodeAs[[]api.Device](t, body)
	if st != http.StatusOK || len(list) != 2 || list[0].ID != a.DeviceID || list[0].Current || !list[1].Current {
		t.Fatalf("devices: got %d %+v", st, list)
	}
	if st, _ := e.bearer("DELETE", "/api/v1/devices/"+bob.DeviceID, b.AccessToken, nil); st != http.StatusNotFound {
		t.Errorf("revoking someone else's device: got %d, want 404", st)
	}
	if st, _ := e.bearer("DELETE", "/api/v1/devices/"+a.DeviceID, b.AccessToken, nil); st != http.StatusNoContent {
		t.Errorf("revoking another own device: got %d, want 204", st)
	}
	if st, _ := e.refresh(a.RefreshToken); st != http.StatusUnauthorized {
		t.Errorf("revoked device's refresh: got %d, want 401", st)
	}
	if st, _ := e.bearer("DELETE", "/api/v1/devices/"+b.DeviceID, b.AccessToken, nil); st != http.StatusNoContent {
		t.Errorf("revoking this device: got %d, want 204", st)
	}
	if st, _ := e.bearer("GET", "/api/v1/me", b.AccessToken, nil); st != http.StatusUnauthorized {
		t.Errorf("after signing out: got %d, want 401", st)
	}
}

func TestRevokeWithKey_onlyTheDevicesOwnKeyRevokesIt(t *testing.T) {
	e := newEnv(t)
	bob := e.registerBob()
	alice := e.login("alice").Tokens()
	if bob.RevokeKey == "" || !strings.HasPrefix(bob.RevokeKey, "x3k_") || bob.RevokeKey == alice.RevokeKey {
		t.Fatalf("registration gave revoke keys %q and %q", bob.RevokeKey, alice.RevokeKey)
	}
	revoke := func(id, key string) (int, []byte) {
		return e.post("/api/v1/devices/"+id+"/revoke", api.RevokeWithKeyRequest{RevokeKey: key})
	}
	_, wrongKey := revoke(bob.DeviceID, alice.RevokeKey)
	_, unknown := revoke("dev_nonexistent", bob.RevokeKey)
	if errCode(t, wrongKey) != api.CodeNotFound || string(wrongKey) != string(unknown) {
		t.Errorf("a wrong key and an unknown device must get the same answer: %s vs %s", wrongKey, unknown)
	}
	if st, _ := revoke(bob.DeviceID, bob.RevokeKey+"x"); st != http.StatusNotFound {
		t.Errorf("altered key: got %d, want 404", st)
	}
	if st, _ := e.refresh(bob.RefreshToken); st != http.StatusOK {
		t.Fatalf("failed revocations must leave the device alone: refresh got %d", st)
	}
	// A refresh rotates the tokens but not the revoke key: it keeps working for the device's life.
	if st, body := revoke(bob.DeviceID, bob.RevokeKey); st != http.StatusNoContent {
		t.Fatalf("revoke with the device's own key: got %d %s", st, body)
	}
	if st, _ := e.bearer("GET", "/api/v1/me", alice.AccessToken, nil); st != http.StatusOK {
		t.Errorf("another account's device was touched: got %d", st)
	}
	if st, _ := revoke(bob.DeviceID, bob.RevokeKey); st != http.StatusNotFound {
		t.Errorf("second revoke: got %d, want 404", st)
	}
	if st, body := e.post("/api/v1/auth/refresh", api.RefreshRequest{RefreshToken: bob.RefreshToken}); st != http.StatusUnauthorized || errCode(t, body) != api.CodeInvalidGrant {
		t.Errorf("refresh after revoke: got %d %s", st, body)
	}
}

func TestMe_accessTokenExpiresAfter15Minutes(t *testing.T) {
	e := newEnv(t)
	tok := e.registerBob()
	st, body := e.bearer("GET", "/api/v1/me", tok.AccessToken, nil)
	me := decodeAs[api.Me](t, body)
	if st != http.StatusOK || me.Username != "bob" || me.Org.Name != "Acme" || !me.TwoFactor.Enabled || me.DeviceID != tok.DeviceID {
		t.Fatalf("me: got %d %+v", st, me)
	}
	e.clock.Advance(15 * time.Minute)
	if st, _ := e.bearer("GET", "/api/v1/me", tok.AccessToken, nil); st != http.StatusUnauthorized {
		t.Errorf("after 15 min: got %d, want 401", st)
	}
	if st, _ := e.bearer("GET", "/api/v1/me", "x3a_forged", nil); st != http.StatusUnauthorized {
		t.Errorf("forged token: got %d, want 401", st)
	}
}

func TestTokens_storedOnlyAsDigests(t *testing.T) {
	e := newEnv(t)
	tok := e.registerBob()
	raw := string(mustJSON(t, e.srv.snapshot()))
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken, DemoPassword, "7Q2M-K4XD-9PVN-3HZA", "7Q2MK4XD9PVN3HZA"} {
		if contains(raw, secret) {
			t.Errorf("state holds %q in clear", secret[:6])
		}
	}
}
