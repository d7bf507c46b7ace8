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
		copyForAMinute(secret())
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

// copyForAMinute puts a secret on the clipboard and clears it after a minute, unless something
// else was copied since.
func copyForAMinute(secret string) {
	cb := fyne.CurrentApp().Clipboard()
	cb.SetContent(secret)
	time.AfterFunc(clipboardLife, func() {
		fyne.Do(func() {
			if cb.Content() == secret {
				cb.SetContent("")
			}
		})
	})
}

// deviceName is this computer's name, to prefill the device name.
func deviceName() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return lang.L("My computer")
}
