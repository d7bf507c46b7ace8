package mockserver

import (
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// HashLimit bounds a server's Argon2id checks of passwords and Backup keys (sign-in, the
// current password in settings, disabling two-step authentication, Account Recovery), as a
// real identity service does under a burst: a request that would wait too long for a check is
// shed, answered at once with 503 overloaded and a Retry-After, before anything about it is
// looked up or counted. It did no check, so it is no failed attempt against any throttle, and
// it looks the same for every username, known or not. The zero value is the defaults.
type HashLimit struct {
	// Slots is how many checks run at once (each takes 19 MiB); 0 means 4.
	Slots int
	// Queue is how many requests may wait for a slot; the next one is shed at once. 0 means
	// 8 per slot; a negative number means none wait.
	Queue int
	// PerSource is how many of the waiting requests may come from one address; the next one
	// from it is shed, so one address cannot fill the queue for everyone. 0 means a quarter
	// of the queue (at least 1); a negative number means no limit. Loopback addresses are not
	// limited: they are this computer's own clients (the demo, tests, the load bench), which
	// an address cannot tell apart.
	PerSource int
	// Wait is the longest a request waits in the queue before it is shed; 0 means 3 s, well
	// inside a client's 10 s attempt.
	Wait time.Duration
}

// Defaults of HashLimit, and the bounds of the Retry-After a shed request gets.
const (
	defaultHashSlots = 4
	defaultQueuePer  = 8
	defaultHashWait  = 3 * time.Second
	firstHashGuess   = 200 * time.Millisecond // a check's time in a slot before one is measured (4 on 2 busy cores)
	// maxShedAhead bounds the schedule of shed requests' returns: it never runs further
	// past now, so the bookings of a flood whose requests never come back (an attacker's)
	// do not keep telling the next person to wait a minute.
	maxShedAhead = 5 * time.Second
)

// hashGate admits checks under a HashLimit. Besides the slots and the queue it keeps the time
// one check holds a slot (a moving average) and a schedule of the shed requests' returns: each
// is told to come back when the server should have room for it after the queue and the shed
// requests told before it, so a burst's retries arrive spread at the rate the server checks
// instead of all at once.
type hashGate struct {
	slots     chan struct{}
	queue     chan struct{}
	wait      time.Duration
	perSource int // waiting requests allowed from one address; 0: no limit

	mu      sync.Mutex
	avg     time.Duration  // moving average of one check's time in a slot
	resume  time.Time      // when the server has room for the last shed request
	waiting map[string]int // requests waiting in the queue, by source address
}

func newHashGate(l HashLimit) *hashGate {
	slots := l.Slots
	if slots <= 0 {
		slots = defaultHashSlots
	}
	queue := l.Queue
	switch {
	case queue == 0:
		queue = defaultQueuePer * slots
	case queue < 0:
		queue = 0
	}
	wait := l.Wait
	if wait <= 0 {
		wait = defaultHashWait
	}
	return &hashGate{
		slots: make(chan struct{}, slots), queue: make(chan struct{}, queue), wait: wait,
		perSource: perSource(l.PerSource, queue), avg: firstHashGuess, waiting: map[string]int{},
	}
}

// perSource is HashLimit.PerSource with its default for a queue of n.
func perSource(limit, n int) int {
	switch {
	case limit < 0:
		return 0
	case limit == 0:
		return max(n/4, 1)
	}
	return limit
}

// errShed is the answer to a shed request.
func errShed(retryAfter int) *httpError {
	e := errorf(http.StatusServiceUnavailable, api.CodeOverloaded,
		"The server is busy. Your request was not processed; try again in a few seconds.")
	e.retryAfter = retryAfter
	return e
}

// enter takes a slot for a request from source, waiting in the queue for at most the gate's
// wait, and returns the function that gives it back; a request that finds the queue full (or
// its source's share of it), or waits it out, gets the 503 to answer instead. Slots pass to
// the waiting in the order they came.
func (g *hashGate) enter(source string) (func(), *httpError) {
	select {
	case g.slots <- struct{}{}:
		return g.leave(time.Now()), nil
	default:
	}
	if !g.join(source) {
		return nil, g.shed()
	}
	defer g.quit(source)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave(time.Now()), nil
	case <-t.C:
		return nil, g.shed()
	}
}

// join takes a place in the queue for a request from source, if there is one and source has
// not used up its share; quit gives it back.
func (g *hashGate) join(source string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.perSource > 0 && g.waiting[source] >= g.perSource && !isLoopback(source) {
		return false
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return false
	}
	g.waiting[source]++
	return true
}

func (g *hashGate) quit(source string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	<-g.queue
	if g.waiting[source]--; g.waiting[source] <= 0 {
		delete(g.waiting, source)
	}
}

// leave is the release of a slot taken at start: it measures the check's time.
func (g *hashGate) leave(start time.Time) func() {
	return func() {
		d := time.Since(start)
		<-g.slots
		g.mu.Lock()
		g.avg += (d - g.avg) / 8
		g.mu.Unlock()
	}
}

// shed books the shed request's return and returns its Retry-After in seconds: after the
// checks running and queued now, and after the shed requests booked before it, each taking a
// slot's share of the measured time; but never more than maxShedAhead from now. Bookings are
// only a guess (a shed request may never come back), so a flood of them must not outlive
// itself: a request told to come back early is at worst shed again, with a fresh booking.
func (g *hashGate) shed() *httpError {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	per := g.avg / time.Duration(cap(g.slots))
	if free := now.Add(time.Duration(len(g.slots)+len(g.queue)) * per); g.resume.Before(free) {
		g.resume = free
	}
	g.resume = g.resume.Add(per)
	if horizon := now.Add(maxShedAhead); g.resume.After(horizon) {
		g.resume = horizon
	}
	secs := int(math.Ceil(g.resume.Sub(now).Seconds()))
	return errShed(max(secs, 1))
}

// hashSlot is the gate of s's Argon2id checks for a request from source; see HashLimit.
func (s *Server) hashSlot(source string) (func(), *httpError) {
	return s.gate.enter(source)
}

// HoldHashSlots occupies every hash slot, as checks in progress do, until release is called
// (once is enough; later calls do nothing): the way for a test or a demo that holds the Server
// to see it shed sign-ins. Requests wait and are shed by the HashLimit as under a real burst.
func (s *Server) HoldHashSlots() (release func()) {
	_ = s.Init()
	g := s.gate
	for range cap(g.slots) {
		g.slots <- struct{}{}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			for range cap(g.slots) {
				<-g.slots
			}
		})
	}
}
