package mockserver

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// rotation remembers, in memory only, the pair a refresh token was rotated into, so that a
// client that lost the answer gets the same pair again within the grace period.
type rotation struct {
	tokens api.Tokens
}

// registerDevice creates a device with fresh tokens and tells the owner; callers hold s.mu.
func (s *Server) registerDevice(u *User, info api.DeviceInfo, now time.Time) api.Tokens {
	d := &Device{
		ID: newID("dev_", 8), Username: u.Username, Name: clip(info.Name, 100), Platform: clip(info.Platform, 40),
		AppVersion: clip(info.AppVersion, 40), RegisteredAt: now, LastSeenAt: now,
	}
	s.st.Devices[d.ID] = d
	s.notice(u, fmt.Sprintf("A new device, %q, was registered to your x360Sync account. If this was not you, revoke it in Account Settings on the x360Sync web portal or under Devices in the x360Sync desktop app, and change your password.", d.Name))
	t := s.issueTokens(d, u, now)
	if isSHA256Hex(info.RevokeKeySHA256) {
		d.RevokeSHA256 = info.RevokeKeySHA256 // the client holds the key already
		return t
	}
	t.RevokeKey = newToken("x3k_")
	d.RevokeDigest = digest("revoke", t.RevokeKey)
	return t
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// handleRevokeByKey revokes the device registered with a client-proposed revoke key. Every
// device is compared (in constant time each), so neither the answer nor its timing tells
// whether such a device exists.
func (s *Server) handleRevokeByKey(w http.ResponseWriter, r *http.Request) error {
	var req api.RevokeByKeyRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(req.RevokeKey))
	want := hex.EncodeToString(sum[:])
	s.mu.Lock()
	defer s.mu.Unlock()
	// Every device with that key goes: a client that retried a sign-in whose answer was lost
	// may have registered two with one key, and it can take back both.
	var found []string
	for id, d := range s.st.Devices {
		if d.RevokeSHA256 != "" && sameDigest(d.RevokeSHA256, want) && req.RevokeKey != "" {
			found = append(found, id)
		}
	}
	if len(found) == 0 {
		return errorf(http.StatusNotFound, api.CodeNotFound, "There is no such device, or the revoke key does not match.")
	}
	for _, id := range found {
		delete(s.st.Devices, id)
	}
	if s.save() != nil {
		return errStore
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) issueTokens(d *Device, u *User, now time.Time) api.Tokens {
	access, refresh := newToken("x3a_"), newToken("x3r_")
	d.AccessDigest, d.AccessExpiresAt = digest("access", access), now.Add(accessTTL)
	d.RefreshDigest = digest("refresh", refresh)
	org := s.st.Orgs[u.Org]
	return api.Tokens{
		DeviceID: d.ID, AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		ExpiresIn: int(accessTTL / time.Second), Policy: api.Policy{RequirePIN: org != nil && org.RequirePIN},
	}
}

func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

var errInvalidGrant = errorf(http.StatusUnauthorized, api.CodeInvalidGrant,
	"This device was signed out. Sign in again.")

func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) error {
	var req api.RefreshRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, e := s.refresh(req.RefreshToken, s.now())
	if s.save() != nil {
		e = errStore
	}
	if e != nil {
		return e
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) refresh(token string, now time.Time) (api.Tokens, *httpError) {
	if token == "" {
		return api.Tokens{}, errInvalidGrant
	}
	dg := digest("refresh", token)
	for _, d := range s.st.Devices {
		current := sameDigest(d.RefreshDigest, dg)
		previous := !current && d.PrevRefreshDigest != "" && sameDigest(d.PrevRefreshDigest, dg)
		if !current && !previous {
			continue
		}
		u := s.st.Users[d.Username]
		if u == nil || now.After(d.RegisteredAt.Add(refreshLife)) {
			delete(s.st.Devices, d.ID)
			return api.Tokens{}, errInvalidGrant
		}
		if previous {
			if rot, ok := s.rotated.get(dg, now); ok {
				return rot.tokens, nil
			}
			// An old refresh token used after the grace period: someone else holds a copy.
			// Revoking the device protects the account; its owner signs in again.
			delete(s.st.Devices, d.ID)
			s.notice(u, fmt.Sprintf("The device %q was signed out because an old sign-in token was reused. If you did not expect this, change your password.", d.Name))
			return api.Tokens{}, errInvalidGrant
		}
		if org := s.st.Orgs[u.Org]; org != nil && org.Require2FA && !u.TwoFactor.Enabled {
			return api.Tokens{}, errEnrollmentRequired
		}
		t := s.issueTokens(d, u, now)
		d.PrevRefreshDigest, d.RotatedAt, d.LastSeenAt = dg, now, now
		// Kept for the grace period only, and at most limits.rotated of them.
		s.rotated.prune(now)
		s.rotated.put(dg, rotation{tokens: t}, now.Add(refreshGrace+time.Nanosecond), now, s.limits.rotated)
		return t, nil
	}
	return api.Tokens{}, errInvalidGrant
}

var errEnrollmentRequired = errorf(http.StatusForbidden, api.CodeEnrollmentRequired,
	"Your organization requires two-step authentication. Sign in again to set it up.")

var errUnauthorized = errorf(http.StatusUnauthorized, api.CodeUnauthorized,
	"Your session has ended. Sign in again.")

// authenticate finds the device whose access token the request carries; callers hold s.mu.
// allowUnenrolled lets a user whose organisation requires two-step authentication reach the
// one endpoint that sets it up.
func (s *Server) authenticate(r *http.Request, now time.Time, allowUnenrolled bool) (*Device, *User, *httpError) {
	h := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		return nil, nil, errUnauthorized
	}
	dg := digest("access", token)
	for _, d := range s.st.Devices {
		if !sameDigest(d.AccessDigest, dg) {
			continue
		}
		u := s.st.Users[d.Username]
		if u == nil || !now.Before(d.AccessExpiresAt) {
			return nil, nil, errUnauthorized
		}
		if org := s.st.Orgs[u.Org]; !allowUnenrolled && org != nil && org.Require2FA && !u.TwoFactor.Enabled {
			return nil, nil, errEnrollmentRequired
		}
		d.LastSeenAt = now
		return d, u, nil
	}
	return nil, nil, errUnauthorized
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, u, e := s.authenticate(r, s.now(), true)
	if e != nil {
		return e
	}
	org := s.st.Orgs[u.Org]
	me := api.Me{
		Username: u.Username, Email: u.Email, DeviceID: d.ID,
		TwoFactor: api.TwoFactor{Enabled: u.TwoFactor.Enabled, Mode: u.TwoFactor.Mode},
	}
	if org != nil {
		me.Org = api.Org{Name: org.Name, Require2FA: org.Require2FA, RequirePIN: org.RequirePIN, AllowSMS: org.AllowSMS}
	}
	if u.TwoFactor.Mode == api.ModeSMS {
		me.TwoFactor.PhoneHint = phoneHint(u.TwoFactor.Phone)
	}
	writeJSON(w, http.StatusOK, me)
	return nil
}

func (s *Server) handleDevices(w http.ResponseWriter, r *http.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, u, e := s.authenticate(r, s.now(), false)
	if e != nil {
		return e
	}
	list := []api.Device{}
	for _, x := range s.st.Devices {
		if x.Username == u.Username {
			list = append(list, api.Device{
				ID: x.ID, Name: x.Name, Platform: x.Platform, AppVersion: x.AppVersion,
				RegisteredAt: x.RegisteredAt, LastSeenAt: x.LastSeenAt, Current: x.ID == d.ID,
			})
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].RegisteredAt.Before(list[j].RegisteredAt) })
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Revoking must work while enrolment is pending too: signing out is always allowed.
	_, u, e := s.authenticate(r, s.now(), true)
	if e != nil {
		return e
	}
	target := s.st.Devices[r.PathValue("id")]
	if target == nil || target.Username != u.Username {
		return errorf(http.StatusNotFound, api.CodeNotFound, "There is no such device on your account.")
	}
	return s.deleteDevice(w, target)
}

// handleRevokeWithKey lets a device revoke itself with its revoke key and no bearer token. An
// unknown device and a wrong key get the same answer, so the endpoint says nothing about
// which devices exist; the key carries 256 random bits, so guessing it needs no throttle.
func (s *Server) handleRevokeWithKey(w http.ResponseWriter, r *http.Request) error {
	var req api.RevokeWithKeyRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.st.Devices[r.PathValue("id")]
	if d == nil || d.RevokeDigest == "" || req.RevokeKey == "" || !sameDigest(d.RevokeDigest, digest("revoke", req.RevokeKey)) {
		return errorf(http.StatusNotFound, api.CodeNotFound, "There is no such device, or the revoke key does not match.")
	}
	return s.deleteDevice(w, d)
}

// deleteDevice revokes d (its tokens go with it) and answers 204; callers hold s.mu.
func (s *Server) deleteDevice(w http.ResponseWriter, d *Device) error {
	delete(s.st.Devices, d.ID)
	if s.save() != nil {
		return errStore
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
