package ui

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// clipboardLife is how long a copied secret stays on the clipboard.
const clipboardLife = 60 * time.Second

// newCopyButton is Copy for a secret, the one builder of the confirmation pages' (wizard and
// account) and the Demo phone's: it copies secret() for a minute and says so on itself,
// counting down on run until the clipboard is cleared. Pressed from the keyboard it keeps the
// focus (Fyne's press drops it, and the next Tab started again from the top); the relabel
// and the countdown leave it there.
func newCopyButton(run *runner, secret func() string) *button {
	b := newButton(lang.L("Copy"), nil)
	b.keepFocus = true
	stop := func() {}
	b.OnTapped = func() {
		run.copyForAMinute(secret())
		stop()
		stop = run.countdown(clipboardLife, func(left int) {
			if left > 0 {
				b.SetText(fmt.Sprintf(lang.L("Copied — clears in %d s"), left))
				return
			}
			b.SetText(lang.L("Copy"))
		})
	}
	return b
}

// clipboardClear is a runner's timer that takes a copied secret off the clipboard after
// clipboardLife (in the runner's seconds, so that it clears when Copy's countdown says). Its
// window stops it when it closes (runner.stopAll), and clears the secret then: a timer left
// running fired a minute later into whatever ran then (a later test, a data race under -race).
type clipboardClear struct {
	timer  *time.Timer
	secret string
	gen    int // which copy the timer is for: a timer stopped too late does nothing
}

// copyForAMinute puts a secret on the clipboard and clears it after a minute, unless something
// else was copied since.
func (r *runner) copyForAMinute(secret string) {
	fyne.CurrentApp().Clipboard().SetContent(secret)
	deliver := r.deliver
	if deliver == nil {
		deliver = fyne.Do
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c := &r.clip
	if c.timer != nil {
		c.timer.Stop()
	}
	c.gen++
	gen := c.gen
	c.secret = secret
	c.timer = time.AfterFunc(clipboardLife/time.Second*r.secondLen(), func() {
		deliver(func() { r.clearClipboard(gen) })
	})
}

// clearClipboard takes the secret of copy gen off the clipboard, unless something else was
// copied since, or the clearing was stopped or superseded meanwhile.
func (r *runner) clearClipboard(gen int) {
	r.mu.Lock()
	c := &r.clip
	if c.gen != gen || c.timer == nil {
		r.mu.Unlock()
		return
	}
	secret := c.secret
	c.timer, c.secret = nil, ""
	r.mu.Unlock()
	if cb := fyne.CurrentApp().Clipboard(); cb.Content() == secret {
		cb.SetContent("")
	}
}

// stopClipboard stops the clearing timer and clears the secret now (the window closes), on
// the UI goroutine.
func (r *runner) stopClipboard() {
	r.mu.Lock()
	c := &r.clip
	if c.timer == nil {
		r.mu.Unlock()
		return
	}
	c.timer.Stop()
	gen := c.gen
	r.mu.Unlock()
	r.clearClipboard(gen)
}

// deviceName is this computer's name, to prefill the device name.
func deviceName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return lang.L("My computer")
}
