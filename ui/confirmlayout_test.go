package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/client/api"
)

// at is where o is in its window.
func at(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// copyIn is the Copy button under o.
func copyIn(t *testing.T, o fyne.CanvasObject) *button {
	t.Helper()
	for _, l := range shownLeaves(o) {
		if b, ok := l.o.(*button); ok && b.Text == "Copy" {
			return b
		}
	}
	t.Fatal("no Copy button")
	return nil
}

// At 460 px wide (a first-time user's window) the two columns did not fit: the app widened the
// window to 582, the scan text wrapped a word a line (split mid-word) and part 3 went off
// screen. A window narrower than the two columns need has the parts in one column, 1, 2, 3,
// no wider than the window, with room for the scan text's every word.
func TestConfirm_aNarrowWindowHasThePartsInOneColumn(t *testing.T) {
	r := newWizardRig(t)
	r.win.Resize(fyne.NewSize(460, 700))
	daveAtConfirm(r)
	r.win.Resize(fyne.NewSize(460, 701)) // the test driver lays out again only on a resize
	frame(r.win.Content())
	if w := r.win.Content().MinSize().Width; w > 460 {
		t.Errorf("the page needs %v px: a 460 px window is widened", w)
	}
	h := partHeads(t, r.win)
	if !(h[0].bot <= h[1].top && h[1].bot <= h[2].top) || h[0].pos.X != h[1].pos.X || h[1].pos.X != h[2].pos.X {
		t.Errorf("the headings are at %v, %v, %v: want parts 1, 2, 3 one under the other, at one left edge", h[0].pos, h[1].pos, h[2].pos)
	}
	cs := r.view.current.(*confirmScreen)
	for _, o := range []fyne.CanvasObject{cs.code.textEntry, cs.submitBtn, cs.secretFold.button} {
		if right := at(o).X + o.Size().Width; right > 460 {
			t.Errorf("%T ends at x=%v, off a 460 px window", o, right)
		}
	}
	for _, l := range shownLeaves(r.win.Content()) {
		lb, ok := l.o.(*widget.Label)
		if !ok || lb.Wrapping != fyne.TextWrapWord {
			continue
		}
		room := l.size.Width - 2*theme.InnerPadding()
		for _, w := range strings.Fields(lb.Text) {
			if ww := fyne.MeasureText(w, theme.TextSize(), lb.TextStyle).Width; ww > room {
				t.Errorf("%q is split: %v px in a line of %v (%q)", w, ww, room, lb.Text)
			}
		}
	}
}

// The page stood still only until used: Copy's "Copied — clears in 60 s" widened part 1 and
// pushed part 2 57 px right, and a part's tick pushed its heading 24 px right. The columns keep
// their widths whatever the labels say, and a tick moves no heading.
func TestConfirm_thePageDoesNotMoveWhenCopiedOrTicked(t *testing.T) {
	r := newWizardRig(t)
	r.win.Resize(fyne.NewSize(800, 600))
	cs := daveAtConfirm(r)
	r.win.Resize(fyne.NewSize(800, 601))
	frame(r.win.Content())
	before := partHeads(t, r.win)
	qr := at(cs.qr)
	test.Tap(cs.copyKey)
	frame(r.win.Content())
	test.Tap(cs.saved)
	test.Type(cs.code.textEntry, "12345")
	frame(r.win.Content())
	test.Type(cs.code.textEntry, "6") // all three ticks: the code goes (and is refused)
	r.wait()
	test.Type(cs.code.textEntry, "123456")
	frame(r.win.Content())
	for i, h := range partHeads(t, r.win) {
		if h.pos != before[i].pos {
			t.Errorf("part %d's heading moved from %v to %v (tick shown %v)", i+1, before[i].pos, h.pos, cs.ticks[i].Visible())
		}
	}
	if got := at(cs.qr); got != qr {
		t.Errorf("after Copy, the QR code moved from %v to %v", qr, got)
	}
}

// Under "Can't scan? Show the secret key", the key's Copy ended 8 px right of the column (at
// 772, the column at 764). It stays in the column's text, copied or not.
func TestConfirm_theSecretKeysCopyStaysInTheColumn(t *testing.T) {
	r := newWizardRig(t)
	r.win.Resize(fyne.NewSize(800, 600))
	cs := daveAtConfirm(r)
	test.Tap(cs.secretFold.button)
	b := copyIn(t, cs.secretFold.box)
	test.Tap(b)
	r.win.Resize(fyne.NewSize(800, 601))
	frame(r.win.Content())
	h := partHeads(t, r.win)
	end := h[1].pos.X + h[1].size.Width - theme.InnerPadding()
	if right := at(b).X + b.Size().Width; right > end {
		t.Errorf("the secret key's Copy (%q) ends at x=%v, its column's text at x=%v", b.Text, right, end)
	}
}

// A text-message enrolment shows no secret key: leaving it says only that the Backup key stops
// working; an authenticator app's says both.
func TestConfirm_leavingSaysWhatStopsWorkingForTheMode(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		en     api.EnrollResponse
		secret bool
	}{{api.EnrollResponse{BackupKey: "K", PhoneHint: "+1 0143"}, false}, {api.EnrollResponse{BackupKey: "K", Secret: "S"}, true}} {
		win := test.NewTempWindow(t, widget.NewLabel(""))
		confirmLeaveTwoStep(win, c.en, func() {})
		q := confirmationOn(win)
		if q == nil {
			t.Fatal("no question")
		}
		said := strings.Join(texts(q.overlay), "\n")
		if strings.Contains(said, "secret key") != c.secret || !strings.Contains(said, "Backup key") {
			t.Errorf("secret shown %v, the question says %q", c.secret, said)
		}
		for _, sms := range []bool{true, false} {
			if s := leaveRegistrationText(sms); strings.Contains(s, "secret key") == sms || !strings.Contains(s, "Backup key") {
				t.Errorf("text message %v: the wizard's question says %q", sms, s)
			}
		}
	}
}
