package mockserver

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// throttle is a run of consecutive failures and the time until which further tries are refused.
type throttle struct {
	Failures    int
	LockedUntil time.Time
}

// fail counts one more failure; from the maxFailures-th on it locks for 30 s, doubling each
// time, capped at an hour, and returns the wait in seconds (0 while under the limit).
func fail(failures *int, lockedUntil *time.Time, now time.Time) int {
	*failures++
	if *failures < maxFailures {
		return 0
	}
	wait := throttleBase * time.Duration(math.Pow(2, float64(min(*failures-maxFailures, 20))))
	wait = min(wait, throttleCap)
	*lockedUntil = now.Add(wait)
	return int(wait / time.Second)
}

func rateLimited(retryAfter int) *httpError {
	e := errorf(http.StatusTooManyRequests, api.CodeRateLimited,
		fmt.Sprintf("Too many attempts. Try again in %d seconds.", retryAfter))
	e.retryAfter = max(retryAfter, 1)
	return e
}

// stillLocked returns the 429 for a lock that has not run out yet, or nil.
func stillLocked(lockedUntil, now time.Time) *httpError {
	if now.Before(lockedUntil) {
		return rateLimited(int(math.Ceil(lockedUntil.Sub(now).Seconds())))
	}
	return nil
}

var errInvalidCredentials = errorf(http.StatusUnauthorized, api.CodeInvalidCredentials,
	"The username or password is incorrect.")

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req api.LoginRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	if strings.TrimSpace(req.Username) == "" || req.Password == "" || strings.TrimSpace(req.Device.Name) == "" {
		writeErr(w, errorf(http.StatusBadRequest, api.CodeBadRequest, "Username, password and device name are required."))
		return
	}
	resp, err := s.login(req)
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// checkPassword verifies a user's password outside the lock (Argon2id takes tens of
// milliseconds). An unknown user is checked against a dummy hash, so both cost the same time.
func (s *Server) checkPassword(username, password string) (known, ok bool) {
	s.mu.Lock()
	hash := dummyHash
	if u := s.st.Users[username]; u != nil {
		hash, known = u.PasswordHash, true
	}
	s.mu.Unlock()
	return known, verifySecret(hash, password) && known
}

func (s *Server) login(req api.LoginRequest) (*api.AuthResponse, error) {
	name := strings.ToLower(strings.TrimSpace(req.Username))
	s.mu.Lock()
	if u := s.st.Users[name]; u != nil {
		if e := stillLocked(u.LoginLockedUntil, s.now()); e != nil {
			s.mu.Unlock()
			return nil, e
		}
	}
	s.mu.Unlock()

	known, ok := s.checkPassword(name, req.Password)

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	u := s.st.Users[name]
	if !known || u == nil {
		return nil, errInvalidCredentials
	}
	if !ok {
		wait := fail(&u.LoginFailures, &u.LoginLockedUntil, now)
		if s.save() != nil {
			return nil, errStore
		}
		if wait > 0 {
			return nil, rateLimited(wait)
		}
		return nil, errInvalidCredentials
	}
	u.LoginFailures, u.LoginLockedUntil = 0, time.Time{}
	org := s.st.Orgs[u.Org]
	var resp *api.AuthResponse
	switch {
	case u.TwoFactor.Enabled:
		c := &Challenge{ID: newID("ch_", 16), Username: u.Username, Device: req.Device, ExpiresAt: now.Add(challengeTTL)}
		resp = &api.AuthResponse{Status: api.StatusCodeRequired, Challenge: c.ID, Mode: u.TwoFactor.Mode, ExpiresIn: int(challengeTTL / time.Second)}
		if u.TwoFactor.Mode == api.ModeSMS {
			s.sendSMS(&c.SMS, &c.Sends, c.ID, u.TwoFactor.Phone, now)
			resp.PhoneHint = phoneHint(u.TwoFactor.Phone)
		}
		s.st.Challenges[c.ID] = c
	case org != nil && org.Require2FA:
		c := &Challenge{ID: newID("ch_", 16), Username: u.Username, Device: req.Device, ExpiresAt: now.Add(challengeTTL)}
		s.st.Challenges[c.ID] = c
		resp = &api.AuthResponse{Status: api.StatusEnrollmentRequired, Challenge: c.ID, AllowedModes: allowedModes(org), ExpiresIn: int(challengeTTL / time.Second)}
	default:
		r := api.RegisteredResponse(s.registerDevice(u, req.Device, now))
		resp = &r
	}
	if s.save() != nil {
		return nil, errStore
	}
	return resp, nil
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

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	var req api.VerifyRequest
	if err := decode(r, &req); err != nil {
		writeErr(w, err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	c, u, e := s.liveChallenge(req.Challenge, now)
	if e != nil {
		writeErr(w, e)
		return
	}
	if !u.TwoFactor.Enabled {
		writeErr(w, errorf(http.StatusBadRequest, api.CodeBadRequest, "This sign-in needs two-step authentication to be set up first."))
		return
	}
	step, e := s.checkCode(u, &c.Failures, u.TwoFactor.Mode, u.TwoFactor.Secret, c.SMS, c.ID, req.Code, now)
	if e != nil {
		if s.save() != nil {
			e = errStore
		}
		writeErr(w, e)
		return
	}
	if step > 0 {
		u.LastStep = step
	}
	delete(s.st.Challenges, c.ID)
	t := s.registerDevice(u, c.Device, now)
	if s.save() != nil {
		writeErr(w, errStore)
		return
	}
	writeJSON(w, http.StatusOK, api.RegisteredResponse(t))
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
