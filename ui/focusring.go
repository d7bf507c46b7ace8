package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// focusRingWidth is the width of the focus ring, and of the gap of card colour inside it.
const focusRingWidth = 2

// Fyne 2.8 shows the focus on a button, a tick box or a drop-down only as a lighter fill,
// which a first-time user could hardly see (1.2–1.8:1 against the card). Ours draw a focus
// ring around that: an outline in the brand colour, focusRingWidth wide, outside the widget's
// face, with a gap of the card's colour, focusRingWidth wide, between the face and the ring;
// both follow the widget's rounded corners. Drawn on the face, the ring was brand blue on the
// brand-blue primary button, which focused only looked lighter; outside it, it reads as a
// ring on every button (WCAG 2.4.11: 3:1 or more against the card, in both themes). The ring
// takes 2×focusRingWidth beyond the widget's edge, into the padding around it.

// ringed is a widget that draws a focus ring: it says whether it has the focus and the
// radius of its corners.
type ringed interface {
	fyne.Widget
	Theme() fyne.Theme
	ringShown() bool
	ringRadius() float32
}

// focusRing is the renderer of a ringed widget: Fyne's renderer for it, with the ring over it.
type focusRing struct {
	fyne.WidgetRenderer
	w         ringed
	ring, gap *canvas.Rectangle
	objs      []fyne.CanvasObject
}

// withFocusRing puts a focus ring over r, the renderer of w.
func withFocusRing(w ringed, r fyne.WidgetRenderer) fyne.WidgetRenderer {
	f := &focusRing{
		WidgetRenderer: r, w: w,
		ring: canvas.NewRectangle(color.Transparent), gap: canvas.NewRectangle(color.Transparent),
	}
	f.ring.StrokeWidth, f.gap.StrokeWidth = focusRingWidth, focusRingWidth
	f.style()
	return f
}

// style colours the ring for the theme and shows it only while the widget has the focus.
func (f *focusRing) style() {
	th := f.w.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	f.ring.StrokeColor = th.Color(theme.ColorNamePrimary, v)
	f.gap.StrokeColor = th.Color(theme.ColorNameBackground, v)
	// A stroke is drawn centred on its rectangle's edge: the gap's rectangle is half a
	// stroke outside the widget, so that the gap begins at the widget's edge, and the ring's
	// a stroke and a half, so that it begins at the gap's outer edge; each keeps the widget's
	// corners, grown by the distance out.
	r := f.w.ringRadius()
	f.gap.CornerRadius = r + focusRingWidth/2
	f.ring.CornerRadius = r + 3*focusRingWidth/2
	if f.w.ringShown() {
		f.ring.Show()
		f.gap.Show()
	} else {
		f.ring.Hide()
		f.gap.Hide()
	}
}

func (f *focusRing) Layout(s fyne.Size) {
	f.WidgetRenderer.Layout(s)
	f.gap.Move(fyne.NewSquareOffsetPos(-focusRingWidth / 2))
	f.gap.Resize(s.AddWidthHeight(focusRingWidth, focusRingWidth))
	f.ring.Move(fyne.NewSquareOffsetPos(-3 * focusRingWidth / 2))
	f.ring.Resize(s.AddWidthHeight(3*focusRingWidth, 3*focusRingWidth))
}

func (f *focusRing) Refresh() {
	f.WidgetRenderer.Refresh()
	f.style()
	f.Layout(f.w.Size())
	f.ring.Refresh()
	f.gap.Refresh()
}

// Objects are the widget's own, then the ring on top. Fyne's renderer may change its list (a
// button given an icon), so it is read again each time.
func (f *focusRing) Objects() []fyne.CanvasObject {
	inner := f.WidgetRenderer.Objects()
	if !f.holds(inner) {
		f.objs = append(append(make([]fyne.CanvasObject, 0, len(inner)+2), inner...), f.gap, f.ring)
	}
	return f.objs
}

// holds says whether the list kept is inner, then the ring.
func (f *focusRing) holds(inner []fyne.CanvasObject) bool {
	if len(f.objs) != len(inner)+2 {
		return false
	}
	for i, o := range inner {
		if f.objs[i] != o {
			return false
		}
	}
	return true
}

// CreateRenderer is Fyne's button with the focus ring.
func (b *button) CreateRenderer() fyne.WidgetRenderer {
	return withFocusRing(b, b.Button.CreateRenderer())
}

func (b *button) ringShown() bool     { return b.hasFocus && !b.Disabled() }
func (b *button) ringRadius() float32 { return b.Theme().Size(theme.SizeNameButtonRadius) }

// CreateRenderer is Fyne's tick box with the focus ring.
func (c *checkBox) CreateRenderer() fyne.WidgetRenderer {
	return withFocusRing(c, c.Check.CreateRenderer())
}

func (c *checkBox) ringShown() bool     { return c.hasFocus && !c.Disabled() }
func (c *checkBox) ringRadius() float32 { return c.Theme().Size(theme.SizeNameInputRadius) }

// CreateRenderer is Fyne's drop-down with the focus ring.
func (s *selectBox) CreateRenderer() fyne.WidgetRenderer {
	return withFocusRing(s, s.Select.CreateRenderer())
}

func (s *selectBox) ringShown() bool     { return s.hasFocus && !s.Disabled() }
func (s *selectBox) ringRadius() float32 { return s.Theme().Size(theme.SizeNameInputRadius) }
