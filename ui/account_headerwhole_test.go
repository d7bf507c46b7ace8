package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// At 800x600, Tab down to About scrolls the cards; the mask over what scrolled above the view
// covered the header card's subtitle and bottom edge while the header stood still (a user
// test). The header may stay whole where it is, or scroll as one with the cards; never be
// covered in place.
func TestAccount_scrollingNeverCutsTheHeader(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	r.win.Resize(fyne.NewSize(800, 500)) // the test theme's cards are shorter than the desktop's
	frame(r.win.Content())
	d := fyne.CurrentApp().Driver()
	header, account := r.cardOf("alice"), r.cardOf("Account")
	h0, a0 := d.AbsolutePositionForObject(header).Y, d.AbsolutePositionForObject(account).Y
	tabTo(t, r.win.Canvas(), r.m.account.about.button, 20)
	frame(r.win.Content())
	hp, ap := d.AbsolutePositionForObject(header).Y, d.AbsolutePositionForObject(account).Y
	if ap == a0 {
		t.Fatal("About is in view without scrolling: the test needs a shorter window")
	}
	if hp-h0 == ap-a0 {
		return // the header scrolled with the cards
	}
	top, bottom := fyne.Max(hp, 0), hp+header.Size().Height
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		m, ok := o.(*scrollMask)
		if !ok || !m.Visible() || m.Size().Height <= 0 {
			continue
		}
		mp := d.AbsolutePositionForObject(m)
		if mp.Y < bottom && mp.Y+m.Size().Height > top {
			t.Errorf("the cards scrolled by %v, the header card by %v, and a scroll mask (y %v to %v) lies over it (y %v to %v)",
				a0-ap, h0-hp, mp.Y, mp.Y+m.Size().Height, hp, bottom)
		}
	}
}
