package ui

import (
	"bytes"
	"image/png"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestNewMainWindow_title(t *testing.T) {
	a := test.NewTempApp(t)
	w := NewMainWindow(a)
	defer w.Close()
	w.Show()
	if got, want := w.Title(), "x360Sync"; got != want {
		t.Errorf("title: got %q, want %q", got, want)
	}
}

// The test driver ignores SetIcon, so this checks the resource the window is given: a real PNG
// large enough for packaging (fyne package wants at least 512 px).
func TestIcon_isLargePNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon.Content()))
	if err != nil {
		t.Fatalf("icon is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 512 || b.Dy() < 512 {
		t.Errorf("icon is %dx%d, want at least 512x512", b.Dx(), b.Dy())
	}
}
