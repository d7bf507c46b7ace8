// Command bare is the floor for make bench: a Fyne window with one label and nothing else,
// built from the same Fyne version and flags as x360sync, so start-up, memory, idle CPU and
// size are compared with what Fyne itself costs.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("com.x360sync.bench.bare")
	w := a.NewWindow("bare")
	w.SetContent(widget.NewLabel("A bare Fyne window"))
	w.Resize(fyne.NewSize(800, 600))
	w.ShowAndRun()
}
