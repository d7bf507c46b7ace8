package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The card has one left edge: a first-time user saw the wizard's banner run x=192..607 while
// the fields, labels and buttons ran 200..600. A shown banner spans the text column, as the
// primary button does.
func TestCard_bannerSpansTheTextColumn(t *testing.T) {
	for _, f := range fixtures() {
		if f.name != "signin-unreachable" { // the wizard's shell, as Unlock's: one banner for both
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			win.Resize(fyne.NewSize(800, 601))
			var banner, primary *leafBox
			leaves := shownLeaves(win.Content())
			for i := range leaves {
				switch o := leaves[i].o.(type) {
				case *panel:
					if o.alpha == 0x22 && banner == nil {
						banner = &leaves[i]
					}
				case *button:
					if o.Importance == widget.HighImportance {
						primary = &leaves[i]
					}
				}
			}
			if banner == nil || primary == nil {
				t.Fatalf("banner %v, primary button %v: want both shown", banner != nil, primary != nil)
			}
			if banner.pos.X != primary.pos.X || banner.pos.X+banner.size.Width != primary.pos.X+primary.size.Width {
				t.Errorf("banner runs x=%v..%v, the primary button %v..%v: want one column",
					banner.pos.X, banner.pos.X+banner.size.Width, primary.pos.X, primary.pos.X+primary.size.Width)
			}
		})
	}
}
