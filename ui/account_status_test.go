package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// A card's status line takes no room while it says nothing (an empty line left a
// gap under the two-step button), and shows whatever is said on it later.
func TestAccount_statusLineShowsOnlyWhenItSaysSomething(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	m := signedInMain(t, win)
	a := newAccountScreen(m)
	m.account = a
	m.set(a.content())
	if a.status.box.Visible() {
		t.Fatalf("the empty status line is shown (%q)", a.status.text.Text)
	}
	a.status.show(bannerSuccess, "The PIN was removed.")
	if !a.status.box.Visible() || a.status.text.Text != "The PIN was removed." {
		t.Errorf("after a message: shown %v, %q", a.status.box.Visible(), a.status.text.Text)
	}
	a.status.show(bannerSuccess, "")
	if a.status.box.Visible() {
		t.Error("an emptied status line is still shown")
	}
}
