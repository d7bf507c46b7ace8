package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A part's tick sits before its own heading: at the heading's right end, the first user test
// read part 1's tick as belonging to "2. Add x360Sync…" beside it. Seen failing: "the tick of
// part 1 is at x=378, right of its heading's start (x=32)".
func TestConfirm_aPartsTickSitsBeforeItsHeading(t *testing.T) {
	win, cs := confirmAt(t, fyne.NewSize(800, 600))
	test.Tap(cs.saved)
	win.Resize(fyne.NewSize(800, 601)) // the test driver lays out again only on a resize
	tick := cs.ticks[0]
	if !tick.Visible() {
		t.Fatal("part 1 is not ticked after its box was ticked")
	}
	var head *widget.Label
	for _, o := range test.LaidOutObjects(win.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "1. ") {
			head = l
		}
	}
	if head == nil {
		t.Fatal("no heading of part 1")
	}
	tx := fyne.CurrentApp().Driver().AbsolutePositionForObject(tick).X
	hx := fyne.CurrentApp().Driver().AbsolutePositionForObject(head).X
	if tx >= hx {
		t.Errorf("the tick of part 1 is at x=%v, right of its heading's start (x=%v)", tx, hx)
	}
}
