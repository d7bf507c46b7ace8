package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fitScroll holds a screen's content and scrolls it itself, vertically, when the space is too
// short for it. It is not a container.Scroll: Fyne 2.8's screen-reader bridges (Windows,
// macOS) descend through *fyne.Container only and never into a widget, so whatever was inside
// a Scroll (five screens at 800x600) was out of their reach. Here the content stays a child of
// a plain container, moved up by the offset.
//
// A plain container does not clip. What of the content lies outside the view is covered by two
// masks in the screens' backdrop colour (screenBackdrop), drawn after it, which also take the
// pointer there, so that a click in a header's or footer's gap never reaches a control hidden
// under it. Over the view, a wheel catcher on top takes the mouse wheel and a thumb on the
// right shows where the view is and can be dragged.
type fitScroll struct {
	box          *fyne.Container // the content, the masks, the wheel and the thumb; laid out by f
	content      fyne.CanvasObject
	above, below *scrollMask
	wheel        *scrollWheel
	thumb        *scrollThumb
	offset       float32   // how far the content is moved up
	view         fyne.Size // the box's size at the last layout
	height       float32   // the content's height at the last layout
}

// screenBackdrop is the colour behind every screen that scrolls (the shell's, the account window's
// and its pages' panels), which the masks paint.
const screenBackdrop = theme.ColorNameInputBackground

func newFitScroll(content fyne.CanvasObject) *fitScroll {
	f := &fitScroll{content: content}
	f.above, f.below = newScrollMask(), newScrollMask()
	f.wheel = &scrollWheel{f: f}
	f.wheel.ExtendBaseWidget(f.wheel)
	f.thumb = &scrollThumb{f: f}
	f.thumb.ExtendBaseWidget(f.thumb)
	f.box = &fyne.Container{Layout: f, Objects: []fyne.CanvasObject{content, f.above, f.below, f.wheel, f.thumb}}
	followFocus(f)
	return f
}

// MinSize is a line of the content at its width: the window may be smaller than the content,
// which then scrolls.
func (f *fitScroll) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(f.content.MinSize().Width, theme.Size(theme.SizeNameText)*4)
}

// Layout lays the content out at the box's width and its own height (at least the box's), and
// puts the masks, the wheel catcher and the thumb where the view needs them.
func (f *fitScroll) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	f.view = size
	if c, ok := f.content.(*fyne.Container); ok {
		if v, ok := c.Layout.(interface{ setView(fyne.Size) }); ok {
			v.setView(size) // a column places its object in the view, not in the content's height
		}
	}
	// Wrapped text is measured at the width it was last given: lay the content out at this
	// width first, then ask for its real height.
	f.content.Resize(fyne.NewSize(size.Width, fyne.Max(size.Height, f.content.MinSize().Height)))
	if c, ok := f.content.(*fyne.Container); ok && c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size()) // also when its size did not change but its inside did
	}
	f.height = fyne.Max(size.Height, f.content.MinSize().Height)
	f.content.Resize(fyne.NewSize(size.Width, f.height))
	f.offset = fyne.Min(fyne.Max(f.offset, 0), f.height-size.Height)
	f.content.Move(fyne.NewPos(0, -f.offset))
	scrolls := f.height > size.Height
	show(scrolls, f.wheel, f.thumb)
	show(scrolls && f.offset > 0, f.above)
	show(scrolls && f.offset < f.height-size.Height, f.below)
	if !scrolls {
		return
	}
	f.above.Move(fyne.NewPos(0, -f.offset))
	f.above.Resize(fyne.NewSize(size.Width, f.offset))
	f.below.Move(fyne.NewPos(0, size.Height))
	f.below.Resize(fyne.NewSize(size.Width, f.height-f.offset-size.Height))
	f.wheel.Move(fyne.Position{})
	f.wheel.Resize(size)
	w := theme.Size(theme.SizeNameScrollBarSmall) * 2
	h := fyne.Max(size.Height*size.Height/f.height, w*2)
	f.thumb.Resize(fyne.NewSize(w, h))
	f.thumb.Move(fyne.NewPos(size.Width-w-2, (size.Height-h)*f.offset/(f.height-size.Height)))
}

// show shows or hides objs.
func show(on bool, objs ...fyne.CanvasObject) {
	for _, o := range objs {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
}

// scrolls says whether the content is taller than the view, laying f out at its size now
// first: reveal may come before the frame that lays a new screen out.
func (f *fitScroll) scrolls() bool {
	if f.box.Size().IsZero() {
		return false
	}
	f.Layout(f.box.Objects, f.box.Size())
	return f.height > f.view.Height
}

// scrollTo moves the view to offset y (kept within the content) and repaints.
func (f *fitScroll) scrollTo(y float32) {
	if y == f.offset {
		return
	}
	f.offset = y
	f.Layout(f.box.Objects, f.box.Size())
	canvas.Refresh(f.box)
}

// ScrollToTop brings the top of the content into view.
func (f *fitScroll) ScrollToTop() { f.scrollTo(0) }

// scrollMask paints the screenBackdrop over the content outside the view and takes the pointer
// there. Moving the mouse over a mask does not postpone the auto-lock (autolock.go's
// activityArea, under the whole screen, no longer sees it): the header's gaps lock sooner,
// never later.
type scrollMask struct {
	widget.BaseWidget
}

func newScrollMask() *scrollMask {
	m := &scrollMask{}
	m.ExtendBaseWidget(m)
	return m
}

func (m *scrollMask) CreateRenderer() fyne.WidgetRenderer {
	r := &fillRenderer{rect: canvas.NewRectangle(color.Transparent), fill: func() color.Color {
		return m.Theme().Color(screenBackdrop, fyne.CurrentApp().Settings().ThemeVariant())
	}}
	r.Refresh()
	return r
}

func (m *scrollMask) Tapped(*fyne.PointEvent)          {}
func (m *scrollMask) TappedSecondary(*fyne.PointEvent) {}
func (m *scrollMask) MouseIn(*desktop.MouseEvent)      {}
func (m *scrollMask) MouseMoved(*desktop.MouseEvent)   {}
func (m *scrollMask) MouseOut()                        {}

// scrollWheel lies over the view and scrolls it with the mouse wheel or a touchpad. It takes
// nothing else: clicks go to the controls under it.
type scrollWheel struct {
	widget.BaseWidget
	f *fitScroll
}

func (w *scrollWheel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (w *scrollWheel) Scrolled(ev *fyne.ScrollEvent) { w.f.scrollTo(w.f.offset - ev.Scrolled.DY) }

// scrollThumb shows which part of the content is in view, and drags it.
type scrollThumb struct {
	widget.BaseWidget
	f *fitScroll
}

func (t *scrollThumb) CreateRenderer() fyne.WidgetRenderer {
	r := &fillRenderer{rect: canvas.NewRectangle(color.Transparent), fill: func() color.Color {
		return t.Theme().Color(theme.ColorNameScrollBar, fyne.CurrentApp().Settings().ThemeVariant())
	}}
	r.rect.CornerRadius = theme.Size(theme.SizeNameScrollBarSmall)
	r.Refresh()
	return r
}

// Dragged moves the view as far through the content as the thumb moved through the view.
func (t *scrollThumb) Dragged(ev *fyne.DragEvent) {
	f := t.f
	if f.view.Height <= 0 {
		return
	}
	f.scrollTo(f.offset + ev.Dragged.DY*f.height/f.view.Height)
}

func (t *scrollThumb) DragEnd() {}

// fillRenderer draws one rectangle in a colour asked of the theme at each refresh.
type fillRenderer struct {
	rect *canvas.Rectangle
	fill func() color.Color
}

func (r *fillRenderer) Layout(s fyne.Size)           { r.rect.Resize(s) }
func (r *fillRenderer) MinSize() fyne.Size           { return fyne.Size{} }
func (r *fillRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.rect} }
func (r *fillRenderer) Destroy()                     {}
func (r *fillRenderer) Refresh() {
	r.rect.FillColor = r.fill()
	r.rect.Refresh()
}
