package ui

import "fyne.io/fyne/v2"

// RaiseOnRequest is what the single-instance primary calls when a second launch asks for the
// window (app/instance calls it on its own goroutine): on the UI thread it shows the window,
// also when it was hidden to the tray or minimised (mapping it again restores it), and asks
// the window manager to focus it.
func RaiseOnRequest(w fyne.Window) func() {
	return func() {
		fyne.Do(func() {
			w.Show()
			w.RequestFocus()
		})
	}
}
