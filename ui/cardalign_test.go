package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// leafBox is a widget or a canvas object drawn on screen, where it is in the window.
type leafBox struct {
	o        fyne.CanvasObject
	pos      fyne.Position
	size     fyne.Size
	top, bot float32
}

// shownLeaves are the widgets and canvas objects of o that show (no hidden one, nor anything
// in a hidden container), where the window lays them out; widgets are not entered.
func shownLeaves(o fyne.CanvasObject) []leafBox {
	var out []leafBox
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, k := range c.Objects {
				walk(k)
			}
			return
		}
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		out = append(out, leafBox{o, p, o.Size(), p.Y, p.Y + o.Size().Height})
	}
	walk(o)
	return out
}

// The card's column is its text: a first-time user saw the buttons stand 8 px left of the text
// (a label's text is inset by its inner padding, a button's face is not), and the logo centred
// over a title on the left, on Server, Done and Unlock. The logo and the primary button start
// where the title's text does, the button ends where the text column does, and the button has
// 8 px more than the rows' spacing above it.
func TestCard_logoAndPrimaryButtonAlignWithTheText(t *testing.T) {
	for _, f := range fixtures() {
		switch f.name {
		case "server", "done", "unlock":
		default:
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			win.Resize(fyne.NewSize(800, 601)) // the test driver lays out again only on a resize
			var title, logo, primary *leafBox
			leaves := shownLeaves(win.Content())
			for i := range leaves {
				l := &leaves[i]
				switch o := l.o.(type) {
				case *widget.Label:
					if o.SizeName == theme.SizeNameHeadingText && title == nil {
						title = l
					}
				case *canvas.Image:
					if o.Resource == Logo {
						logo = l
					}
				case *button:
					if o.Importance == widget.HighImportance {
						primary = l
					}
				}
			}
			if title == nil || logo == nil || primary == nil {
				t.Fatalf("title %v, logo %v, primary button %v: want all three shown", title != nil, logo != nil, primary != nil)
			}
			pad := theme.InnerPadding()
			left, right := title.pos.X+pad, title.pos.X+title.size.Width-pad
			if logo.pos.X != left {
				t.Errorf("the logo starts at x=%v, the title's text at x=%v", logo.pos.X, left)
			}
			if primary.pos.X != left {
				t.Errorf("the primary button starts at x=%v, the title's text at x=%v", primary.pos.X, left)
			}
			if r := primary.pos.X + primary.size.Width; r != right {
				t.Errorf("the primary button ends at x=%v, the text column at x=%v", r, right)
			}
			above := float32(0)
			for _, l := range leaves {
				if l.bot <= primary.top && l.pos.X < primary.pos.X+primary.size.Width && l.pos.X+l.size.Width > primary.pos.X {
					above = fyne.Max(above, l.bot)
				}
			}
			if gap, want := primary.top-above, theme.Padding()+8; gap < want {
				t.Errorf("the primary button is %v px under what is above it, want at least %v (the rows' %v and 8)", gap, want, theme.Padding())
			}
		})
	}
}
