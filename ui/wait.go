package ui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/x360sync/desktop/client"
)

// waiter is a page whose primary button counts down a too-many-attempts wait (waitFor, ""
// when it is over); afterWait, if a page has it, gives the input the server refused back
// emptied and focused when the wait is over.
type waiter interface{ waitFor(label string) }

// throttleWait is the too-many-attempts wait err asks for, 0 for none. A text limit is not
// counted down: the wait is long and the other ways in (the Backup key, another account) stay
// open meanwhile.
func throttleWait(err error) time.Duration {
	var ae *client.APIError
	if errors.Is(err, client.ErrRateLimited) && !errors.Is(err, client.ErrSMSLimit) && errors.As(err, &ae) && ae.RetryAfter > 0 {
		return time.Duration(ae.RetryAfter) * time.Second
	}
	return 0
}

// countWaitDown is the one countdown of a too-many-attempts wait, for the wizard's steps and
// the account's pages alike: while it runs, s's inputs are off (off(true)) and its primary
// button is off and reads "Try again in 28 s" (waiter); no call runs meanwhile, so the
// button is off, not busy. When it is over the inputs and the button come back and the input
// the server refused is emptied and focused (afterWait), or else s's first field. say tells
// the page's banner the seconds left (0: over): every second for a page without such a
// button, else once at the start (waitWords has no number then), so that the banner is not
// set, laid out and read out again each second. It stops by itself once shown says s is gone.
func countWaitDown(run *runner, win fyne.Window, d time.Duration, s screen, off func(bool), shown func() bool, say func(left int)) (stop func()) {
	w, _ := s.(waiter)
	isOff, first := false, true
	return run.countdown(d, func(left int) {
		if s == nil || !shown() {
			return
		}
		if left > 0 {
			if !isOff {
				off(true) // the inputs off; the button's look is the wait's, below
				isOff = true
			}
			if w != nil {
				w.waitFor(fmt.Sprintf(lang.L("Try again in %d s"), left))
			}
			if w == nil || first {
				say(left) // with the button counting, the banner's words have no number: said once
			}
			first = false
			return
		}
		off(false)
		if w != nil {
			w.waitFor("")
		}
		say(0)
		if a, ok := s.(interface{ afterWait() }); ok {
			a.afterWait()
		} else if f := s.first(); f != nil {
			win.Canvas().Focus(f)
		}
	})
}

// waitWords is the banner's words during a too-many-attempts wait with left seconds to go.
// When the page's primary button counts it down (onButton), the banner says where to look,
// without a number: one countdown on screen, not two.
func waitWords(onButton bool, left int) string {
	if onButton {
		return lang.L("Too many attempts. Wait for the countdown on the button below, then try again.")
	}
	return fmt.Sprintf(lang.L("Too many attempts. Try again in %d seconds."), left)
}
