package mockserver

import (
	"net/http"
	"strings"
	"time"

	"github.com/x360sync/desktop/client/api"
)

var errInvalidCredentials = errorf(http.StatusUnauthorized, api.CodeInvalidCredentials,
	"The username or password is incorrect.")

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	var req api.LoginRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Username) == "" || req.Password == "" || strings.TrimSpace(req.Device.Name) == "" {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "Username, password and device name are required.")
	}
	if len(req.Username) > maxNameLen || len(req.Password) > maxPasswordLen {
		// Names key the throttle records: bounded in bytes, not only in number.
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "The username or password is too long.")
	}
	resp, err := s.login(req, sourceOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

func (s *Server) login(req api.LoginRequest, source string) (*api.AuthResponse, error) {
	name := strings.ToLower(strings.TrimSpace(req.Username))
	u, e := s.checkPassword(name, source, req.Password, errInvalidCredentials)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	org := s.st.Orgs[u.Org]
	var resp *api.AuthResponse
	switch {
	case u.TwoFactor.Enabled, org != nil && org.Require2FA:
		c, sent := s.pendingChallenge(u, req.Device, now), true
		if c == nil {
			sent = false
			if c, e = s.newChallenge(u, req.Device, now); e != nil {
				return nil, e
			}
		}
		resp = challengeAnswer(c, u, org, now)
		resp.CodeAlreadySent = sent
	default:
		r := api.RegisteredResponse(s.registerDevice(u, req.Device, now))
		resp = &r
	}
	if s.save() != nil {
		return nil, errStore
	}
	return resp, nil
}

// newChallenge makes a sign-in challenge for u on device, texting its code when u signs in
// with text messages; callers hold s.mu.
func (s *Server) newChallenge(u *User, device api.DeviceInfo, now time.Time) (*Challenge, *httpError) {
	c := &Challenge{ID: newID("ch_", 16), Username: u.Username, Device: device, ExpiresAt: now.Add(challengeTTL)}
	if e := s.roomForChallenge(now); e != nil {
		return nil, e
	}
	if u.TwoFactor.Enabled && u.TwoFactor.Mode == api.ModeSMS {
		if e := s.sendSMS(&c.SMS, c.ID, u, u.TwoFactor.Phone, now); e != nil {
			return nil, e
		}
	}
	s.st.Challenges[c.ID] = c
	return c, nil
}

// pendingChallenge is the live challenge of an earlier sign-in of u on this very device whose
// texted code can still be read and typed (smsReuseLeft), or nil. Signing in again (Back, then
// Sign in) takes it up instead of texting another code: no second text, no SMS limit burnt, and
// its wrong codes still count, so signing in again buys no guesses. A code texted to a number
// the account no longer has is not taken up: the new number gets its own. The device is known by its
// revoke key's digest, which only it and the server have; one that sends none always gets a new
// challenge. Callers hold s.mu.
func (s *Server) pendingChallenge(u *User, device api.DeviceInfo, now time.Time) *Challenge {
	if !u.TwoFactor.Enabled || u.TwoFactor.Mode != api.ModeSMS || !isSHA256Hex(device.RevokeKeySHA256) {
		return nil
	}
	for _, c := range s.st.Challenges {
		if c.Username != u.Username || c.Device != device || c.SMS == nil || c.SMS.To != u.TwoFactor.Phone || c.Failures >= maxFailures {
			continue
		}
		end := c.ExpiresAt
		if c.SMS.ExpiresAt.Before(end) {
			end = c.SMS.ExpiresAt
		}
		if end.Sub(now) >= smsReuseLeft {
			return c
		}
	}
	return nil
}

// challengeAnswer is the answer to a sign-in that needs its second step through c.
func challengeAnswer(c *Challenge, u *User, org *Org, now time.Time) *api.AuthResponse {
	left := int(c.ExpiresAt.Sub(now) / time.Second)
	resp := &api.AuthResponse{Status: api.StatusEnrollmentRequired, Challenge: c.ID, AllowedModes: allowedModes(org), ExpiresIn: left}
	if u.TwoFactor.Enabled {
		resp = &api.AuthResponse{Status: api.StatusCodeRequired, Challenge: c.ID, Mode: u.TwoFactor.Mode, ExpiresIn: left}
	}
	if u.TwoFactor.Enabled && u.TwoFactor.Mode == api.ModeSMS && c.SMS != nil {
		resp.PhoneHint = phoneHint(u.TwoFactor.Phone)
		resp.ResendAfter = max(0, int((c.SMS.SentAt.Add(smsResendGap).Sub(now)+time.Second-1)/time.Second))
	}
	// The policy comes with the challenge too: the client can tell what is left.
	resp.Policy = &api.Policy{RequirePIN: org != nil && org.RequirePIN}
	if org != nil {
		resp.Policy.Organization = org.Name
	}
	return resp
}

// errBusy is the answer when a table is full of live entries: a flood is under way.
func errBusy() *httpError {
	e := errorf(http.StatusTooManyRequests, api.CodeRateLimited, "The server is busy. Try again in a minute.")
	e.retryAfter = 60
	return e
}

// roomForChallenge drops expired challenges when the table is full, and refuses a new one when
// that is not enough. Callers hold s.mu.
func (s *Server) roomForChallenge(now time.Time) *httpError {
	if len(s.st.Challenges) < s.limits.challenges {
		return nil
	}
	for id, c := range s.st.Challenges {
		if !now.Before(c.ExpiresAt) || c.Failures >= maxFailures {
			delete(s.st.Challenges, id)
		}
	}
	if len(s.st.Challenges) >= s.limits.challenges {
		return errBusy()
	}
	return nil
}

func allowedModes(org *Org) []string {
	if org != nil && !org.AllowSMS {
		return []string{api.ModeTOTP}
	}
	return []string{api.ModeTOTP, api.ModeSMS}
}

// liveChallenge returns the challenge if it may still be used; callers hold s.mu.
func (s *Server) liveChallenge(id string, now time.Time) (*Challenge, *User, *httpError) {
	c := s.st.Challenges[id]
	if c == nil || !now.Before(c.ExpiresAt) || c.Failures >= maxFailures {
		if c != nil {
			delete(s.st.Challenges, id)
		}
		return nil, nil, errorf(http.StatusUnauthorized, api.CodeChallengeExpired,
			"This sign-in has expired. Sign in again with your username and password.")
	}
	u := s.st.Users[c.Username]
	if u == nil {
		delete(s.st.Challenges, id)
		return nil, nil, errorf(http.StatusUnauthorized, api.CodeChallengeExpired, "This sign-in has expired. Sign in again.")
	}
	return c, u, nil
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) error {
	var req api.VerifyRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c, u, e := s.liveChallenge(req.Challenge, now)
	if e != nil {
		return e
	}
	if !u.TwoFactor.Enabled {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "This sign-in needs two-step authentication to be set up first.")
	}
	// The code is checked and its failure counted in one hold of the lock, so a burst of
	// wrong codes is evaluated one by one against the limit.
	step, e := s.checkCode(u, &c.Failures, u.TwoFactor.Mode, u.TwoFactor.Secret, c.SMS, c.ID, req.Code, now)
	if e != nil {
		if s.save() != nil {
			return errStore
		}
		return e
	}
	if step > 0 {
		u.LastStep = step
	}
	delete(s.st.Challenges, c.ID)
	t := s.registerDevice(u, c.Device, now)
	if s.save() != nil {
		return errStore
	}
	writeJSON(w, http.StatusOK, api.RegisteredResponse(t))
	return nil
}

// checkCode checks a second-factor code for u, counting failures on the challenge or
// enrolment (challengeFailures) and on the account; a success resets the account's count.
// An SMS code is bound to its owner (the challenge or enrolment id). It returns the TOTP step
// to consume (0 for SMS: the caller drops the owner, and its code with it).
// Callers hold s.mu.
func (s *Server) checkCode(u *User, challengeFailures *int, mode, secret string, sms *SMSCode, owner, rawCode string, now time.Time) (int64, *httpError) {
	if e := stillLocked(u.CodeLockedUntil, now); e != nil {
		return 0, e
	}
	code := normalizeCode(rawCode)
	var errCode, msg string
	var step int64
	switch mode {
	case api.ModeTOTP:
		res, matched := totpWrong, int64(0)
		if code != "" {
			res, matched = checkTOTP(secret, code, now, u.LastStep)
		}
		switch res {
		case totpOK:
			step = matched
		case totpUsed:
			// A replay is refused without counting as a guess: the person typing it knew the
			// code. The owner is told, in case it was not them.
			s.notice(u, "A sign-in to your x360Sync account reused an authentication code that had already been accepted. If this was not you, change your password.")
			return 0, errorf(http.StatusUnauthorized, api.CodeCodeUsed,
				"This code has already been used. Wait for the next code from your authenticator app.")
		case totpSkew:
			errCode, msg = api.CodeClockSkew, "That code belongs to a different time: the clock of the device with your authenticator app is off. Set its time automatically and try a new code."
		default:
			errCode, msg = api.CodeInvalidCode, "The authentication code is incorrect. Check the code and try again."
		}
	case api.ModeSMS:
		switch {
		case code == "" || sms == nil || !sameDigest(sms.Digest, digest(owner, code)):
			errCode, msg = api.CodeInvalidCode, "The authentication code is incorrect. Check the code in the newest text message and try again."
		case !now.Before(sms.ExpiresAt):
			errCode, msg = api.CodeCodeExpired, "This code has expired. Request a new text message."
		}
	}
	if errCode == "" {
		u.CodeFailures, u.CodeLockedUntil = 0, time.Time{}
		return step, nil
	}
	*challengeFailures++
	if wait := fail(&u.CodeFailures, &u.CodeLockedUntil, now); wait > 0 {
		return 0, rateLimited(wait)
	}
	return 0, errorf(http.StatusUnauthorized, errCode, msg)
}
