package mockserver

import "time"

// Caps on the server's tables. Each has an expiry too; the cap is what holds under a flood
// that arrives faster than entries expire.
type limits struct {
	idem        int // idempotency cache entries; beyond it keyed requests get a 429
	challenges  int // live sign-in challenges; beyond it new sign-ins get a 429
	enrollments int // unfinished enrolments; beyond it new ones get a 429
	recovery    int // per-address recovery throttles; the oldest is dropped beyond it
	rotated     int // rotated refresh tokens in their grace period; the oldest is dropped
	outbox      int // messages kept for the dev outbox; the oldest is dropped
	throttles   int // sign-in throttle records (per name and per name+address); oldest dropped
	sms         int // per-number and per-account text counters; oldest dropped
}

var defaultLimits = limits{
	idem: 10_000, challenges: 10_000, enrollments: 10_000, recovery: 10_000,
	rotated: 10_000, outbox: 1_000, throttles: 50_000, sms: 10_000,
}

// Retention of the in-memory tables (besides the contract's own lifetimes).
const (
	throttleKeep = 24 * time.Hour // a failure run is forgotten a day after its last failure
	outboxKeep   = 24 * time.Hour
)

// ttlMap is a map whose entries expire, with the order of expiry kept in a queue so that
// pruning and finding the oldest entry are O(1) amortised instead of a scan. It relies on one
// lifetime per table: an entry set later never expires earlier. Callers hold s.mu.
type ttlMap[V any] struct {
	m    map[string]ttlEntry[V]
	q    []ttlKey
	head int
	seq  uint64
}

type ttlEntry[V any] struct {
	v       V
	expires time.Time
	seq     uint64
}

type ttlKey struct {
	k   string
	seq uint64
}

func newTTLMap[V any]() *ttlMap[V] { return &ttlMap[V]{m: map[string]ttlEntry[V]{}} }

func (t *ttlMap[V]) len() int { return len(t.m) }

// get returns a live entry.
func (t *ttlMap[V]) get(k string, now time.Time) (V, bool) {
	e, ok := t.m[k]
	if !ok || !now.Before(e.expires) {
		var zero V
		return zero, false
	}
	return e.v, true
}

// set stores v until expires, replacing any earlier entry for k.
func (t *ttlMap[V]) set(k string, v V, expires time.Time) {
	t.seq++
	t.m[k] = ttlEntry[V]{v: v, expires: expires, seq: t.seq}
	t.q = append(t.q, ttlKey{k, t.seq})
	t.compact()
}

// put is set for a table capped at limit: a new key first makes room for itself.
func (t *ttlMap[V]) put(k string, v V, expires, now time.Time, limit int) {
	if _, ok := t.m[k]; !ok {
		t.makeRoom(now, limit)
	}
	t.set(k, v, expires)
}

func (t *ttlMap[V]) delete(k string) { delete(t.m, k) }

// prune drops expired entries from the front of the queue.
func (t *ttlMap[V]) prune(now time.Time) {
	for t.head < len(t.q) {
		qk := t.q[t.head]
		e, ok := t.m[qk.k]
		if ok && e.seq == qk.seq && now.Before(e.expires) {
			return
		}
		if ok && e.seq == qk.seq {
			delete(t.m, qk.k)
		}
		t.head++
	}
}

// dropOldest removes the entry that would expire first.
func (t *ttlMap[V]) dropOldest() {
	for t.head < len(t.q) {
		qk := t.q[t.head]
		t.head++
		if e, ok := t.m[qk.k]; ok && e.seq == qk.seq {
			delete(t.m, qk.k)
			return
		}
	}
}

// makeRoom prunes and then drops the oldest entries until one more fits under limit.
func (t *ttlMap[V]) makeRoom(now time.Time, limit int) {
	t.prune(now)
	for len(t.m) >= limit && len(t.m) > 0 {
		t.dropOldest()
	}
}

// compact reclaims the queue's dead front and its stale keys (entries set again later), so the
// queue stays within a small multiple of the map.
func (t *ttlMap[V]) compact() {
	if len(t.q)-t.head <= 2*len(t.m)+64 && t.head <= len(t.q)/2 {
		return
	}
	live := make([]ttlKey, 0, len(t.m)+16)
	for _, qk := range t.q[t.head:] {
		if e, ok := t.m[qk.k]; ok && e.seq == qk.seq {
			live = append(live, qk)
		}
	}
	t.q, t.head = live, 0
}
