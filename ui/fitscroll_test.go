package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestFitScroll_scrollsOnlyWhenTheContentDoesNotFit: the content is in the tree itself (where
// a screen reader reaches it) while the window holds it, in a Scroll while it does not, and
// back again when the window grows.
func TestFitScroll_scrollsOnlyWhenTheContentDoesNotFit(t *testing.T) {
	test.NewTempApp(t)
	tall := canvas.NewRectangle(color.Black)
	tall.SetMinSize(fyne.NewSize(100, 300))
	content := container.NewStack(tall)
	f := newFitScroll(content)
	win := test.NewTempWindow(t, f.box)
	for _, step := range []struct {
		height   float32
		scrolled bool
	}{{400, false}, {200, true}, {400, false}} {
		win.Resize(fyne.NewSize(200, step.height))
		_, scrolled := f.box.Objects[0].(*container.Scroll)
		if scrolled != step.scrolled {
			t.Errorf("window %v high: scrolled %v, want %v", step.height, scrolled, step.scrolled)
		}
		if !scrolled && (content.Position() != fyne.Position{} || content.Size().Height < 300) {
			t.Errorf("window %v high: content at %v, %v", step.height, content.Position(), content.Size())
		}
	}
	if min := win.Content().MinSize(); min.Height >= 300 {
		t.Errorf("needs %v: the window could never be smaller than the content", min)
	}
}
