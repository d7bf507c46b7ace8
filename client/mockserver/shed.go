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
// shed, answered at once with 503 unavailable and a Retry-After, before anything about it is
// looked up or counted. It did no check, so it is no failed attempt against any throttle, and
// it looks the same for every username, known or not. The zero value is the defaults.
type HashLimit struct {
	// Slots is how many checks run at once (each takes 19 MiB); 0 means 4.
	Slots int
	// Queue is how many requests may wait for a slot; the next one is shed at once. 0 means
	// 8 per slot; a negative number means none wait.
	Queue int
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
	maxShedRetry     = 60                     // seconds: the longest Retry-After the client honours
)

// hashGate admits checks under a HashLimit. Besides the slots and the queue it keeps the time
// one check holds a slot (a moving average) and a schedule of the shed requests' returns: each
// is told to come back when the server should have room for it after the queue and the shed
// requests told before it, so a burst's retries arrive spread at the rate the server checks
// instead of all at once.
type hashGate struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration

	mu     sync.Mutex
	avg    time.Duration // moving average of one check's time in a slot
	resume time.Time     // when the server has room for the last shed request
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
	return &hashGate{slots: make(chan struct{}, slots), queue: make(chan struct{}, queue), wait: wait, avg: firstHashGuess}
}

// errShed is the answer to a shed request.
func errShed(retryAfter int) *httpError {
	e := errorf(http.StatusServiceUnavailable, api.CodeUnavailable,
		"The server is busy. Your request was not processed; try again in a few seconds.")
	e.retryAfter = retryAfter
	return e
}

// enter takes a slot, waiting in the queue for at most the gate's wait, and returns the
// function that gives it back; a request that finds the queue full, or waits it out, gets the
// 503 to answer instead. Slots pass to the waiting in the order they came.
func (g *hashGate) enter() (func(), *httpError) {
	select {
	case g.slots <- struct{}{}:
		return g.leave(time.Now()), nil
	default:
	}
	select {
	case g.queue <- struct{}{}:
	default:
		return nil, g.shed()
	}
	defer func() { <-g.queue }()
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return g.leave(time.Now()), nil
	case <-t.C:
		return nil, g.shed()
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
// slot's share of the measured time.
func (g *hashGate) shed() *httpError {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := time.Now()
	per := g.avg / time.Duration(cap(g.slots))
	if free := now.Add(time.Duration(len(g.slots)+len(g.queue)) * per); g.resume.Before(free) {
		g.resume = free
	}
	g.resume = g.resume.Add(per)
	secs := int(math.Ceil(g.resume.Sub(now).Seconds()))
	return errShed(min(max(secs, 1), maxShedRetry))
}

// hashSlot is the gate of s's Argon2id checks; see HashLimit.
func (s *Server) hashSlot() (func(), *httpError) {
	return s.gate.enter()
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
