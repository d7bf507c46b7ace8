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

// limiter throttles the guessing of one secret per key (an account's password by username;
// its Backup key by email address), at two levels: per key and source address, the growing
// back-off; per key from anywhere, a hard cap of hardCap misses in a row. Each check is
// reserved before its hash runs and released with its outcome, so a burst gets no more checks
// evaluated than the limits allow. Every key gets records, known or not, so the answers
// cannot tell them apart.
//
// The records live in a table capped at limit that drops its oldest under a flood. The count
// from anywhere of a key that belongs to an account is also kept with the account (the caller
// passes it in and stores it back), so a flood of other keys that pushes a locked record out
// of the table, or a restart, does not give fresh tries. A record with checks in flight is
// also held in busy, which no flood empties: a burst sent during a flood of other keys would
// otherwise find its record dropped, start a fresh one with nothing in flight, and get every
// check evaluated (security review: 300 of 300 past a hard cap of 100). Callers hold s.mu.
type limiter struct {
	records *ttlMap[*attempts]
	busy    map[string]*attempts // records with checks in flight; at most two per check running
	limit   int
	capped  *httpError // the answer once a key has hardCap misses in a row
}

func newLimiter(limit int, capped *httpError) *limiter {
	return &limiter{records: newTTLMap[*attempts](), busy: map[string]*attempts{}, limit: limit, capped: capped}
}

// guess is a reserved check: release it with the outcome.
type guess struct {
	acctKey, srcKey string
	src, acct       *attempts
}

// reserve counts a check of key from source before it runs. saved is the key's count from
// anywhere as the account keeps it (0 for a key that names no account).
func (l *limiter) reserve(key, source string, saved int, now time.Time) (*guess, *httpError) {
	g := &guess{acctKey: "a\x00" + key, srcKey: "s\x00" + key + "\x00" + source}
	g.acct, g.src = l.record(g.acctKey, saved, now), l.record(g.srcKey, 0, now)
	acct, src := g.acct, g.src
	switch {
	case acct.Failures >= hardCap:
		return nil, l.capped
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
	l.busy[g.srcKey], l.busy[g.acctKey] = src, acct
	return g, nil
}

// record returns the live record for k: the one with checks in flight, else the table's,
// created (from saved) when there is none. A record holds at least what the account saved:
// the table may have dropped and remade it since.
func (l *limiter) record(k string, saved int, now time.Time) *attempts {
	if a, ok := l.busy[k]; ok {
		a.Failures = max(a.Failures, saved)
		return a
	}
	if a, ok := l.records.get(k, now); ok {
		a.Failures = max(a.Failures, saved)
		return a
	}
	a := &attempts{throttle: throttle{Failures: saved}}
	l.records.put(k, a, now.Add(throttleKeep), now, l.limit)
	return a
}

// release records the outcome of a reserved check. It returns the key's count from anywhere
// (for the account to keep) and, for a miss that reached a limit, the error to answer with
// (nil for a success or a miss under the limits).
func (l *limiter) release(g *guess, ok bool, now time.Time) (int, *httpError) {
	g.src.inflight--
	g.acct.inflight--
	l.idle(g.srcKey, g.src)
	l.idle(g.acctKey, g.acct)
	if ok {
		g.src.throttle, g.acct.throttle = throttle{}, throttle{}
		return 0, nil
	}
	wait := fail(&g.src.Failures, &g.src.LockedUntil, now)
	g.acct.Failures++
	// The records live on after this failure: their day of memory restarts from now.
	l.records.put(g.acctKey, g.acct, now.Add(throttleKeep), now, l.limit)
	l.records.put(g.srcKey, g.src, now.Add(throttleKeep), now, l.limit)
	switch {
	case g.acct.Failures >= hardCap:
		return g.acct.Failures, l.capped
	case wait > 0:
		return g.acct.Failures, rateLimited(wait)
	}
	return g.acct.Failures, nil
}

// idle lets the table alone hold k's record once no check of it is in flight.
func (l *limiter) idle(k string, a *attempts) {
	if a.inflight == 0 {
		delete(l.busy, k)
	}
}

// forget ends key's hard cap (the account's own count is the caller's to reset).
func (l *limiter) forget(key string) {
	l.records.delete("a\x00" + key)
	if a, ok := l.busy["a\x00"+key]; ok {
		a.throttle = throttle{}
	}
}

// unlockAccount ends an account's hard locks, sign-in's and Account Recovery's (a recovery
// or an admin). Callers hold s.mu.
func (s *Server) unlockAccount(u *User) {
	u.LoginFailures, u.RecoveryFailures = 0, 0
	s.throttles.forget(u.Username)
	s.recovery.forget(u.Email)
}

// checkPassword verifies name's password, reserved under the lock and hashed outside it
// (Argon2id takes tens of milliseconds). An unknown name is checked against a dummy hash and
// throttled the same, so both cost the same time and get the same answers.
//
// A request that would wait too long for a hash slot is shed first, before the name is looked
// up or the check reserved: it did no check, so nothing is counted, and every name gets the
// same 503.
func (s *Server) checkPassword(name, source, password string, wrong *httpError) (*User, *httpError) {
	release, e := s.hashSlot(source)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	hash, saved := dummyHash, 0
	if u := s.st.Users[name]; u != nil {
		hash, saved = u.PasswordHash, u.LoginFailures
	}
	g, e := s.throttles.reserve(name, source, saved, s.now())
	s.mu.Unlock()
	if e != nil {
		release()
		return nil, e
	}
	ok := verifySecret(hash, password)
	release()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.Users[name]
	ok = ok && u != nil && u.PasswordHash == hash
	failures, e := s.throttles.release(g, ok, s.now())
	if u != nil {
		u.LoginFailures = failures
	}
	if ok {
		return u, nil
	}
	// Saved for an unknown name too (nothing changed): the same work, so the same time.
	if s.save() != nil {
		return nil, errStore
	}
	if e != nil {
		return nil, e
	}
	return nil, wrong
}
