package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/vault"
)

// cardTop is where the top of the shell's card is in win, after a frame.
func cardTop(win fyne.Window, s *shell) float32 {
	frame(win.Content())
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(s.cardBox.Objects[0]).Y
}

// frame lays o and everything in it out again, from the top, as the GL driver does in a frame
// for the containers whose content changed size; the test driver does not (a field's error
// shown leaves the card as it was).
func frame(o fyne.CanvasObject) {
	if !o.Visible() {
		return
	}
	switch c := o.(type) {
	case *fyne.Container:
		if c.Layout != nil {
			c.Layout.Layout(c.Objects, c.Size())
		}
		for _, child := range c.Objects {
			frame(child)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(c)
		r.Layout(c.Size())
		for _, child := range r.Objects() {
			frame(child)
		}
	}
}

// The card does not jump when an error appears: a first-time user saw the Unlock card move up
// under the pointer when a wrong PIN put a line under the field, the card being centred. Its
// top stays where it was; what is added grows downward.
func TestUnlock_cardStaysWhenAnErrorShows(t *testing.T) {
	store, cfg, _ := registeredWithPIN(t)
	r := newMainRig(t, store, cfg) // a restart with a PIN: Unlock
	r.win.Resize(fyne.NewSize(800, 600))
	if r.m.current != r.m.unlock {
		t.Fatalf("a restart with a PIN should show Unlock:\n%s", r.texts())
	}
	s := r.m.unlock.shell
	before := cardTop(r.win, s)
	r.typeAndEnter("111111")
	if !r.m.unlock.msg.Visible() {
		t.Fatalf("no error under the PIN after a wrong PIN:\n%s", r.texts())
	}
	if after := cardTop(r.win, s); after != before {
		t.Errorf("the card's top moved from %v to %v when the error showed", before, after)
	}
	s.banner.show(bannerError, "x360Sync could not reach sync.example.com. Check your connection and try again.")
	if after := cardTop(r.win, s); after != before {
		t.Errorf("the card's top moved from %v to %v when a banner showed", before, after)
	}
}

func TestSignIn_cardStaysWhenAnErrorShows(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	r.win.Resize(fyne.NewSize(800, 600))
	if r.m.wiz == nil || r.m.wiz.flow.Step().String() != "SignIn" {
		t.Fatalf("a fresh start with --server should be at Sign in; shows:\n%s", r.texts())
	}
	s := r.m.wiz.shell
	before := cardTop(r.win, s)
	r.typeAndEnter("alice")
	r.typeAndEnter("wrong")
	if !s.banner.box.Visible() {
		t.Fatalf("no banner after a wrong password:\n%s", r.texts())
	}
	if after := cardTop(r.win, s); after != before {
		t.Errorf("the card's top moved from %v to %v when the error showed", before, after)
	}
}
