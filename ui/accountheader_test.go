package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// cardOf is the innermost card (a panel with an edge) around the visible label with this text.
func (r *mainRig) cardOf(text string) *fyne.Container {
	r.t.Helper()
	objs := test.LaidOutObjects(r.win.Content())
	var l *widget.Label
	for _, o := range objs {
		if k, ok := o.(*widget.Label); ok && k.Visible() && k.Text == text {
			l = k
			break
		}
	}
	if l == nil {
		r.t.Fatalf("no %q in:\n%s", text, r.texts())
	}
	var card *fyne.Container
	for _, o := range objs { // outer first: the last match is the innermost
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 || !inside(c, l) {
			continue
		}
		if p, ok := c.Objects[0].(*panel); ok && p.stroke != "" && p.alpha == 0 {
			card = c
		}
	}
	if card == nil {
		r.t.Fatalf("%q is in no card", text)
	}
	return card
}

// The account's header is a card of the sections' column: in a wide window it spanned the
// window while the cards stood in a 640 px column, their left edges apart (a user test).
func TestAccount_headerIsACardInTheSectionsColumn(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	r.win.Resize(fyne.NewSize(1400, 900))
	frame(r.win.Content())
	d := fyne.CurrentApp().Driver()
	header, account := r.cardOf("alice"), r.cardOf("Account")
	hp, ap := d.AbsolutePositionForObject(header), d.AbsolutePositionForObject(account)
	if hp.X != ap.X || header.Size().Width != account.Size().Width {
		t.Errorf("the header card is at x %v, %v wide; the Account card at x %v, %v wide", hp.X, header.Size().Width, ap.X, account.Size().Width)
	}
	if w := account.Size().Width; w != 640 {
		t.Errorf("the cards are %v wide, want 640", w)
	}
	if hp.Y+header.Size().Height > ap.Y {
		t.Errorf("the header card (y %v, %v high) overlaps the Account card at y %v", hp.Y, header.Size().Height, ap.Y)
	}
	// Refresh, Lock now and Sign out stand on the name's line.
	name := r.labelNamed("alice")
	ny := d.AbsolutePositionForObject(name).Y
	refresh := r.button("Refresh")
	by := d.AbsolutePositionForObject(refresh).Y
	if by > ny+name.Size().Height || by+refresh.Size().Height < ny {
		t.Errorf("Refresh (y %v) is not on the name's line (y %v)", by, ny)
	}
}

// labelNamed is the visible label with exactly this text.
func (r *mainRig) labelNamed(text string) *widget.Label {
	r.t.Helper()
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if k, ok := o.(*widget.Label); ok && k.Visible() && k.Text == text {
			return k
		}
	}
	r.t.Fatalf("no %q in:\n%s", text, r.texts())
	return nil
}
