package mockserver

import (
	"fmt"
	"math"
	"net"
	"net/http"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// hardCap is how many consecutive wrong passwords an account takes from all addresses together
// before sign-in stops until Account Recovery or an admin (NIST SP 800-63B: at most 100).
const hardCap = 100

// Lengths beyond which a sign-in or recovery is refused before anything is recorded: names and
// emails key the throttle tables, which must stay bounded in bytes as well as in entries.
const (
	maxNameLen     = 256
	maxPasswordLen = 1024
	maxEmailLen    = 254 // RFC 5321's path limit
)

// throttle is a run of consecutive failures and the time until which further tries are refused.
type throttle struct {
	Failures    int
	LockedUntil time.Time
}

// attempts is a throttle with the checks still running: they are counted before the expensive
// check starts, so a burst cannot have more checks evaluated than the limit allows.
type attempts struct {
	throttle
	inflight int
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

var errAccountLocked = errorf(http.StatusForbidden, api.CodeAccountLocked,
	"This account is locked after too many wrong passwords. Use Account Recovery or ask your administrator to unlock it.")

// sourceOf is the address a request came from, as the connection says (never a header a
// client could write).
func sourceOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// passwordTry is a reserved password check: release it with the outcome.
type passwordTry struct {
	name, source string
	src, acct    *attempts
}

// reservePassword counts a password check for name from source before it runs, at two levels:
// per name and address (the growing back-off) and per name from anywhere (the hard cap). Every
// name gets records, known or not, so the answers cannot tell them apart. Callers hold s.mu.
func (s *Server) reservePassword(name, source string, now time.Time) (*passwordTry, *httpError) {
	acct := s.throttleRecord("a\x00"+name, now, func(a *attempts) {
		if u := s.st.Users[name]; u != nil {
			a.Failures = u.LoginFailures // the account's count survives restarts and eviction
		}
	})
	src := s.throttleRecord("s\x00"+name+"\x00"+source, now, nil)
	switch {
	case acct.Failures >= hardCap:
		return nil, errAccountLocked
	case stillLocked(src.LockedUntil, now) != nil:
		return nil, stillLocked(src.LockedUntil, now)
	case src.inflight > 0 && src.Failures+src.inflight >= maxFailures,
		acct.inflight > 0 && acct.Failures+acct.inflight >= hardCap:
		// Checks already running may use up the limit: wait for them. Past the limit (a lock
		// that ran out) one check at a time is evaluated.
		return nil, rateLimited(int(throttleBase / time.Second))
	}
	src.inflight++
	acct.inflight++
	return &passwordTry{name: name, source: source, src: src, acct: acct}, nil
}

// throttleRecord returns the live record for key, creating it (with init) when there is none.
func (s *Server) throttleRecord(key string, now time.Time, init func(*attempts)) *attempts {
	if a, ok := s.throttles.get(key, now); ok {
		return a
	}
	a := &attempts{}
	if init != nil {
		init(a)
	}
	s.throttles.put(key, a, now.Add(throttleKeep), now, s.limits.throttles)
	return a
}

// release records the outcome of a reserved check and returns the error for a failure (nil
// for a success). Callers hold s.mu.
func (s *Server) release(t *passwordTry, ok bool, wrong *httpError, now time.Time) *httpError {
	t.src.inflight--
	t.acct.inflight--
	u := s.st.Users[t.name]
	if ok {
		t.src.throttle, t.acct.throttle = throttle{}, throttle{}
		if u != nil {
			u.LoginFailures = 0
		}
		return nil
	}
	wait := fail(&t.src.Failures, &t.src.LockedUntil, now)
	t.acct.Failures++
	// The records live on after this failure: their day of memory restarts from now.
	s.throttles.put("a\x00"+t.name, t.acct, now.Add(throttleKeep), now, s.limits.throttles)
	s.throttles.put("s\x00"+t.name+"\x00"+t.source, t.src, now.Add(throttleKeep), now, s.limits.throttles)
	if u != nil {
		u.LoginFailures = t.acct.Failures
	}
	// Saved for an unknown name too (nothing changed): the same work, so the same time.
	if s.save() != nil {
		return errStore
	}
	switch {
	case t.acct.Failures >= hardCap:
		return errAccountLocked
	case wait > 0:
		return rateLimited(wait)
	}
	return wrong
}

// unlockAccount ends an account's hard lock (Account Recovery or an admin). Callers hold s.mu.
func (s *Server) unlockAccount(u *User) {
	u.LoginFailures = 0
	s.throttles.delete("a\x00" + u.Username)
	s.recovery.delete(recoveryKey(u.Email)) // Account Recovery's own hard cap ends with it
}

// checkPassword verifies name's password, reserved under the lock and hashed outside it
// (Argon2id takes tens of milliseconds). An unknown name is checked against a dummy hash and
// throttled the same, so both cost the same time and get the same answers.
func (s *Server) checkPassword(name, source, password string, wrong *httpError) (*User, *httpError) {
	s.mu.Lock()
	try, e := s.reservePassword(name, source, s.now())
	hash := dummyHash
	if u := s.st.Users[name]; u != nil {
		hash = u.PasswordHash
	}
	s.mu.Unlock()
	if e != nil {
		return nil, e
	}
	ok := verifySecret(hash, password)
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.Users[name]
	ok = ok && u != nil && u.PasswordHash == hash
	if e := s.release(try, ok, wrong, s.now()); e != nil {
		return nil, e
	}
	return u, nil
}
