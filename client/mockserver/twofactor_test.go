package mockserver

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/client/api"
)

func TestSMS_expiresAfterTenMinutes(t *testing.T) {
	for _, tc := range []struct {
		after time.Duration
		want  int
		code  string
	}{
		{9*time.Minute + 59*time.Second, http.StatusOK, ""},
		{10*time.Minute + 1*time.Second, http.StatusUnauthorized, api.CodeCodeExpired},
	} {
		e := newEnv(t)
		ch := e.login("carol")
		if ch.PhoneHint != "+1 ••• ••• 0143" {
			t.Errorf("phone hint: got %q", ch.PhoneHint)
		}
		code := e.lastSMS(carolPhone)
		e.clock.Advance(tc.after)
		st, body := e.verify(ch.Challenge, code)
		if st != tc.want || (tc.code != "" && errCode(t, body) != tc.code) {
			t.Errorf("after %v: got %d %s, want %d %s", tc.after, st, body, tc.want, tc.code)
		}
	}
}

func TestSMS_codeIsSingleUseAndBoundToItsChallenge(t *testing.T) {
	e := newEnv(t)
	ch1 := e.login("carol")
	code1 := e.lastSMS(carolPhone)
	ch2 := e.login("carol")
	code2 := e.lastSMS(carolPhone)
	if code1 == code2 {
		t.Skip("two random codes coincided (one in a million)")
	}
	if st, body := e.verify(ch2.Challenge, code1); st != http.StatusUnauthorized || errCode(t, body) != api.CodeInvalidCode {
		t.Errorf("another challenge's code: got %d %s, want invalid_code", st, body)
	}
	if st, body := e.verify(ch1.Challenge, code1); st != http.StatusOK {
		t.Fatalf("own code: got %d %s, want 200", st, body)
	}
	if st, body := e.verify(ch1.Challenge, code1); errCode(t, body) != api.CodeChallengeExpired {
		t.Errorf("reused code: got %d %s, want challenge_expired", st, body)
	}
}

func TestSMS_resendLimitsAndOnlyNewestCodeCounts(t *testing.T) {
	e := newEnv(t)
	ch := e.login("carol")
	first := e.lastSMS(carolPhone)
	resend := func() (int, []byte) {
		return e.post("/api/v1/auth/sms/resend", api.ResendRequest{Challenge: ch.Challenge})
	}
	st, body := resend()
	if st != http.StatusTooManyRequests || decodeAs[api.ErrorBody](t, body).Error.RetryAfter != 30 {
		t.Fatalf("resend at once: got %d %s, want 429 retry_after 30", st, body)
	}
	// A wrong code, then resends: the failure count survives them.
	if st, _ := e.verify(ch.Challenge, "000000"); st != http.StatusUnauthorized {
		t.Fatal("a wrong code should fail")
	}
	// While the code has time left, a resend texts the same code: a late text still works.
	for i := 1; i <= 4; i++ {
		e.clock.Advance(30 * time.Second)
		if st, body := resend(); st != http.StatusOK || decodeAs[api.ResendResponse](t, body).ResendAfter != 30 || e.lastSMS(carolPhone) != first {
			t.Fatalf("resend %d: got %d %s and code %s, want 200 resend_after 30 and the same code", i, st, body, e.lastSMS(carolPhone))
		}
	}
	// Five texts to the number in the hour: the next is refused, saying when it can go.
	e.clock.Advance(30 * time.Second)
	st, body = resend()
	if b := decodeAs[api.ErrorBody](t, body); st != http.StatusTooManyRequests || b.Error.Code != api.CodeSMSLimit || b.Error.RetryAfter < 3000 {
		t.Fatalf("6th text within the hour: got %d %s, want 429 sms_limit with about an hour to wait", st, body)
	}
	e.srv.mu.Lock()
	failures := e.srv.st.Users["carol"].CodeFailures
	e.srv.mu.Unlock()
	if failures != 1 {
		t.Errorf("failure count after resends: got %d, want 1", failures)
	}
	if st, body := e.verify(ch.Challenge, first); st != http.StatusOK {
		t.Errorf("the code texted again: got %d %s, want 200", st, body)
	}
}

func TestSMS_resendNearExpiryTextsANewCodeAndOnlyItCounts(t *testing.T) {
	e := newEnv(t)
	ch := e.login("carol")
	first := e.lastSMS(carolPhone)
	e.clock.Advance(smsCodeTTL - smsReuseLeft + time.Second)
	if st, body := e.post("/api/v1/auth/sms/resend", api.ResendRequest{Challenge: ch.Challenge}); st != http.StatusOK {
		t.Fatalf("resend: got %d %s", st, body)
	}
	newest := e.lastSMS(carolPhone)
	if newest == first {
		t.Skip("two random codes coincided (one in a million)")
	}
	if st, body := e.verify(ch.Challenge, first); errCode(t, body) != api.CodeInvalidCode {
		t.Errorf("the replaced code: got %d %s, want invalid_code", st, body)
	}
	if st, body := e.verify(ch.Challenge, newest); st != http.StatusOK {
		t.Errorf("the new code: got %d %s, want 200", st, body)
	}
}

var backupKeyForm = regexp.MustCompile(`^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}(-[0-9ABCDEFGHJKMNPQRSTVWXYZ]{4}){3}$`)

func TestEnroll_daveTOTPInSignIn(t *testing.T) {
	e := newEnv(t)
	ch := e.login("dave")
	if ch.Status != api.StatusEnrollmentRequired || len(ch.AllowedModes) != 2 || ch.AllowedModes[0] != api.ModeTOTP {
		t.Fatalf("got %+v, want enrollment_required with totp first", ch)
	}
	st, body := e.post("/api/v1/2fa/enroll", api.EnrollRequest{Challenge: ch.Challenge, Mode: api.ModeTOTP})
	if st != http.StatusOK {
		t.Fatalf("enroll: got %d %s", st, body)
	}
	en := decodeAs[api.EnrollResponse](t, body)
	if !backupKeyForm.MatchString(en.BackupKey) || len(en.Secret) != 32 ||
		!strings.HasPrefix(en.OTPAuthURL, "otpauth://totp/x360Sync:dave@globex.test?") || !strings.Contains(en.OTPAuthURL, "secret="+en.Secret) {
		t.Fatalf("got %+v, want a backup key, a 160-bit secret and its otpauth URL", en)
	}
	confirm := func(code string) (int, []byte) {
		return e.post("/api/v1/2fa/enroll/confirm", api.ConfirmRequest{Enrollment: en.Enrollment, Code: code})
	}
	if st, body := confirm("000000"); errCode(t, body) != api.CodeInvalidCode {
		t.Fatalf("wrong confirmation: got %d %s", st, body)
	}
	code := e.code(en.Secret, 0)
	st, body = confirm(code)
	if st != http.StatusOK {
		t.Fatalf("confirm: got %d %s", st, body)
	}
	reg := decodeAs[api.AuthResponse](t, body)
	if reg.Status != api.StatusRegistered || reg.Policy == nil || !reg.Policy.RequirePIN {
		t.Fatalf("got %+v, want registered with require_pin (Globex)", reg)
	}
	// The confirming code is consumed too: signing in again with it is a replay.
	ch2 := e.login("dave")
	if ch2.Status != api.StatusCodeRequired {
		t.Fatalf("after enrolment: got %+v, want code_required", ch2)
	}
	if st, body := e.verify(ch2.Challenge, code); errCode(t, body) != api.CodeCodeUsed {
		t.Errorf("confirming code reused: got %d %s, want code_used", st, body)
	}
}

func TestEnroll_daveSMSInSignIn(t *testing.T) {
	e := newEnv(t)
	ch := e.login("dave")
	st, body := e.post("/api/v1/2fa/enroll", api.EnrollRequest{Challenge: ch.Challenge, Mode: api.ModeSMS, Phone: "+44 20 7946 0958"})
	if st != http.StatusOK {
		t.Fatalf("enroll: got %d %s", st, body)
	}
	en := decodeAs[api.EnrollResponse](t, body)
	if en.Secret != "" || en.PhoneHint != "+44 ••• ••• 0958" {
		t.Fatalf("got %+v, want no secret and a phone hint", en)
	}
	code := e.lastSMS("+442079460958")
	st, body = e.post("/api/v1/2fa/enroll/confirm", api.ConfirmRequest{Enrollment: en.Enrollment, Code: code})
	if st != http.StatusOK || decodeAs[api.AuthResponse](t, body).Status != api.StatusRegistered {
		t.Fatalf("confirm: got %d %s", st, body)
	}
}

func TestEnroll_refusals(t *testing.T) {
	e := newEnv(t)
	ch := e.login("dave")
	if st, body := e.post("/api/v1/2fa/enroll", api.EnrollRequest{Challenge: ch.Challenge, Mode: api.ModeSMS, Phone: "12345"}); st != http.StatusBadRequest || errCode(t, body) != api.CodeInvalidPhone {
		t.Errorf("bad phone: got %d %s", st, body)
	}
	e.do("PUT", "/dev/orgs/Globex/policy", `{"allow_sms":false}`, nil)
	if st, body := e.post("/api/v1/2fa/enroll", api.EnrollRequest{Challenge: ch.Challenge, Mode: api.ModeSMS, Phone: "+12025550100"}); st != http.StatusForbidden || errCode(t, body) != api.CodeSMSNotAllowed {
		t.Errorf("sms forbidden: got %d %s", st, body)
	}
	if r := e.login("dave"); len(r.AllowedModes) != 1 || r.AllowedModes[0] != api.ModeTOTP {
		t.Errorf("allowed modes without sms: got %v", r.AllowedModes)
	}
	tok := e.login("alice").AccessToken
	if st, body := e.bearer("POST", "/api/v1/2fa/enroll", tok, api.EnrollRequest{Mode: api.ModeTOTP, CurrentPassword: DemoPassword, ConfirmPassword: "other"}); st != http.StatusBadRequest || errCode(t, body) != api.CodePasswordMismatch {
		t.Errorf("password mismatch: got %d %s", st, body)
	}
	if st, body := e.bearer("POST", "/api/v1/2fa/enroll", tok, api.EnrollRequest{Mode: api.ModeTOTP, CurrentPassword: "wrong", ConfirmPassword: "wrong"}); st != http.StatusUnauthorized || errCode(t, body) != api.CodeInvalidCredentials {
		t.Errorf("wrong password: got %d %s", st, body)
	}
}

func TestSettings_enableThenDisable(t *testing.T) {
	e := newEnv(t)
	tok := e.login("alice").AccessToken
	st, body := e.bearer("POST", "/api/v1/2fa/enroll", tok, api.EnrollRequest{Mode: api.ModeTOTP, CurrentPassword: DemoPassword, ConfirmPassword: DemoPassword})
	if st != http.StatusOK {
		t.Fatalf("enroll: got %d %s", st, body)
	}
	en := decodeAs[api.EnrollResponse](t, body)
	st, body = e.post("/api/v1/2fa/enroll/confirm", api.ConfirmRequest{Enrollment: en.Enrollment, Code: e.code(en.Secret, 0)})
	if st != http.StatusOK || decodeAs[api.StatusResponse](t, body).Status != api.StatusEnabled {
		t.Fatalf("confirm: got %d %s, want enabled", st, body)
	}
	_, body = e.bearer("GET", "/api/v1/me", tok, nil)
	if me := decodeAs[api.Me](t, body); !me.TwoFactor.Enabled || me.TwoFactor.Mode != api.ModeTOTP {
		t.Fatalf("me: got %+v", me)
	}
	if st, body := e.bearer("POST", "/api/v1/2fa/disable", tok, api.DisableRequest{CurrentPassword: DemoPassword, Code: e.code(en.Secret, 0)}); errCode(t, body) != api.CodeCodeUsed {
		t.Errorf("disable with the consumed code: got %d %s, want code_used", st, body)
	}
	e.clock.Advance(30 * time.Second)
	if st, body := e.bearer("POST", "/api/v1/2fa/disable", tok, api.DisableRequest{CurrentPassword: "wrong", Code: e.code(en.Secret, 0)}); st != http.StatusUnauthorized {
		t.Errorf("disable with a wrong password: got %d %s", st, body)
	}
	st, body = e.bearer("POST", "/api/v1/2fa/disable", tok, api.DisableRequest{CurrentPassword: DemoPassword, Code: e.code(en.Secret, 0)})
	if st != http.StatusOK || decodeAs[api.StatusResponse](t, body).Status != api.StatusDisabled {
		t.Fatalf("disable: got %d %s", st, body)
	}
	var got []string
	for _, m := range e.outbox("alice@acme.test") {
		got = append(got, m.Text[:30])
	}
	want := []string{"A new device, \"test laptop\", w", "Two-step authentication was en", "A sign-in to your x360Sync acc", "Two-step authentication was di"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("alice's mail: got %q, want %q (new device, enabled, replay, disabled)", got, want)
	}
}

func TestDisable_refusedWhenPolicyRequiresIt(t *testing.T) {
	e := newEnv(t)
	ch := e.login("erin")
	_, body := e.verify(ch.Challenge, e.code(erinSecret, 0))
	tok := decodeAs[api.AuthResponse](t, body).AccessToken
	e.clock.Advance(30 * time.Second)
	if st, body := e.bearer("POST", "/api/v1/2fa/disable", tok, api.DisableRequest{CurrentPassword: DemoPassword, Code: e.code(erinSecret, 0)}); st != http.StatusForbidden || errCode(t, body) != api.CodePolicyRequires2FA {
		t.Errorf("got %d %s, want 403 policy_requires_2fa", st, body)
	}
}

func TestRecovery_sameAnswerForEveryoneAndKeyIsSingleUse(t *testing.T) {
	e := newEnv(t)
	recover := func(email, key string) (int, []byte) {
		return e.post("/api/v1/recovery", api.RecoveryRequest{Email: email, BackupKey: key})
	}
	st1, unknown := recover("nobody@acme.test", "7Q2M-K4XD-9PVN-3HZA")
	st2, wrong := recover("bob@acme.test", "AAAA-AAAA-AAAA-AAAA")
	before := hashRuns.Load()
	st3, right := recover("BOB@acme.test", "7q2m k4xd 9pvn 3hza")
	if st1 != http.StatusAccepted || st2 != http.StatusAccepted || st3 != http.StatusAccepted ||
		!bytes.Equal(unknown, wrong) || !bytes.Equal(wrong, right) {
		t.Fatalf("got %d %s / %d %s / %d %s, want byte-identical 202s", st1, unknown, st2, wrong, st3, right)
	}
	if n := hashRuns.Load() - before; n != 1 {
		t.Errorf("Argon2id runs for a recovery: got %d, want 1 like every other", n)
	}
	if r := e.login("bob"); r.Status != api.StatusRegistered {
		t.Fatalf("bob after recovery: got %+v, want registered with password only", r)
	}
	mails := e.outbox("bob@acme.test")
	if len(mails) == 0 || !strings.Contains(mails[0].Text, "Backup key was used") {
		t.Errorf("bob's mail: got %+v, want a recovery notice first", mails)
	}
	// The key is gone with the factor: using it again changes nothing and still says 202.
	if st, _ := recover("bob@acme.test", "7Q2M-K4XD-9PVN-3HZA"); st != http.StatusAccepted {
		t.Errorf("second use: got %d", st)
	}
}

func TestRecovery_erinThenEnrolmentIsRequired(t *testing.T) {
	e := newEnv(t)
	e.post("/api/v1/recovery", api.RecoveryRequest{Email: "erin@globex.test", BackupKey: "R8TW-5JGC-2MYB-6KQF"})
	if r := e.login("erin"); r.Status != api.StatusEnrollmentRequired {
		t.Errorf("erin after recovery: got %+v, want enrollment_required (Globex requires it)", r)
	}
}

func TestRecovery_throttled(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 5; i++ {
		if st, _ := e.post("/api/v1/recovery", api.RecoveryRequest{Email: "bob@acme.test", BackupKey: "AAAA-AAAA-AAAA-AAAA"}); st != http.StatusAccepted {
			t.Fatalf("attempt %d: got %d, want 202", i, st)
		}
	}
	if st, body := e.post("/api/v1/recovery", api.RecoveryRequest{Email: "bob@acme.test", BackupKey: "7Q2M-K4XD-9PVN-3HZA"}); st != http.StatusTooManyRequests {
		t.Errorf("6th attempt: got %d %s, want 429", st, body)
	}
}

func TestBackupKey_formAndNormalising(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		k := newBackupKey()
		if !backupKeyForm.MatchString(k) || seen[k] {
			t.Fatalf("key %q: bad form or repeated", k)
		}
		seen[k] = true
		if normalizeBackupKey(strings.ToLower(k)) != strings.ReplaceAll(k, "-", "") {
			t.Errorf("lower-case %q does not normalise", k)
		}
	}
	for in, want := range map[string]string{"oooo-iiii-llll-0000": "0000111111110000", "7Q2M-K4XD-9PVN-3HZ": "", "7Q2M-K4XD-9PVN-3HZU": "", "": ""} {
		if got := normalizeBackupKey(in); got != want {
			t.Errorf("normalizeBackupKey(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestSettings_wrongCurrentPasswordsAreThrottled(t *testing.T) {
	e := newEnv(t)
	tok := e.registerBob().AccessToken
	for i := 1; i <= 4; i++ {
		if st, body := e.bearer("POST", "/api/v1/2fa/disable", tok, api.DisableRequest{CurrentPassword: "guess", Code: "000000"}); st != http.StatusUnauthorized {
			t.Fatalf("guess %d: got %d %s, want 401", i, st, body)
		}
	}
	st, body := e.bearer("POST", "/api/v1/2fa/disable", tok, api.DisableRequest{CurrentPassword: "guess", Code: "000000"})
	if st != http.StatusTooManyRequests || decodeAs[api.ErrorBody](t, body).Error.RetryAfter != 30 {
		t.Fatalf("5th guess: got %d %s, want 429 retry_after 30", st, body)
	}
	// The lock covers sign-in too: the count is the account's.
	if st, _ := e.post("/api/v1/auth/login", loginReq("bob")); st != http.StatusTooManyRequests {
		t.Errorf("sign-in while locked: got %d, want 429", st)
	}
}
