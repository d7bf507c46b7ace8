package ui

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestFitScroll_scrollsOnlyWhenTheContentDoesNotFit: the content is always a child of the
// box, a plain container (where a screen reader reaches it); it scrolls, with a thumb, only
// while the window is shorter than it, and is back at the top, with no thumb, when the
// window grows.
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
		if f.box.Objects[0] != content {
			t.Fatalf("window %v high: the content is not the box's own child", step.height)
		}
		if f.thumb.Visible() != step.scrolled || f.wheel.Visible() != step.scrolled {
			t.Errorf("window %v high: thumb shown %v, wheel %v, want %v", step.height, f.thumb.Visible(), f.wheel.Visible(), step.scrolled)
		}
		if step.scrolled {
			f.scrollTo(50)
		}
		if !step.scrolled && (content.Position() != fyne.Position{} || content.Size().Height < 300) {
			t.Errorf("window %v high: content at %v, %v", step.height, content.Position(), content.Size())
		}
	}
	if min := win.Content().MinSize(); min.Height >= 300 {
		t.Errorf("needs %v: the window could never be smaller than the content", min)
	}
}

// TestFitScroll_wheelAndThumbMoveTheViewWithinTheContent: the wheel and a drag of the thumb
// move the content, never past its top or its bottom.
func TestFitScroll_wheelAndThumbMoveTheViewWithinTheContent(t *testing.T) {
	test.NewTempApp(t)
	tall := canvas.NewRectangle(color.Black)
	tall.SetMinSize(fyne.NewSize(100, 600))
	f := newFitScroll(container.NewStack(tall))
	win := test.NewTempWindow(t, f.box)
	win.Resize(fyne.NewSize(200, 200))
	test.Scroll(win.Canvas(), fyne.NewPos(50, 50), 0, -120)
	if got := f.content.Position().Y; got != -120 {
		t.Errorf("after the wheel moved 120 down: content at y=%v, want -120", got)
	}
	test.Scroll(win.Canvas(), fyne.NewPos(50, 50), 0, -5000)
	if got, want := f.content.Position().Y, f.view.Height-600; got != want {
		t.Errorf("after the wheel moved far down: content at y=%v, want %v (its bottom at the view's)", got, want)
	}
	test.Scroll(win.Canvas(), fyne.NewPos(50, 50), 0, 5000)
	if got := f.content.Position().Y; got != 0 {
		t.Errorf("after the wheel moved far up: content at y=%v, want 0", got)
	}
	// The thumb moved by 10 moves the content by 10 times content/view (about 30 here).
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.thumb).AddXY(1, 1)
	test.Drag(win.Canvas(), at, 0, 10)
	if got, want := f.content.Position().Y, -10*600/f.view.Height; got != want {
		t.Errorf("after the thumb was dragged 10 down: content at y=%v, want %v", got, want)
	}
}

// TestFitScroll_aClickBesideTheViewNeverReachesAControlScrolledThere: a button scrolled up
// under a header, or down under a footer, is covered, and a click there does not press it; in
// the view it is pressed.
func TestFitScroll_aClickBesideTheViewNeverReachesAControlScrolledThere(t *testing.T) {
	test.NewTempApp(t)
	pressed := 0
	b := widget.NewButton("Hidden", func() { pressed++ })
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(100, 300))
	f := newFitScroll(container.NewVBox(b, spacer))
	header := widget.NewLabel("Header")
	footer := widget.NewLabel("Footer")
	win := test.NewTempWindow(t, container.NewBorder(header, footer, nil, nil, f.box))
	win.Resize(fyne.NewSize(200, 250))
	f.scrollTo(20) // the button's lower part still in view, its top under the header
	at := fyne.NewPos(20, f.box.Position().Y-2)
	test.TapCanvas(win.Canvas(), at)
	if pressed != 0 {
		t.Errorf("a click on the header at %v pressed the button scrolled under it", at)
	}
	test.TapCanvas(win.Canvas(), fyne.NewPos(20, f.box.Position().Y+b.Size().Height-f.offset-4))
	if pressed != 1 {
		t.Errorf("a click on the button's part in view: pressed %d times, want 1", pressed)
	}
	f.ScrollToTop()
	test.TapCanvas(win.Canvas(), fyne.NewPos(20, f.box.Position().Y+4))
	if pressed != 2 {
		t.Errorf("a click on the button at the top: pressed %d times, want 2", pressed)
	}
}
