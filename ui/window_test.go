package ui

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestNewMainWindow_title(t *testing.T) {
	a := test.NewTempApp(t)
	w := NewMainWindow(a, Options{})
	defer w.Close()
	w.Show()
	if got, want := w.Title(), "x360Sync"; got != want {
		t.Errorf("title: got %q, want %q", got, want)
	}
}

func TestNewMainWindow_demoNamesServerAndAccounts(t *testing.T) {
	a := test.NewTempApp(t)
	w := NewMainWindow(a, Options{Server: "http://127.0.0.1:41234", Demo: true})
	defer w.Close()
	var texts []string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
		if m, ok := o.(*mutedText); ok {
			texts = append(texts, m.Text())
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{"127.0.0.1:41234", "Demo mode", "bob"} {
		if !strings.Contains(all, want) {
			t.Errorf("window lacks %q; it shows:\n%s", want, all)
		}
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
