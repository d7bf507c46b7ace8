package mockserver

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
)

func TestLogin_statusPerAccount(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		user, status, mode string
	}{
		{"alice", api.StatusRegistered, ""},
		{"bob", api.StatusCodeRequired, api.ModeTOTP},
		{"carol", api.StatusCodeRequired, api.ModeSMS},
		{"dave", api.StatusEnrollmentRequired, ""},
		{"erin", api.StatusCodeRequired, api.ModeTOTP},
	} {
		r := e.login(tc.user)
		if r.Status != tc.status || r.Mode != tc.mode {
			t.Errorf("%s: got status %q mode %q, want %q %q", tc.user, r.Status, r.Mode, tc.status, tc.mode)
		}
	}
	if e.contract.Checked() < 5 {
		t.Errorf("contract checked %d responses, want every one", e.contract.Checked())
	}
}

func TestLogin_aliceGetsTokensAndPolicy(t *testing.T) {
	e := newEnv(t)
	r := e.login("alice")
	if r.AccessToken == "" || r.RefreshToken == "" || r.DeviceID == "" || r.TokenType != "Bearer" || r.ExpiresIn != 900 {
		t.Fatalf("got %+v, want a full token set", r)
	}
	if r.Policy == nil || r.Policy.RequirePIN {
		t.Errorf("policy: got %+v, want require_pin false for Acme", r.Policy)
	}
	// At least 128 random bits: 32 bytes base64url after the prefix.
	if n := len(strings.TrimPrefix(r.AccessToken, "x3a_")); n < 43 {
		t.Errorf("access token carries %d characters, want at least 43", n)
	}
}

func TestLogin_unknownUserAndWrongPasswordLookAlike(t *testing.T) {
	e := newEnv(t)
	before := hashRuns.Load()
	st1, b1 := e.post("/api/v1/auth/login", api.LoginRequest{Username: "nobody", Password: "x", Device: api.DeviceInfo{Name: "d"}})
	mid := hashRuns.Load()
	st2, b2 := e.post("/api/v1/auth/login", api.LoginRequest{Username: "bob", Password: "x", Device: api.DeviceInfo{Name: "d"}})
	after := hashRuns.Load()
	if st1 != http.StatusUnauthorized || st2 != http.StatusUnauthorized || !bytes.Equal(b1, b2) {
		t.Errorf("got %d %s and %d %s, want the same 401 body", st1, b1, st2, b2)
	}
	// The same work, so the same time: one Argon2id run each.
	if mid-before != 1 || after-mid != 1 {
		t.Errorf("Argon2id runs: unknown user %d, wrong password %d, want 1 and 1", mid-before, after-mid)
	}
}

func TestLogin_wholePasswordIsVerified(t *testing.T) {
	e := newEnv(t)
	for _, pw := range []string{DemoPassword + "x", DemoPassword[:len(DemoPassword)-1], strings.ToUpper(DemoPassword), DemoPassword + strings.Repeat("a", 1000)} {
		req := loginReq("alice")
		req.Password = pw
		if st, body := e.post("/api/v1/auth/login", req); st != http.StatusUnauthorized {
			t.Errorf("password of %d chars: got %d %s, want 401", len(pw), st, body)
		}
		e.resetLoginFailures("alice") // this test is about matching, not throttling
	}
	long := strings.Repeat("p", 200)
	e.srv.mu.Lock()
	e.srv.st.Users["alice"].PasswordHash = hashSecret(long)
	e.srv.mu.Unlock()
	req := loginReq("alice")
	req.Password = long[:199] + "q" // differs only after byte 72, where bcrypt would stop looking
	if st, _ := e.post("/api/v1/auth/login", req); st != http.StatusUnauthorized {
		t.Errorf("a long password differing at its end: got %d, want 401", st)
	}
	req.Password = long
	if st, body := e.post("/api/v1/auth/login", req); st != http.StatusOK {
		t.Errorf("the long password: got %d %s, want 200", st, body)
	}
}

func TestLogin_throttlesWrongPasswords(t *testing.T) {
	e := newEnv(t)
	req := loginReq("alice")
	req.Password = "wrong"
	for i := 1; i <= 4; i++ {
		if st, _ := e.post("/api/v1/auth/login", req); st != http.StatusUnauthorized {
			t.Fatalf("attempt %d: got %d, want 401", i, st)
		}
	}
	st, body := e.post("/api/v1/auth/login", req)
	if st != http.StatusTooManyRequests || decodeAs[api.ErrorBody](t, body).Error.RetryAfter != 30 {
		t.Fatalf("5th wrong password: got %d %s, want 429 retry_after 30", st, body)
	}
	// Even the right password waits out the lock.
	if st, _ := e.post("/api/v1/auth/login", loginReq("alice")); st != http.StatusTooManyRequests {
		t.Errorf("right password while locked: got %d, want 429", st)
	}
	e.clock.Advance(31 * time.Second)
	if st, body := e.post("/api/v1/auth/login", loginReq("alice")); st != http.StatusOK {
		t.Errorf("after the lock: got %d %s, want 200", st, body)
	}
}

func TestVerify_bobTOTP(t *testing.T) {
	e := newEnv(t)
	ch := e.login("bob")
	st, body := e.verify(ch.Challenge, e.code(bobSecret, 0))
	if st != http.StatusOK {
		t.Fatalf("got %d %s, want 200", st, body)
	}
	if r := decodeAs[api.AuthResponse](t, body); r.Status != api.StatusRegistered || r.AccessToken == "" {
		t.Errorf("got %+v, want registered with tokens", r)
	}
	mails := e.outbox("bob@acme.test")
	if len(mails) != 1 || !strings.Contains(mails[0].Text, "new device") {
		t.Fatalf("outbox: got %+v, want one new-device notice", mails)
	}
	// It says where to revoke it: Account Settings is the web portal's page, and a desktop
	// user looked for it in the app (a first-time-user test).
	if want := "revoke it in Account Settings on the x360Sync web portal or under Devices in the x360Sync desktop app"; !strings.Contains(mails[0].Text, want) {
		t.Errorf("the new-device notice says %q, want it to say %q", mails[0].Text, want)
	}
}

func TestVerify_pastedCodeWithSpaces(t *testing.T) {
	e := newEnv(t)
	ch := e.login("bob")
	c := e.code(bobSecret, 0)
	if st, body := e.verify(ch.Challenge, " "+c[:3]+" "+c[3:]+"\n"); st != http.StatusOK {
		t.Errorf("got %d %s, want 200", st, body)
	}
}

func TestVerify_replayIsRefusedAndWrongCodeConsumesNothing(t *testing.T) {
	e := newEnv(t)
	code := e.code(bobSecret, 0)

	ch := e.login("bob")
	if st, body := e.verify(ch.Challenge, "000000"); st != http.StatusUnauthorized || errCode(t, body) != api.CodeInvalidCode {
		t.Fatalf("wrong code: got %d %s, want 401 invalid_code", st, body)
	}
	if st, body := e.verify(ch.Challenge, code); st != http.StatusOK {
		t.Fatalf("right code after a wrong one: got %d %s, want 200", st, body)
	}
	ch2 := e.login("bob")
	st, body := e.verify(ch2.Challenge, code)
	if st != http.StatusUnauthorized || errCode(t, body) != api.CodeCodeUsed {
		t.Fatalf("replayed code: got %d %s, want 401 code_used", st, body)
	}
	found := false
	for _, m := range e.outbox("bob@acme.test") {
		found = found || strings.Contains(m.Text, "reused an authentication code")
	}
	if !found {
		t.Error("no replay notice in the outbox")
	}
	e.clock.Advance(30 * time.Second)
	if st, body := e.verify(ch2.Challenge, e.code(bobSecret, 0)); st != http.StatusOK {
		t.Errorf("next step's code: got %d %s, want 200", st, body)
	}
}

func TestVerify_oneCodeRacedTwentyWaysSucceedsOnce(t *testing.T) {
	e := newEnv(t)
	code := e.code(bobSecret, 0)
	var challenges []string
	for range 20 {
		challenges = append(challenges, e.login("bob").Challenge)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	start := make(chan struct{})
	for _, ch := range challenges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			st, _ := e.verify(ch, code)
			mu.Lock()
			statuses[st]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if statuses[http.StatusOK] != 1 || statuses[http.StatusUnauthorized] != 19 {
		t.Errorf("got %v, want exactly one 200 and nineteen 401", statuses)
	}
}

func TestVerify_clockSkew(t *testing.T) {
	e := newEnv(t)
	ch := e.login("bob")
	st, body := e.verify(ch.Challenge, e.code(bobSecret, -4))
	if st != http.StatusUnauthorized || errCode(t, body) != api.CodeClockSkew {
		t.Fatalf("got %d %s, want 401 clock_skew", st, body)
	}
	if msg := decodeAs[api.ErrorBody](t, body).Error.Message; !strings.Contains(msg, "clock") {
		t.Errorf("message %q does not mention the clock", msg)
	}
}

func TestVerify_throttleGrowsAndSuccessResets(t *testing.T) {
	e := newEnv(t)
	ch := e.login("bob")
	for i := 1; i <= 4; i++ {
		if st, body := e.verify(ch.Challenge, "000000"); st != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: got %d %s", i, st, body)
		}
	}
	st, body := e.verify(ch.Challenge, "000000")
	if st != http.StatusTooManyRequests || decodeAs[api.ErrorBody](t, body).Error.RetryAfter != 30 {
		t.Fatalf("5th wrong code: got %d %s, want 429 retry_after 30", st, body)
	}
	// The challenge died with its fifth wrong code.
	e.clock.Advance(31 * time.Second)
	if st, body := e.verify(ch.Challenge, e.code(bobSecret, 0)); errCode(t, body) != api.CodeChallengeExpired {
		t.Fatalf("dead challenge: got %d %s, want challenge_expired", st, body)
	}
	// The count is per account, across challenges: the next miss doubles the wait.
	ch2 := e.login("bob")
	st, body = e.verify(ch2.Challenge, "000000")
	if st != http.StatusTooManyRequests || decodeAs[api.ErrorBody](t, body).Error.RetryAfter != 60 {
		t.Fatalf("6th wrong code: got %d %s, want 429 retry_after 60", st, body)
	}
	if st, _ := e.verify(ch2.Challenge, e.code(bobSecret, 0)); st != http.StatusTooManyRequests {
		t.Fatalf("right code while locked: got %d, want 429", st)
	}
	e.clock.Advance(61 * time.Second)
	if st, body := e.verify(ch2.Challenge, e.code(bobSecret, 0)); st != http.StatusOK {
		t.Fatalf("after the lock: got %d %s, want 200", st, body)
	}
	ch3 := e.login("bob")
	if st, body := e.verify(ch3.Challenge, "000000"); st != http.StatusUnauthorized {
		t.Errorf("first miss after a success: got %d %s, want a plain 401 (count reset)", st, body)
	}
}

func TestVerify_expiredChallenge(t *testing.T) {
	e := newEnv(t)
	ch := e.login("bob")
	e.clock.Advance(16 * time.Minute)
	if st, body := e.verify(ch.Challenge, e.code(bobSecret, 0)); st != http.StatusUnauthorized || errCode(t, body) != api.CodeChallengeExpired {
		t.Errorf("got %d %s, want 401 challenge_expired", st, body)
	}
}

func TestUnknownRoute_failsLoudly(t *testing.T) {
	e := newEnv(t)
	st, body := e.do("GET", "/dev/nope", nil, nil)
	if st != http.StatusNotFound || !strings.Contains(string(body), "/dev/nope") {
		t.Errorf("got %d %s, want 404 naming the path", st, body)
	}
}
