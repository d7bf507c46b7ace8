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
// Misses count with the sign-in ones, reserved the same way, so a stolen access token cannot
// be used to guess the password at leisure or in a burst.
func (s *Server) checkCurrentPassword(username, source, password string) *httpError {
	_, e := s.checkPassword(username, source, password, errWrongCurrentPassword)
	return e
}

// totpIssuer names the account in authenticator apps.
const totpIssuer = "x360Sync"

var errTwoFactorOn = errorf(http.StatusConflict, api.CodeTwoFactorEnabled,
	"Two-step authentication is already on. To change it, disable it first (that needs your password and a current code), then set it up again.")

// handleEnroll starts an enrolment: in the sign-in flow (with a challenge) or from account
// settings (with a session and the password).
func (s *Server) handleEnroll(w http.ResponseWriter, r *http.Request) error {
	var req api.EnrollRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Mode != api.ModeTOTP && req.Mode != api.ModeSMS {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "Choose an Authentication Mode: authenticator app or text message.")
	}
	var phone string
	if req.Mode == api.ModeSMS {
		var ok bool
		if phone, ok = normalizePhone(req.Phone); !ok {
			return errorf(http.StatusBadRequest, api.CodeInvalidPhone, "Enter a mobile phone number with its country code, for example +1 202 555 0143.")
		}
	}
	if req.Challenge == "" {
		return s.enrollFromSettings(w, r, req, phone)
	}
	return s.enrollInSignIn(w, req, phone)
}

// enrollInSignIn sets up the first second factor of a sign-in; the enrolment keeps the
// challenge id, and confirming it registers the challenge's device.
func (s *Server) enrollInSignIn(w http.ResponseWriter, req api.EnrollRequest, phone string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	_, u, e := s.liveChallenge(req.Challenge, now)
	if e != nil {
		return e
	}
	if u.TwoFactor.Enabled {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "Two-step authentication is already set up: enter your authentication code.")
	}
	return s.startEnrollment(w, u, req, phone, now)
}

// enrollFromSettings sets up two-step authentication for a signed-in account that has none:
// replacing a factor that is on would bypass the code that disabling it needs, so that is a 409.
func (s *Server) enrollFromSettings(w http.ResponseWriter, r *http.Request, req api.EnrollRequest, phone string) error {
	if req.CurrentPassword != req.ConfirmPassword {
		return errorf(http.StatusBadRequest, api.CodePasswordMismatch, "The Current Password and Confirm Password fields do not match.")
	}
	s.mu.Lock()
	_, u, e := s.authenticate(r, s.now(), true)
	if e == nil && u.TwoFactor.Enabled {
		e = errTwoFactorOn
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	if e := s.checkCurrentPassword(u.Username, sourceOf(r), req.CurrentPassword); e != nil {
		return e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if _, u, e = s.authenticate(r, now, true); e != nil {
		return e
	}
	if u.TwoFactor.Enabled { // turned on by a confirmation that ran meanwhile
		return errTwoFactorOn
	}
	return s.startEnrollment(w, u, req, phone, now)
}

// startEnrollment creates the enrolment and answers with what to save and scan; callers hold
// s.mu.
func (s *Server) startEnrollment(w http.ResponseWriter, u *User, req api.EnrollRequest, phone string, now time.Time) error {
	org := s.st.Orgs[u.Org]
	if req.Mode == api.ModeSMS && (org == nil || !org.AllowSMS) {
		return errorf(http.StatusForbidden, api.CodeSMSNotAllowed, "Your organization does not allow text messages. Choose the authenticator app.")
	}
	// A new enrolment replaces any earlier unfinished one for the account.
	for id, old := range s.st.Enrollments {
		if old.Username == u.Username || !now.Before(old.ExpiresAt) && len(s.st.Enrollments) >= s.limits.enrollments {
			delete(s.st.Enrollments, id)
		}
	}
	if len(s.st.Enrollments) >= s.limits.enrollments {
		return errBusy()
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
		if he := s.sendSMS(&e.SMS, e.ID, u, phone, now); he != nil {
			return he
		}
		resp.PhoneHint = phoneHint(phone)
	}
	s.st.Enrollments[e.ID] = e
	if s.save() != nil {
		return errStore
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
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

func (s *Server) handleConfirm(w http.ResponseWriter, r *http.Request) error {
	var req api.ConfirmRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	e, u, c, he := s.liveEnrollment(req.Enrollment, now)
	if he != nil {
		return he
	}
	step, he := s.checkCode(u, &e.Failures, e.Mode, e.Secret, e.SMS, e.ID, req.Code, now)
	if he != nil {
		if s.save() != nil {
			return errStore
		}
		return he
	}
	u.LastStep = max(u.LastStep, step)
	u.TwoFactor = TwoFactor{Enabled: true, Mode: e.Mode, Secret: e.Secret, Phone: e.Phone, BackupKeyHash: e.BackupKeyHash}
	delete(s.st.Enrollments, e.ID)
	s.notice(u, "Two-step authentication was enabled on your x360Sync account. Keep your Backup key somewhere safe.")
	if c == nil {
		if s.save() != nil {
			return errStore
		}
		writeJSON(w, http.StatusOK, api.StatusResponse{Status: api.StatusEnabled})
		return nil
	}
	delete(s.st.Challenges, c.ID)
	t := s.registerDevice(u, c.Device, now)
	if s.save() != nil {
		return errStore
	}
	writeJSON(w, http.StatusOK, api.RegisteredResponse(t))
	return nil
}

// liveEnrollment returns an enrolment that may still be confirmed, with its account and, in
// the sign-in flow, its challenge; an enrolment that can no longer be is dropped. Callers hold
// s.mu.
func (s *Server) liveEnrollment(id string, now time.Time) (*Enrollment, *User, *Challenge, *httpError) {
	e := s.st.Enrollments[id]
	var u *User
	if e != nil {
		u = s.st.Users[e.Username]
	}
	if e == nil || u == nil || !now.Before(e.ExpiresAt) || e.Failures >= maxFailures {
		delete(s.st.Enrollments, id)
		return nil, nil, nil, errorf(http.StatusUnauthorized, api.CodeChallengeExpired, "This set-up has expired. Start again.")
	}
	if e.Challenge == "" {
		if u.TwoFactor.Enabled { // from settings, and the factor was turned on meanwhile
			delete(s.st.Enrollments, id)
			return nil, nil, nil, errTwoFactorOn
		}
		return e, u, nil, nil
	}
	c, _, he := s.liveChallenge(e.Challenge, now)
	if he != nil {
		delete(s.st.Enrollments, id)
		return nil, nil, nil, he
	}
	return e, u, c, nil
}

// mayDisable says why u cannot disable two-step authentication now (nil: it can), before any
// password or code is checked. s.mu is held.
func (s *Server) mayDisable(u *User) *httpError {
	switch {
	case s.st.Orgs[u.Org] != nil && s.st.Orgs[u.Org].Require2FA:
		return errorf(http.StatusForbidden, api.CodePolicyRequires2FA, "Your organization requires two-step authentication, so it cannot be disabled.")
	case !u.TwoFactor.Enabled:
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "Two-step authentication is not enabled.")
	}
	return stillLocked(u.CodeLockedUntil, s.now()) // wrong codes locked the account's codes: the Backup key waits too
}

// handleDisable turns two-step authentication off: it needs the current password and a current
// code (or the Backup key).
func (s *Server) handleDisable(w http.ResponseWriter, r *http.Request) error {
	var req api.DisableRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	_, u, e := s.authenticate(r, s.now(), false)
	var keyHash string
	if u != nil {
		keyHash = u.TwoFactor.BackupKeyHash
		e = s.mayDisable(u)
	}
	s.mu.Unlock()
	if e != nil {
		return e
	}
	if e := s.checkCurrentPassword(u.Username, sourceOf(r), req.CurrentPassword); e != nil {
		return e
	}
	// The second factor is an authenticator code, or the Backup key (the way out for text
	// message users, who have no code to hand here).
	usedBackupKey, e := s.checkBackupKey(keyHash, req.Code, sourceOf(r))
	if e != nil {
		return e
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if usedBackupKey && u.TwoFactor.BackupKeyHash != keyHash {
		usedBackupKey = false // the factor changed while the key was being checked
	}
	if !usedBackupKey {
		var none int
		step, he := s.checkCode(u, &none, u.TwoFactor.Mode, u.TwoFactor.Secret, nil, "", req.Code, now)
		if he != nil {
			if s.save() != nil {
				return errStore
			}
			return he
		}
		u.LastStep = max(u.LastStep, step)
	}
	u.TwoFactor = TwoFactor{}
	s.notice(u, "Two-step authentication was disabled on your x360Sync account. If this was not you, change your password now.")
	if s.save() != nil {
		return errStore
	}
	writeJSON(w, http.StatusOK, api.StatusResponse{Status: api.StatusDisabled})
	return nil
}

// handleRecovery always answers 202 with the same body after the same work, so it says
// nothing about which addresses have accounts. A success also ends the account's sign-in lock.
func (s *Server) handleRecovery(w http.ResponseWriter, r *http.Request) error {
	var req api.RecoveryRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	if len(email) > maxEmailLen {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "That email address is too long.")
	}
	// Shed first, as sign-in is: before the address is looked up or anything counted.
	release, e := s.hashSlot(sourceOf(r))
	if e != nil {
		return e
	}
	s.mu.Lock()
	// Reserved before the Backup key's hash runs, at two levels as for sign-in: the email from
	// this address (the growing back-off), and the email from anywhere (a hard cap). A burst
	// gets no more checks than the limits allow, and misses from one address never delay the
	// owner at another.
	hash, name, saved := dummyHash, "", 0
	for _, u := range s.st.Users {
		if u.Email == email && u.TwoFactor.BackupKeyHash != "" {
			hash, name, saved = u.TwoFactor.BackupKeyHash, u.Username, u.RecoveryFailures
		}
	}
	g, e := s.recovery.reserve(email, sourceOf(r), saved, s.now())
	s.mu.Unlock()
	if e != nil {
		release()
		return e
	}

	ok := verifySecret(hash, normalizeBackupKey(req.BackupKey)) && name != ""
	release()

	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.Users[name]
	ok = ok && u != nil && u.TwoFactor.BackupKeyHash == hash
	// A miss stays 202 like every other answer; from the fifth miss from an address the next
	// ones from it are refused, and after hardCap misses from anywhere all are.
	failures, _ := s.recovery.release(g, ok, s.now())
	switch {
	case ok:
		u.TwoFactor = TwoFactor{} // the key is consumed with the factor it guarded
		s.unlockAccount(u)
		s.notice(u, "Your Backup key was used to disable two-step authentication on your x360Sync account. If this was not you, contact your administrator now.")
	case u != nil:
		u.RecoveryFailures = failures
	}
	if s.save() != nil {
		return errStore
	}
	writeJSON(w, http.StatusAccepted, api.StatusResponse{Status: api.StatusAccepted})
	return nil
}

// checkBackupKey says whether code is the Backup key with the given hash; what is not shaped
// like a key costs no check. The check takes a hash slot, or is shed (see HashLimit), as a
// request from source.
func (s *Server) checkBackupKey(hash, code, source string) (bool, *httpError) {
	key := normalizeBackupKey(code)
	if key == "" {
		return false, nil
	}
	release, e := s.hashSlot(source)
	if e != nil {
		return false, e
	}
	defer release()
	return verifySecret(hash, key), nil
}

// errRecoveryLocked is Account Recovery's hard cap. It is not sign-in's account_locked, whose
// way out is Account Recovery itself: here only an administrator can help (the product help's
// only other way back in).
var errRecoveryLocked = errorf(http.StatusForbidden, api.CodeRecoveryLocked,
	"Account Recovery is locked for this email address after too many wrong Backup keys. Contact your administrator to unlock your account.")

func mustBase32(secret string) []byte {
	raw, err := base32NoPad.DecodeString(strings.ToUpper(secret))
	if err != nil {
		panic("mockserver: generated TOTP secret is not base32: " + err.Error())
	}
	return raw
}
