package mockserver

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/client/api"
)

var errWrongCurrentPassword = errorf(http.StatusUnauthorized, api.CodeInvalidCredentials, "The current password is incorrect.")

// checkCurrentPassword verifies the password a signed-in user retypes in account settings.
// Misses count with the sign-in ones, so a stolen access token cannot be used to guess the
// password at leisure.
func (s *Server) checkCurrentPassword(username, password string) *httpError {
	s.mu.Lock()
	u := s.st.Users[username]
	if u != nil {
		if e := stillLocked(u.LoginLockedUntil, s.now()); e != nil {
			s.mu.Unlock()
			return e
		}
	}
	s.mu.Unlock()
	_, ok := s.checkPassword(username, password)
	s.mu.Lock()
	defer s.mu.Unlock()
	if u == nil {
		return errWrongCurrentPassword
	}
	if ok {
		u.LoginFailures, u.LoginLockedUntil = 0, time.Time{}
		return nil
	}
	wait := fail(&u.LoginFailures, &u.LoginLockedUntil, s.now())
	if s.save() != nil {
		return errStore
	}
	if wait > 0 {
		return rateLimited(wait)
	}
	return errWrongCurrentPassword
}

// totpIssuer names the account in authenticator apps.
const totpIssuer = "x360Sync"

func (s *Server) handleEnroll(w http.ResponseWriter, r *http.Request) {
	var req api.EnrollRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	if req.Mode != api.ModeTOTP && req.Mode != api.ModeSMS {
		writeErr(w, errorf(http.StatusBadRequest, api.CodeBadRequest, "Choose an Authentication Mode: authenticator app or text message."))
		return
	}
	var phone string
	if req.Mode == api.ModeSMS {
		var ok bool
		if phone, ok = normalizePhone(req.Phone); !ok {
			writeErr(w, errorf(http.StatusBadRequest, api.CodeInvalidPhone, "Enter a mobile phone number with its country code, for example +1 202 555 0143."))
			return
		}
	}
	fromSettings := req.Challenge == ""
	if fromSettings {
		if req.CurrentPassword != req.ConfirmPassword {
			writeErr(w, errorf(http.StatusBadRequest, api.CodePasswordMismatch, "The Current Password and Confirm Password fields do not match."))
			return
		}
		s.mu.Lock()
		_, u, e := s.authenticate(r, s.now(), true)
		name := ""
		if u != nil {
			name = u.Username
		}
		s.mu.Unlock()
		if e != nil {
			writeErr(w, e)
			return
		}
		if e := s.checkCurrentPassword(name, req.CurrentPassword); e != nil {
			writeErr(w, e)
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var u *User
	if fromSettings {
		var e *httpError
		if _, u, e = s.authenticate(r, now, true); e != nil {
			writeErr(w, e)
			return
		}
	} else {
		// The enrolment keeps the challenge id; confirming it registers the challenge's device.
		var e *httpError
		if _, u, e = s.liveChallenge(req.Challenge, now); e != nil {
			writeErr(w, e)
			return
		}
		if u.TwoFactor.Enabled {
			writeErr(w, errorf(http.StatusBadRequest, api.CodeBadRequest, "Two-step authentication is already set up: enter your authentication code."))
			return
		}
	}
	org := s.st.Orgs[u.Org]
	if req.Mode == api.ModeSMS && (org == nil || !org.AllowSMS) {
		writeErr(w, errorf(http.StatusForbidden, api.CodeSMSNotAllowed, "Your organisation does not allow text messages. Choose the authenticator app."))
		return
	}
	backupKey := newBackupKey()
	e := &Enrollment{
		ID: newID("en_", 16), Username: u.Username, Challenge: req.Challenge, Mode: req.Mode,
		Phone: phone, BackupKeyHash: hashSecret(normalizeBackupKey(backupKey)), ExpiresAt: now.Add(enrollmentTTL),
	}
	resp := api.EnrollResponse{Enrollment: e.ID, Mode: e.Mode, BackupKey: backupKey, ExpiresIn: int(enrollmentTTL / time.Second)}
	if e.Mode == api.ModeTOTP {
		e.Secret = newTOTPSecret()
		resp.Secret, resp.OTPAuthURL = e.Secret, otpauthURL(u.Email, e.Secret)
	} else {
		s.sendSMS(&e.SMS, &e.Sends, e.ID, phone, now)
		resp.PhoneHint = phoneHint(phone)
	}
	// A new enrolment replaces any earlier unfinished one for the account.
	for id, old := range s.st.Enrollments {
		if old.Username == u.Username {
			delete(s.st.Enrollments, id)
		}
	}
	s.st.Enrollments[e.ID] = e
	if s.save() != nil {
		writeErr(w, errStore)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// otpauthURL is the Key URI authenticator apps scan, built by pquerna/otp so its escaping and
// parameters match what the apps expect.
func otpauthURL(account, secret string) string {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: totpIssuer, AccountName: account, Period: totpPeriod, Digits: otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1, Secret: mustBase32(secret),
	})
	if err != nil {
		// Only a malformed issuer or account could make this fail; fall back to the plain form.
		v := url.Values{"secret": {secret}, "issuer": {totpIssuer}}
		return "otpauth://totp/" + url.PathEscape(totpIssuer+":"+account) + "?" + v.Encode()
	}
	return key.URL()
}

func (s *Server) handleConfirm(w http.ResponseWriter, r *http.Request) {
	var req api.ConfirmRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	e := s.st.Enrollments[req.Enrollment]
	var u *User
	if e != nil {
		u = s.st.Users[e.Username]
	}
	if e == nil || u == nil || !now.Before(e.ExpiresAt) || e.Failures >= maxFailures {
		delete(s.st.Enrollments, req.Enrollment)
		writeErr(w, errorf(http.StatusUnauthorized, api.CodeChallengeExpired, "This set-up has expired. Start again."))
		return
	}
	var c *Challenge
	if e.Challenge != "" {
		var he *httpError
		if c, _, he = s.liveChallenge(e.Challenge, now); he != nil {
			delete(s.st.Enrollments, e.ID)
			writeErr(w, he)
			return
		}
	}
	step, he := s.checkCode(u, &e.Failures, e.Mode, e.Secret, e.SMS, e.ID, req.Code, now)
	if he != nil {
		if s.save() != nil {
			he = errStore
		}
		writeErr(w, he)
		return
	}
	if step > 0 {
		u.LastStep = step
	}
	u.TwoFactor = TwoFactor{Enabled: true, Mode: e.Mode, Secret: e.Secret, Phone: e.Phone, BackupKeyHash: e.BackupKeyHash}
	delete(s.st.Enrollments, e.ID)
	s.notice(u, "Two-step authentication was enabled on your x360Sync account. Keep your Backup key somewhere safe.")
	if c == nil {
		if s.save() != nil {
			writeErr(w, errStore)
			return
		}
		writeJSON(w, http.StatusOK, api.StatusResponse{Status: api.StatusEnabled})
		return
	}
	delete(s.st.Challenges, c.ID)
	t := s.registerDevice(u, c.Device, now)
	if s.save() != nil {
		writeErr(w, errStore)
		return
	}
	writeJSON(w, http.StatusOK, api.RegisteredResponse(t))
}

func (s *Server) handleDisable(w http.ResponseWriter, r *http.Request) {
	var req api.DisableRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	s.mu.Lock()
	_, u, e := s.authenticate(r, s.now(), false)
	var name, keyHash string
	if u != nil {
		name, keyHash = u.Username, u.TwoFactor.BackupKeyHash
		if org := s.st.Orgs[u.Org]; org != nil && org.Require2FA {
			e = errorf(http.StatusForbidden, api.CodePolicyRequires2FA, "Your organisation requires two-step authentication, so it cannot be disabled.")
		} else if !u.TwoFactor.Enabled {
			e = errorf(http.StatusBadRequest, api.CodeBadRequest, "Two-step authentication is not enabled.")
		}
	}
	s.mu.Unlock()
	if e != nil {
		writeErr(w, e)
		return
	}
	if e := s.checkCurrentPassword(name, req.CurrentPassword); e != nil {
		writeErr(w, e)
		return
	}
	// The second factor is an authenticator code, or the Backup key (the way out for text
	// message users, who have no code to hand here).
	usedBackupKey := normalizeBackupKey(req.Code) != "" && verifySecret(keyHash, normalizeBackupKey(req.Code))

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if !usedBackupKey {
		var none int
		step, he := s.checkCode(u, &none, u.TwoFactor.Mode, u.TwoFactor.Secret, nil, "", req.Code, now)
		if he != nil {
			if s.save() != nil {
				he = errStore
			}
			writeErr(w, he)
			return
		}
		u.LastStep = max(u.LastStep, step)
	}
	u.TwoFactor = TwoFactor{}
	s.notice(u, "Two-step authentication was disabled on your x360Sync account. If this was not you, change your password now.")
	if s.save() != nil {
		writeErr(w, errStore)
		return
	}
	writeJSON(w, http.StatusOK, api.StatusResponse{Status: api.StatusDisabled})
}

// handleRecovery always answers 202 with the same body after the same work, so it says
// nothing about which addresses have accounts.
func (s *Server) handleRecovery(w http.ResponseWriter, r *http.Request) {
	var req api.RecoveryRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	s.mu.Lock()
	now := s.now()
	th := s.recovery[email]
	if e := stillLocked(th.LockedUntil, now); e != nil {
		s.mu.Unlock()
		writeErr(w, e)
		return
	}
	hash, name := dummyHash, ""
	for _, u := range s.st.Users {
		if u.Email == email && u.TwoFactor.BackupKeyHash != "" {
			hash, name = u.TwoFactor.BackupKeyHash, u.Username
		}
	}
	s.mu.Unlock()

	ok := verifySecret(hash, normalizeBackupKey(req.BackupKey)) && name != ""

	s.mu.Lock()
	defer s.mu.Unlock()
	now = s.now()
	u := s.st.Users[name]
	if ok && u != nil && u.TwoFactor.BackupKeyHash == hash {
		delete(s.recovery, email)
		u.TwoFactor = TwoFactor{} // the key is consumed with the factor it guarded
		s.notice(u, "Your Backup key was used to disable two-step authentication on your x360Sync account. If this was not you, contact your administrator now.")
	} else {
		// This answer stays 202 like every other; from the fifth miss the next ones are refused.
		fail(&th.Failures, &th.LockedUntil, now)
		s.recovery[email] = th
	}
	if s.save() != nil {
		writeErr(w, errStore)
		return
	}
	writeJSON(w, http.StatusAccepted, api.StatusResponse{Status: api.StatusAccepted})
}

func mustBase32(secret string) []byte {
	raw, err := base32NoPad.DecodeString(strings.ToUpper(secret))
	if err != nil {
		panic("mockserver: generated TOTP secret is not base32: " + err.Error())
	}
	return raw
}
