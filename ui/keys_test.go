package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// tabOrder lists the objects Tab visits on win's canvas, from the first.
func tabOrder(win fyne.Window) []fyne.Focusable {
	c := win.Canvas()
	c.Focus(nil)
	c.FocusNext()
	first := c.Focused()
	var order []fyne.Focusable
	for f := first; f != nil && len(order) < 60; {
		order = append(order, f)
		c.FocusNext()
		if f = c.Focused(); f == first {
			break
		}
	}
	return order
}

// Esc goes back (or cancels what runs) with the focus anywhere on every screen: Fyne gives
// every key to the focused widget, and its buttons, tick boxes, option items and drop-downs
// drop Esc, so each of ours hands it to the window. A confirmation's buttons keep Esc: it
// cancels the confirmation (it closes: the overlay goes).
func TestScreens_escFromEveryFocusedControlReachesTheWindow(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			n := len(tabOrder(render(t, f)))
			for i := range n {
				win := render(t, f)
				order := tabOrder(win)
				if i >= len(order) {
					t.Fatalf("the focus order changed: %d controls, then %d", n, len(order))
				}
				c := win.Canvas()
				c.Focus(order[i])
				reached := false
				c.SetOnTypedKey(func(ev *fyne.KeyEvent) { reached = ev.Name == fyne.KeyEscape })
				overlays := len(c.Overlays().List())
				order[i].TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
				if !reached && len(c.Overlays().List()) == overlays {
					t.Errorf("Esc with the focus on control %d of %d (%T %q) reached nothing", i+1, n, order[i], textOf(order[i]))
				}
			}
		})
	}
}

// asButton is o as a Fyne button: one of ours (its Fyne part), or Fyne's own.
func asButton(o fyne.CanvasObject) (*widget.Button, bool) {
	switch b := o.(type) {
	case *button:
		return &b.Button, true
	case *widget.Button:
		return b, true
	}
	return nil, false
}
