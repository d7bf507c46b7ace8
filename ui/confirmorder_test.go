package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/wizard"
)

// partHeads are where the headings of the confirmation page's parts 1, 2 and 3 are in win.
func partHeads(t *testing.T, win fyne.Window) [3]leafBox {
	t.Helper()
	var heads [3]leafBox
	found := 0
	for _, l := range shownLeaves(win.Content()) {
		lb, ok := l.o.(*widget.Label)
		if !ok {
			continue
		}
		for i, p := range []string{"1. ", "2. ", "3. "} {
			if strings.HasPrefix(lb.Text, p) {
				heads[i] = l
				found++
			}
		}
	}
	if found != 3 {
		t.Fatalf("found %d part headings, want 3", found)
	}
	return heads
}

// The confirmation page reads 1, 2, 3: a first-time user read it zigzag (part 1 and part 3 on
// the left, part 2 on the right) and was put in the code field, at part 3, while Submit waited
// for part 1. Parts 1 and 2 are side by side, part 3 under both; the page opens on part 1's
// Copy, and Tab goes through the parts in their order.
func TestConfirm_readsOneTwoThreeAndOpensOnPartOne(t *testing.T) {
	r := newWizardRig(t)
	cs := daveAtConfirm(r)
	frame(r.win.Content())
	h := partHeads(t, r.win)
	if h[0].top != h[1].top || h[0].pos.X >= h[1].pos.X {
		t.Errorf("part 1's heading is at %v, part 2's at %v: want them side by side, 1 on the left", h[0].pos, h[1].pos)
	}
	parts := []fyne.CanvasObject{cs.saved, cs.secretFold.button}
	for _, o := range parts {
		if bot := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y + o.Size().Height; h[2].top < bot {
			t.Errorf("part 3's heading is at y=%v, above the end of parts 1 and 2 (y=%v)", h[2].top, bot)
		}
	}
	c := r.win.Canvas()
	if got := c.Focused(); got != fyne.Focusable(cs.copyKey) {
		t.Errorf("the page opens with the focus on %T %q, want part 1's Copy", got, textOf(got))
	}
	test.Tap(cs.saved) // Submit on: it is in the Tab order too
	c.Focus(cs.copyKey)
	want := []fyne.Focusable{cs.copyKey, cs.saveBtn, cs.saved, cs.secretFold.button, cs.code.textEntry, cs.submitBtn}
	for i, w := range want {
		if got := c.Focused(); got != w {
			t.Fatalf("Tab %d from Copy is on %T %q, want %T %q", i, got, textOf(got), w, textOf(w))
		}
		c.FocusNext()
	}
}

// A wrong code is said under the code field, emptied and focused, and the page does not move
// out of view: "Can't scan? Show the secret key" (part 2, where someone who typed the code by
// hand goes back) is still all in view at 800x600.
func TestConfirm_aWrongCodeIsSaidUnderTheFieldWithTheFoldInView(t *testing.T) {
	r := newWizardRig(t)
	r.win.Resize(fyne.NewSize(800, 600))
	cs := daveAtConfirm(r)
	test.Tap(cs.saved)
	test.Type(cs.code.textEntry, "000000") // the sixth digit submits
	r.wait()
	frame(r.win.Content())
	if r.step() != wizard.StepEnrollConfirm {
		t.Fatalf("a wrong code left the step: at %v", r.step())
	}
	if !cs.codeErr.Visible() || cs.codeErr.Text == "" {
		t.Fatalf("no error under the code field after a wrong code; the banner says %q", r.view.msg.Text)
	}
	if r.view.shell.banner.box.Visible() {
		t.Errorf("the banner says %q too: the words belong under the field", r.view.msg.Text)
	}
	d := fyne.CurrentApp().Driver()
	// The error's text (a label's, inset by its inner padding) starts where the code's box does.
	code, err := d.AbsolutePositionForObject(cs.code.textEntry), d.AbsolutePositionForObject(cs.codeErr)
	if bot := code.Y + cs.code.textEntry.Size().Height; err.Y < bot || err.Y > bot+2*theme.Padding() || err.X+theme.InnerPadding() != code.X {
		t.Errorf("the error's text is at %v, want it right under the code field (at x=%v, from y=%v)", err.AddXY(theme.InnerPadding(), 0), code.X, bot)
	}
	if cs.code.Text != "" || r.win.Canvas().Focused() != cs.code.textEntry {
		t.Errorf("after a wrong code the field holds %q, focus on %T", cs.code.Text, r.win.Canvas().Focused())
	}
	if !inView(r.win, r.win.Content(), cs.secretFold.button) {
		p := d.AbsolutePositionForObject(cs.secretFold.button)
		t.Errorf("after a wrong code, \"Can't scan? Show the secret key\" is out of view at 800x600 (at %v, %v)", p, cs.secretFold.button.Size())
	}
	test.Type(cs.code.textEntry, "1")
	if cs.codeErr.Visible() {
		t.Error("the error stays while a new code is typed")
	}
}

// Six digits typed before "I have saved my Backup key" is ticked are kept, and submit when it is.
func TestConfirm_aCodeTypedBeforeTheBoxIsKeptAndSubmitsWhenTicked(t *testing.T) {
	r := newWizardRig(t)
	cs := daveAtConfirm(r)
	code, err := totp.GenerateCode(r.view.flow.Enrollment.Secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	test.Type(cs.code.textEntry, code)
	r.wait()
	if r.step() != wizard.StepEnrollConfirm || cs.code.Text == "" {
		t.Fatalf("before the box is ticked: at %v, the code field holds %q", r.step(), cs.code.Text)
	}
	test.Tap(cs.saved)
	r.wait()
	if r.step() == wizard.StepEnrollConfirm {
		t.Errorf("the code kept did not go when the box was ticked (%q)", r.view.msg.Text)
	}
}

// The account window's confirmation page is the same page: it opens on part 1's Copy, and a
// wrong code is said under the code field, not in the banner.
func TestMainView_confirmTwoStepInSettingsOpensOnCopyAndSaysAWrongCodeUnderIt(t *testing.T) {
	r, _ := atSettingsConfirm(t)
	if b, ok := r.win.Canvas().Focused().(*button); !ok || b.Text != "Copy" {
		t.Errorf("the page opens with the focus on %T %q, want part 1's Copy", r.win.Canvas().Focused(), textOf(r.win.Canvas().Focused()))
	}
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if c, ok := o.(*checkBox); ok {
			test.Tap(c)
		}
	}
	test.Type(r.codeField(), "000000")
	r.wait()
	f := r.m.current.(*settingsForm)
	if f.banner.box.Visible() {
		t.Errorf("the banner says %q: a wrong code's words belong under the field", f.msg.Text)
	}
	if !r.visibleText("That authentication code is incorrect.") {
		t.Errorf("no wrong-code words on the page:\n%s", r.texts())
	}
}
