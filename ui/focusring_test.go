package ui

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// outlineOf is the visible outline of w's renderer drawn in colour, 2 px wide, whose stroke's
// outer edge is out px outside w's edge (Fyne centres a stroke on the rectangle's edge: the
// rectangle is 1 px inside that), or nil.
func outlineOf(w fyne.Widget, colour color.Color, out float32) *canvas.Rectangle {
	in := out - 1
	for _, o := range test.WidgetRenderer(w).Objects() {
		r, ok := o.(*canvas.Rectangle)
		if ok && r.Visible() && r.StrokeWidth == 2 && r.StrokeColor != nil && sameColour(r.StrokeColor, colour) && r.Position() == fyne.NewSquareOffsetPos(-in) && r.Size() == w.Size().AddWidthHeight(2*in, 2*in) {
			return r
		}
	}
	return nil
}

// ringOf is the focus ring of w: the outline in colour, 2 px wide, outside w's face with a
// gap of 2 px between them (ringGap is that gap's outline), or nil.
func ringOf(w fyne.Widget, colour color.Color) *canvas.Rectangle { return outlineOf(w, colour, 4) }

func ringGap(w fyne.Widget, colour color.Color) *canvas.Rectangle { return outlineOf(w, colour, 2) }

// A keyboard user sees which button, option, tick box or drop-down has the focus: a first-time
// user could hardly tell, Fyne showing it only as a lighter fill. Focused, each draws an outline
// in the brand colour, 2 px, around its rounded corners, that reads at 3:1 or more against the
// card (WCAG 2.4.11 and 1.4.11), in both themes; not focused, none. The ring is outside the
// widget's face, with 2 px of the card's colour between them: drawn on the face, it was brand
// blue on the brand-blue primary button, which focused only looked lighter.
func TestFocusRing_showsOnlyOnTheFocused(t *testing.T) {
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a := test.NewTempApp(t)
		th := variantTheme{newBrandTheme(nil), v}
		a.Settings().SetTheme(th)
		ring, card := th.Color(theme.ColorNamePrimary, v), th.Color(theme.ColorNameBackground, v)
		if got := contrast(ring, card); got < 3 {
			t.Errorf("%s: the ring %s on the card %s: %.2f:1, want at least 3:1", variantName(v), hex(ring), hex(card), got)
		}
		for _, c := range focusRingCases() {
			win := test.NewTempWindow(t, container.NewPadded(c.w))
			win.Resize(fyne.NewSize(300, 100))
			if r := ringOf(c.w, ring); r != nil {
				t.Errorf("%s, %s: an outline shows while it does not have the focus", variantName(v), c.what)
			}
			win.Canvas().Focus(c.w.(fyne.Focusable))
			r := ringOf(c.w, ring)
			if r == nil {
				t.Errorf("%s, %s: focused, it shows no outline in the brand colour", variantName(v), c.what)
				continue
			}
			if want := th.Size(c.radius) + 4; r.CornerRadius+1 != want {
				t.Errorf("%s, %s: the ring's outer corners are %v, want the widget's and 4 px: %v", variantName(v), c.what, r.CornerRadius+1, want)
			}
			if ringGap(c.w, card) == nil {
				t.Errorf("%s, %s: focused, no gap of the card's colour between its face and the ring", variantName(v), c.what)
			}
			img := capturedFocused(win, c.w.(fyne.Focusable))
			p := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.w)
			y := int(p.Y + c.w.Size().Height/2)
			if px := img.At(int(p.X)-3, y); !sameColour(px, ring) {
				t.Errorf("%s, %s: 3 px outside the focused edge is painted %s, want the ring's %s", variantName(v), c.what, hex(px), hex(ring))
			}
			if px := img.At(int(p.X)-1, y); !sameColour(px, card) {
				t.Errorf("%s, %s: 1 px outside the focused edge is painted %s, want the card's %s", variantName(v), c.what, hex(px), hex(card))
			}
			win.Canvas().Unfocus()
			if ringOf(c.w, ring) != nil {
				t.Errorf("%s, %s: the outline stays after the focus left", variantName(v), c.what)
			}
		}
	}
}

type focusRingCase struct {
	what   string
	w      fyne.Widget
	radius fyne.ThemeSizeName
}

func focusRingCases() []focusRingCase {
	var cs []focusRingCase
	for _, imp := range []struct {
		what string
		imp  widget.Importance
	}{{"primary button", widget.HighImportance}, {"button", widget.MediumImportance}, {"danger button", widget.DangerImportance}, {"link", widget.LowImportance}} {
		b := newButton("Next", func() {})
		b.Importance = imp.imp
		cs = append(cs, focusRingCase{imp.what, b, theme.SizeNameButtonRadius})
	}
	g := newChoiceGroup([]string{"Authenticator app", "Text message"}, nil)
	sel := newSelectBox([]string{"5 minutes", "15 minutes"}, nil)
	return append(cs,
		focusRingCase{"option", g.items[1], theme.SizeNameButtonRadius},
		focusRingCase{"tick box", newCheckBox("I have saved my Backup key", nil), theme.SizeNameInputRadius},
		focusRingCase{"drop-down", sel, theme.SizeNameInputRadius},
	)
}

// capturedFocused captures win with f focused. The test driver hands any canvas lookup to the
// window made last, so a callback left running by an earlier test can move this window's
// focus; a capture during which the focus was not on f throughout is taken again (up to 5
// times), so that what is checked is always the look of a focused f.
func capturedFocused(win fyne.Window, f fyne.Focusable) image.Image {
	var img image.Image
	for range 5 {
		win.Canvas().Focus(f)
		img = win.Canvas().Capture()
		if win.Canvas().Focused() == f {
			break
		}
	}
	return img
}
