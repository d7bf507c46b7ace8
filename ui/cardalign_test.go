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

// fieldBox is an input that draws a box: a text field (a password, a code) or a drop-down.
func fieldBox(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *textEntry, *selectBox:
		return true
	}
	return false
}

// labelAbove is the label nearest above l that it overlaps across: a field's name, or the
// heading of the part a field is in.
func labelAbove(leaves []leafBox, l leafBox) *leafBox {
	var best *leafBox
	for i := range leaves {
		k := &leaves[i]
		if _, ok := k.o.(*widget.Label); !ok || k.bot > l.top {
			continue
		}
		if k.pos.X >= l.pos.X+l.size.Width || k.pos.X+k.size.Width <= l.pos.X {
			continue
		}
		if best == nil || k.bot > best.bot {
			best = k
		}
	}
	return best
}

// rowOf is how far left and right the boxes and buttons on l's row reach (l and, on the
// confirmation page, the Submit beside the code).
func rowOf(leaves []leafBox, l leafBox) (left, right float32) {
	left, right = l.pos.X, l.pos.X+l.size.Width
	for _, k := range leaves {
		switch k.o.(type) {
		case *textEntry, *selectBox, *button:
		default:
			continue
		}
		if k.top < l.bot && k.bot > l.top {
			left, right = fyne.Min(left, k.pos.X), fyne.Max(right, k.pos.X+k.size.Width)
		}
	}
	return left, right
}

// showFieldErrors puts words in every field's error line (a danger label, shown or not), so
// that where it stands can be measured.
func showFieldErrors(o fyne.CanvasObject) {
	if c, ok := o.(*fyne.Container); ok {
		for _, k := range c.Objects {
			showFieldErrors(k)
		}
		return
	}
	if l, ok := o.(*widget.Label); ok && l.Importance == widget.DangerImportance {
		l.SetText("Wrong.")
		l.Show()
	}
}

// Each card has one left edge and one right edge: the buttons and the logo started at the
// text's left edge, but a field's box was laid at the container's edge, a label's inner
// padding (8 px) left of the text over it and of the primary button under it, and as far out
// on the right (Sign in, Unlock, the confirmation page's code, the account's Change PIN). Every
// field's box (with what shares its row) starts where its label's text starts and where the
// primary button does, and ends where both end; its error, shown, reads from the same edge.
func TestCard_fieldBoxesShareTheTextColumn(t *testing.T) {
	for _, f := range fixtures() {
		switch f.name {
		case "server", "signin", "unlock", "pin", "confirm", "change-pin", "code-app", "recovery", "enable-two-step":
		default:
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			win.Resize(fyne.NewSize(800, 601)) // the test driver lays out again only on a resize
			leaves := shownLeaves(win.Content())
			var primary *leafBox
			for i := range leaves {
				if b, ok := leaves[i].o.(*button); ok && b.Importance == widget.HighImportance {
					primary = &leaves[i]
				}
			}
			if primary == nil {
				t.Fatal("no primary button shown")
			}
			pad := theme.InnerPadding()
			pLeft, pRight := primary.pos.X, primary.pos.X+primary.size.Width
			boxes := 0
			for _, l := range leaves {
				if !fieldBox(l.o) {
					continue
				}
				boxes++
				name := labelAbove(leaves, l)
				if name == nil {
					t.Fatalf("a %T at x=%v has no label above it", l.o, l.pos.X)
				}
				text := name.o.(*widget.Label).Text
				tLeft, tRight := name.pos.X+pad, name.pos.X+name.size.Width-pad
				left, right := rowOf(leaves, l)
				if l.pos.X != tLeft || right != tRight {
					t.Errorf("the %q box (its row) runs x=%v..%v, its label's text x=%v..%v", text, l.pos.X, right, tLeft, tRight)
				}
				if right != pRight || (left != pLeft && (primary.top >= l.bot || primary.bot <= l.top)) {
					t.Errorf("the %q box (its row) runs x=%v..%v, the primary button x=%v..%v", text, left, right, pLeft, pRight)
				}
			}
			if boxes == 0 {
				t.Fatal("no field box shown")
			}
			showFieldErrors(win.Content())
			win.Resize(fyne.NewSize(800, 602))
			leaves = shownLeaves(win.Content())
			for _, l := range leaves {
				e, ok := l.o.(*widget.Label)
				if !ok || e.Importance != widget.DangerImportance {
					continue
				}
				if x := l.pos.X + pad; x != pLeft && !boxAbove(leaves, l, x) {
					t.Errorf("an error's text starts at x=%v, not at its field's box nor at the primary button (x=%v)", x, pLeft)
				}
			}
		})
	}
}

// boxAbove says whether a field's box above l starts at x.
func boxAbove(leaves []leafBox, l leafBox, x float32) bool {
	for _, k := range leaves {
		if fieldBox(k.o) && k.bot <= l.top && k.pos.X == x {
			return true
		}
	}
	return false
}

// The Done screen's checklist stands in the text column too: its ticks (and the info mark)
// start where the title's text does, not 8 px left of it, as a user test saw.
func TestCard_doneChecklistStartsAtTheText(t *testing.T) {
	for _, f := range fixtures() {
		if f.name != "done" && f.name != "done-password" {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			win.Resize(fyne.NewSize(800, 601)) // the test driver lays out again only on a resize
			var title *leafBox
			var marks []leafBox
			for _, l := range shownLeaves(win.Content()) {
				switch o := l.o.(type) {
				case *widget.Label:
					if o.SizeName == theme.SizeNameHeadingText && title == nil {
						title = &l
					}
				case *widget.Icon:
					marks = append(marks, l)
				}
			}
			if title == nil || len(marks) < 3 {
				t.Fatalf("title %v, %d checklist marks: want a title and the checklist", title != nil, len(marks))
			}
			left := title.pos.X + theme.InnerPadding()
			for i, m := range marks {
				if m.pos.X != left {
					t.Errorf("mark %d of the checklist starts at x=%v, the title's text at x=%v", i+1, m.pos.X, left)
				}
			}
		})
	}
}
