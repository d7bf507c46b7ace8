package ui

import (
	"sync"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Fyne 2.8 moves the focus with Tab but leaves a scroll where it is, so the focused control
// can be out of sight (Trust on the certificate screen in an 800x600 window). Our focusable
// widgets call reveal when they gain the focus; reveal moves the scroll that holds them just
// enough to show them, through its Offset. Our screens scroll in a fitScroll, which is put
// on a list here (Fyne has no way up the object tree); the one that holds the widget is found
// by walking down.

// followed lists the fitScrolls that follow the focus. Weak pointers: a closed window's
// falls away on its own.
var followed struct {
	sync.Mutex
	scrolls []weak.Pointer[fitScroll]
}

// followFocus makes f's scroll follow the focus of our widgets inside it.
func followFocus(f *fitScroll) {
	followed.Lock()
	defer followed.Unlock()
	followed.scrolls = append(followed.scrolls, weak.Make(f))
}

// revealMargin is the space kept between a revealed control and the scroll's edge, so its
// focus ring shows too.
const revealMargin = 8

// reveal scrolls the innermost followed scroll that holds o so that o is in view.
func reveal(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(o)
	if c == nil {
		return
	}
	s := holder(o, scrollsOn(d, c))
	if s == nil {
		return
	}
	// o's place inside the scroll's content.
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(s.Content).Y
	bottom := top + o.Size().Height
	view := s.Size().Height
	off := s.Offset
	switch {
	case top-revealMargin < off.Y:
		off.Y = top - revealMargin
	case bottom+revealMargin > off.Y+view:
		off.Y = bottom + revealMargin - view
	default:
		return
	}
	off.Y = fyne.Min(off.Y, s.Content.Size().Height-view)
	off.Y = fyne.Max(off.Y, 0)
	s.ScrollToOffset(off)
}

// scrollsOn lists the scrolls in use on canvas c (a fitScroll whose content fits shows no
// scroll), dropping the fitScrolls gone. A screen just put in may not be laid out yet (the
// focus moves to it before the next frame): each fitScroll is laid out first.
func scrollsOn(d fyne.Driver, c fyne.Canvas) []*container.Scroll {
	followed.Lock()
	var on []*fitScroll
	live := followed.scrolls[:0]
	for _, p := range followed.scrolls {
		f := p.Value()
		if f == nil {
			continue
		}
		live = append(live, p)
		if f.box.Visible() && d.CanvasForObject(f.box) == c {
			on = append(on, f)
		}
	}
	followed.scrolls = live
	followed.Unlock()
	var scrolls []*container.Scroll
	for _, f := range on {
		if s := f.scrolling(); s != nil {
			scrolls = append(scrolls, s)
		}
	}
	return scrolls
}

// holder is the innermost of scrolls whose content holds o.
func holder(o fyne.CanvasObject, scrolls []*container.Scroll) *container.Scroll {
	var best *container.Scroll
	for _, s := range scrolls {
		if !holds(s.Content, o) || (best != nil && !holds(best.Content, s)) {
			continue
		}
		best = s
	}
	if best != nil {
		if want := best.Content.MinSize().Max(best.Size()); best.Content.Size() != want {
			best.Refresh() // laid out at another size: the content's own size is stale
		}
	}
	return best
}

// holds says whether o is under root, looking through containers: Fyne has no public way
// into other widgets' insides, and our focusable widgets sit in containers.
func holds(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	if x, ok := root.(*fyne.Container); ok {
		for _, k := range x.Objects {
			if holds(k, o) {
				return true
			}
		}
	}
	return false
}
