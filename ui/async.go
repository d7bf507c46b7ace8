package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// runner is the one place the UI starts goroutines: network and keyring calls run off the UI
// goroutine, and their results reach widgets only through fyne.Do. Cancel stops the call in
// flight (its ctx is cancelled).
type runner struct {
	mu     sync.Mutex
	cancel context.CancelFunc
	wg     sync.WaitGroup // lets tests wait for a call to finish
	// deliver hands the result to the UI goroutine; nil means fyne.Do. Tests deliver to the
	// test goroutine instead, which stands in for the UI goroutine there.
	deliver func(func())
	// started, if set, is told of every call started: a call is the person's activity.
	started func()
	// onBusy, if set, is told when a call starts and ends (on the UI goroutine), for a
	// progress indicator shared by every call of this runner.
	onBusy func(bool)
	// refused, if set, is told (on the UI goroutine) of a call refused because another is in
	// flight, so the window can say so: a person's second request is never dropped in silence.
	refused func()
	// timers are the stops of the countdowns and tickers started (every), ended together by
	// stopTimers; ticking counts those still running, so tests can see them end.
	timers  []func()
	ticking sync.WaitGroup
	// second is a countdown's second: time.Second when zero; tests make it short, to see a
	// wait end without waiting it out.
	second time.Duration
	// clip clears a secret copied by this runner's window (clipboard.go).
	clip clipboardClear
}

// secondLen is the runner's second (see second).
func (r *runner) secondLen() time.Duration {
	if r.second <= 0 {
		return time.Second
	}
	return r.second
}

// stopAll ends everything of this runner's that runs on by itself: the countdowns and tickers,
// and the clipboard's clearing (which clears now). Its window calls it when it closes.
func (r *runner) stopAll() {
	r.stopTimers()
	r.stopClipboard()
}

// stillWorking is what a window says when a request is refused while another runs.
const stillWorking = "Still working on the last request…"

// run marks the screen busy, runs work in the background, then calls done on the UI goroutine.
// A second call while one is in flight is refused (see refused): a step never sends two
// requests at once.
func (r *runner) run(busy func(bool), work func(ctx context.Context) error, done func(error)) {
	r.start(true, busy, work, done)
}

// runLocal is run for work that only keeps this computer busy (the PIN's key derivation): the
// shared progress indicator stays off, since its animation would take CPU from the work, and
// the screen says what is happening itself.
func (r *runner) runLocal(busy func(bool), work func(ctx context.Context) error, done func(error)) {
	r.start(false, busy, work, done)
}

func (r *runner) start(progress bool, busy func(bool), work func(ctx context.Context) error, done func(error)) {
	r.mu.Lock()
	if r.cancel != nil {
		r.mu.Unlock()
		r.refuse()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.mu.Unlock()
	if r.started != nil {
		r.started()
	}
	if progress && r.onBusy != nil {
		r.onBusy(true)
	}
	busy(true)
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		err := work(ctx)
		r.mu.Lock()
		r.cancel = nil
		r.mu.Unlock()
		cancel()
		deliver := r.deliver
		if deliver == nil {
			deliver = fyne.Do
		}
		deliver(func() {
			if progress && r.onBusy != nil {
				r.onBusy(false)
			}
			busy(false)
			done(err)
		})
	}()
}

// detached runs work off the UI goroutine beside any call in flight (Lock, which must not
// wait behind the call it ends), then done on the UI goroutine.
func (r *runner) detached(work func(), done func()) {
	deliver := r.deliver
	if deliver == nil {
		deliver = fyne.Do
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		work()
		deliver(done)
	}()
}

// refuse tells the window that a request was refused while another runs.
func (r *runner) refuse() {
	if r.refused != nil {
		r.refused()
	}
}

// Cancel cancels the call in flight, if any.
func (r *runner) Cancel() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// busyNow says whether a call is in flight.
func (r *runner) busyNow() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cancel != nil
}

// countdown calls show with the seconds left, now and then once a second on the UI goroutine,
// until it reaches zero or stop is called. It runs only while a countdown is on screen:
// nothing ticks while the app is idle.
func (r *runner) countdown(d time.Duration, show func(left int)) (stop func()) {
	left := int((d + time.Second - 1) / time.Second)
	show(left)
	if left <= 0 {
		return func() {}
	}
	second := r.secondLen()
	var tick func()
	tick = r.every(second, func() { // on the UI goroutine, like show
		if left == 0 {
			return // a tick already queued when the last one stopped the ticker
		}
		left--
		if left == 0 {
			tick()
		}
		show(left)
	})
	return tick
}

// every calls f on the UI goroutine once per period until stop is called: countdowns, and the
// Demo phone's refresh (demo mode only).
func (r *runner) every(period time.Duration, f func()) (stop func()) {
	deliver := r.deliver
	if deliver == nil {
		deliver = fyne.Do
	}
	t := time.NewTicker(period)
	quit := make(chan struct{})
	var once sync.Once
	r.ticking.Add(1)
	go func() {
		defer r.ticking.Done()
		defer t.Stop()
		for {
			select {
			case <-t.C:
				deliver(f)
			case <-quit:
				return
			}
		}
	}()
	stop = func() { once.Do(func() { close(quit) }) }
	r.mu.Lock()
	r.timers = append(r.timers, stop)
	r.mu.Unlock()
	return stop
}

// stopTimers ends every countdown and ticker this runner started. A window calls it when it
// leaves a screen (see screen), so nothing ticks on for a screen no longer shown.
func (r *runner) stopTimers() {
	r.mu.Lock()
	stops := r.timers
	r.timers = nil
	r.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
}
