package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The account's cards have one left edge, the text's: the boxes of "Enable two-step
// authentication" and "Set a PIN" started 8 px left of the text and the header's logo 7 px
// (a user test); opening About made every card wider than the header, and About had a blank
// line before "Trusted certificates".
func TestAccount_cardsShareOneLeftEdge(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	r.win.Resize(fyne.NewSize(1000, 900))
	frame(r.win.Content())
	d := fyne.CurrentApp().Driver()
	text := r.labelNamed("Account")
	want := d.AbsolutePositionForObject(text).X + theme.InnerPadding()
	for _, name := range []string{"Enable two-step authentication", "Set a PIN"} {
		if x := d.AbsolutePositionForObject(r.focusable(r.button(name)).(fyne.CanvasObject)).X; x != want {
			t.Errorf("the %q button starts at x %v, the text at %v", name, x, want)
		}
	}
	for _, l := range shownLeaves(r.win.Content()) {
		if img, ok := l.o.(*canvas.Image); ok && img.Resource == Logo && l.pos.X != want {
			t.Errorf("the header's logo starts at x %v, the text at %v", l.pos.X, want)
		}
	}

	header := r.cardOf("alice")
	a := r.m.account.about
	r.win.Canvas().Focus(a.button)
	a.button.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	frame(r.win.Content())
	for _, card := range []string{"Account", "Security"} {
		c := r.cardOf(card)
		if hx, cx := d.AbsolutePositionForObject(header).X, d.AbsolutePositionForObject(c).X; hx != cx || header.Size().Width != c.Size().Width || c.Size().Width != accountWidth {
			t.Errorf("with About open the %s card is at x %v, %v wide; the header at x %v, %v wide (want %v)", card, cx, c.Size().Width, hx, header.Size().Width, accountWidth)
		}
	}
	var conn, trusted *widget.Label
	for _, l := range shownLeaves(r.win.Content()) {
		if k, ok := l.o.(*widget.Label); ok {
			switch {
			case len(k.Text) > 9 && k.Text[:9] == "x360Sync ":
				conn = k
			case len(k.Text) > 20 && k.Text[:20] == "Trusted certificates":
				trusted = k
			}
		}
	}
	if conn == nil || trusted == nil {
		t.Fatalf("About shows no version or no trusted certificates:\n%s", r.texts())
	}
	lastLine := d.AbsolutePositionForObject(conn).Y + conn.Size().Height - theme.InnerPadding()
	firstLine := d.AbsolutePositionForObject(trusted).Y + theme.InnerPadding()
	if gap := firstLine - lastLine; gap > 1 {
		t.Errorf("About has %v px between its last line and \"Trusted certificates\", want none (one line under the other)", gap)
	}
}
