package ui

import (
	"context"
	"sync"

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
}

// run marks the screen busy, runs work in the background, then calls done on the UI goroutine.
// A second call while one is in flight is ignored: a step never sends two requests at once.
func (r *runner) run(busy func(bool), work func(ctx context.Context) error, done func(error)) {
	r.mu.Lock()
	if r.cancel != nil {
		r.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	r.mu.Unlock()
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
			busy(false)
			done(err)
		})
	}()
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
