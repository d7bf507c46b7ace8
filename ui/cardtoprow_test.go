package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// A screen with no Back and no step gives that row no room: a first-time user saw about
// 50 px of empty band above the logo on Done and Unlock. The logo starts at the card's inside
// padding, as Back does on the steps that have it.
func TestCard_noBackNoStepTakesNoRoom(t *testing.T) {
	for _, f := range fixtures() {
		if f.name != "done" && f.name != "unlock" {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			win.Resize(fyne.NewSize(800, 601))
			frame(win.Content())
			var card, logo *leafBox
			leaves := shownLeaves(win.Content())
			for i := range leaves {
				switch o := leaves[i].o.(type) {
				case *panel:
					if o.shadow && card == nil {
						card = &leaves[i]
					}
				case *canvas.Image:
					if o.Resource == Logo {
						logo = &leaves[i]
					}
				}
			}
			if card == nil || logo == nil {
				t.Fatalf("card %v, logo %v: want both shown", card != nil, logo != nil)
			}
			if got, want := logo.top-card.top, 3*theme.Padding(); got != want {
				t.Errorf("the logo starts %v px below the card's top, want %v (the card's inside padding)", got, want)
			}
		})
	}
}
