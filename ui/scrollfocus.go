package ui

import (
	"sync"
	"weak"

	"fyne.io/fyne/v2"
)

// Fyne 2.8 moves the focus with Tab but leaves what scrolls where it is, so the focused control
// can be out of sight (Trust on the certificate screen in an 800x600 window). Our focusable
// widgets call reveal when they gain the focus; reveal moves the fitScroll that holds them
// just enough to show them. Each fitScroll is put on a list here (Fyne has no way up the
// object tree); the one that holds the widget is found by walking down.

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

// reveal scrolls the innermost followed fitScroll that holds o so that o is in view.
func reveal(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(o)
	if c == nil {
		return
	}
	f := holder(o, scrollsOn(d, c, o))
	if f == nil {
		return
	}
	// o's place inside the content.
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(f.content).Y
	bottom := top + o.Size().Height
	view := f.view.Height
	off := f.offset
	switch {
	case top-revealMargin < off:
		off = top - revealMargin
	case bottom+revealMargin > off+view:
		off = bottom + revealMargin - view
	default:
		return
	}
	f.scrollTo(off)
}

// revealLaidOut is reveal for o just shown or grown: the scroll that holds it is laid out
// all the way down first, as the next frame would, so that o is measured where it will be.
func revealLaidOut(o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	c := d.CanvasForObject(o)
	if c == nil {
		return
	}
	if f := holder(o, scrollsOn(d, c, o)); f != nil {
		layOutTree(f.content)
	}
	reveal(o)
}

// layOutTree lays the containers under o out again, from the top.
func layOutTree(o fyne.CanvasObject) {
	c, ok := o.(*fyne.Container)
	if !ok || !c.Visible() {
		return
	}
	if c.Layout != nil {
		c.Layout.Layout(c.Objects, c.Size())
	}
	for _, k := range c.Objects {
		layOutTree(k)
	}
}

// scrollsOn lists the fitScrolls on canvas c that hold o and whose content is taller than
// their view, dropping the fitScrolls gone. A screen just put in may not be laid out yet (the
// focus moves to it before the next frame): each fitScroll is laid out first, only those
// that hold o (laying out every one on the canvas at each banner set, a countdown's every
// second, slowed the window down).
func scrollsOn(d fyne.Driver, c fyne.Canvas, o fyne.CanvasObject) []*fitScroll {
	followed.Lock()
	var on []*fitScroll
	live := followed.scrolls[:0]
	for _, p := range followed.scrolls {
		f := p.Value()
		if f == nil {
			continue
		}
		live = append(live, p)
		if f.box.Visible() && d.CanvasForObject(f.box) == c && holds(f.content, o) {
			on = append(on, f)
		}
	}
	followed.scrolls = live
	followed.Unlock()
	var scrolling []*fitScroll
	for _, f := range on {
		if f.scrolls() {
			scrolling = append(scrolling, f)
		}
	}
	return scrolling
}

// holder is the innermost of scrolls whose content holds o.
func holder(o fyne.CanvasObject, scrolls []*fitScroll) *fitScroll {
	var best *fitScroll
	for _, f := range scrolls {
		if !holds(f.content, o) || (best != nil && !holds(best.content, f.box)) {
			continue
		}
		best = f
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
