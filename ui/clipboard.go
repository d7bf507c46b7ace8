package ui

import (
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// clipboardLife is how long a copied secret stays on the clipboard.
const clipboardLife = 60 * time.Second

// copyForAMinute puts a secret on the clipboard and clears it after a minute, unless something
// else was copied since.
func copyForAMinute(w fyne.Window, secret string) {
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
