package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// fitScroll shows its content as it is when the space is tall enough for it, and inside a
// vertical Scroll only when it is not. Screen readers (Fyne 2.8's Windows and macOS bridges)
// never look inside a Scroll, a widget: a screen that fits its window is read whole, and one
// whose window is too small to hold it is read only outside the scrolled part. The README
// says so.
type fitScroll struct {
	box     *fyne.Container // what goes in the tree; holds content or scroll
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newFitScroll(content fyne.CanvasObject) *fitScroll {
	f := &fitScroll{content: content, scroll: container.NewVScroll(content)}
	f.box = container.New(f, content)
	followFocus(f)
	return f
}

// MinSize is the Scroll's: the window may be smaller than the content, which then scrolls.
func (f *fitScroll) MinSize([]fyne.CanvasObject) fyne.Size { return f.scroll.MinSize() }

// Layout puts the content straight in the box when it fits, in the Scroll when it does not.
func (f *fitScroll) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	var show fyne.CanvasObject = f.scroll
	// Wrapped text is measured at the width it was last given: lay the content out at this
	// width first, then ask for its real height.
	f.content.Resize(fyne.NewSize(size.Width, fyne.Max(size.Height, f.content.MinSize().Height)))
	if c, ok := f.content.(*fyne.Container); ok && c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size()) // also when its size did not change but its inside did
	}
	if f.content.MinSize().Height <= size.Height {
		show = f.content
	}
	if f.box.Objects[0] != show {
		f.box.Objects[0] = show
		if show == f.scroll {
			f.scroll.Content = f.content
			f.scroll.Refresh()
		}
	}
	show.Move(fyne.Position{})
	show.Resize(size)
}

// ScrollToTop brings the top of the content into view when it scrolls.
func (f *fitScroll) ScrollToTop() {
	if f.box.Objects[0] == f.scroll {
		f.scroll.ScrollToTop()
	}
}

// scrolling lays f out at its size now and returns its Scroll when that is what shows, nil
// when the content fits (or f has no size yet). For reveal, which may come before the frame
// that would lay a new screen out.
func (f *fitScroll) scrolling() *container.Scroll {
	if f.box.Size().IsZero() {
		return nil
	}
	before := f.box.Objects[0]
	f.Layout(f.box.Objects, f.box.Size())
	if f.box.Objects[0] != before {
		canvas.Refresh(f.box)
	}
	if f.box.Objects[0] != f.scroll {
		return nil
	}
	return f.scroll
}
