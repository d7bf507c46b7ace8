package ui

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRunner_countdownTicksToZeroOnTheUIGoroutine(t *testing.T) {
	q := make(chan func(), 4)
	r := &runner{deliver: func(f func()) { q <- f }}
	var seen []int
	r.countdown(2*time.Second, func(left int) { seen = append(seen, left) })
	for len(seen) < 3 {
		select {
		case f := <-q:
			f() // the test goroutine stands in for the UI goroutine
		case <-time.After(5 * time.Second):
			t.Fatalf("countdown stalled at %v", seen)
		}
	}
	if len(seen) != 3 || seen[0] != 2 || seen[1] != 1 || seen[2] != 0 {
		t.Errorf("got %v, want [2 1 0]", seen)
	}
	// At zero the ticker stops: nothing more arrives.
	select {
	case <-q:
		t.Error("the countdown kept ticking after zero")
	case <-time.After(1500 * time.Millisecond):
	}
}

func TestRunner_oneCallAtATimeAndCancel(t *testing.T) {
	q := make(chan func(), 4)
	r := &runner{deliver: func(f func()) { q <- f }}
	started := make(chan struct{})
	var result error
	r.run(func(bool) {}, func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}, func(err error) { result = err })
	<-started
	second := false
	r.run(func(bool) {}, func(context.Context) error { second = true; return nil }, func(error) {})
	r.Cancel()
	r.wg.Wait()
	(<-q)()
	if !errors.Is(result, context.Canceled) || second {
		t.Errorf("result %v, second call ran %v", result, second)
	}
}
