package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
)

// shown lists o and every object under it whose ancestors are all visible, in drawing order
// (scrolled out of view still counts as shown).
func shown(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, shown(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, shown(c)...)
		}
	}
	return out
}

// shownTexts is every text a person can see under o, a line each.
func shownTexts(o fyne.CanvasObject) string {
	var out []string
	for _, c := range shown(o) {
		if t, ok := c.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return strings.Join(out, "\n")
}

// shows says whether text is shown under o, wrapped or not (spaces and line breaks ignored).
func shows(o fyne.CanvasObject, text string) bool {
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	return strings.Contains(squash(shownTexts(o)), squash(text))
}

// shownButton is the first visible button under o whose text is label, or nil.
func shownButton(o fyne.CanvasObject, label string) *widget.Button {
	for _, c := range shown(o) {
		b, ok := asButton(c)
		if f, isFocus := c.(*button); isFocus {
			b, ok = &f.Button, true
		}
		if ok && b.Text == label {
			return b
		}
	}
	return nil
}

// tabTo presses Tab until target has the focus, failing after n presses.
func tabTo(t *testing.T, c fyne.Canvas, target fyne.Focusable, n int) {
	t.Helper()
	for range n {
		if c.Focused() == target {
			return
		}
		c.FocusNext()
	}
	if c.Focused() != target {
		t.Fatalf("Tab did not reach the target in %d presses (focus on %T)", n, c.Focused())
	}
}

// pressSpace presses the space bar on the focused button.
func pressSpace(c fyne.Canvas) { hit(c.Focused(), fyne.KeySpace) }

func TestConfirm_secretKeyFoldedUntilAsked(t *testing.T) {
	win, cs := confirmAt(t, fyne.NewSize(800, 600))
	secret := fixedEnrollment.Secret

	if shows(win.Content(), secret) || !cs.qr.Visible() {
		t.Fatalf("before asking: secret shown %v, QR code shown %v", shows(win.Content(), secret), cs.qr.Visible())
	}
	if shownButton(win.Content(), "Can't scan? Show the secret key") == nil {
		t.Fatalf("no \"Can't scan? Show the secret key\" on the page:\n%s", shownTexts(win.Content()))
	}
	open := cs.secretFold.button
	win.Canvas().Focus(cs.code.textEntry)
	tabTo(t, win.Canvas(), open, 12)
	pressSpace(win.Canvas())
	if !shows(win.Content(), secret) || !shows(win.Content(), "Secret key") {
		t.Fatalf("after Space on the fold: the secret key is not shown:\n%s", shownTexts(win.Content()))
	}
	if open.Text != "Hide the secret key" || win.Canvas().Focused() != open {
		t.Errorf("open fold reads %q, focus on %T", open.Text, win.Canvas().Focused())
	}
	if shownButton(win.Content(), "Copy") == nil {
		t.Error("no Copy beside the secret key")
	}
	test.Tap(open)
	if shows(win.Content(), secret) || open.Text != "Can't scan? Show the secret key" {
		t.Errorf("after closing: secret shown, fold reads %q", open.Text)
	}
}

func TestAccount_aboutFoldedUntilOpened(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "state.json")
	r := newMainRig(t, &vault.Memory{}, cfg)
	r.m.o.Version = "1.2.3"
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	if err := r.sess.TrustCertificate(context.Background(), "https://files.example.com", otherFingerprint); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	about := []string{"x360Sync Desktop 1.2.3", "Settings: " + cfg, "Trusted certificates:", "Connection: direct (no proxy)"}
	for _, want := range about {
		if shows(r.win.Content(), want) {
			t.Errorf("About is open before anyone asked: %q shown", want)
		}
	}
	if !shows(r.win.Content(), "alice@acme.test") {
		t.Fatalf("no account window:\n%s", shownTexts(r.win.Content()))
	}
	link := shownButton(r.win.Content(), "About")
	if link == nil {
		t.Fatalf("no About link:\n%s", shownTexts(r.win.Content()))
	}
	a := r.m.account.about.button
	tabTo(t, r.win.Canvas(), a, 30)
	a.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	for _, want := range about {
		if !shows(r.win.Content(), want) {
			t.Errorf("after Enter on About: %q not shown", want)
		}
	}
	if r.win.Canvas().Focused() != a {
		t.Errorf("after Enter on About: focus on %T", r.win.Canvas().Focused())
	}
	r.win.Resize(fyne.NewSize(420, 600))
	if !shows(r.win.Content(), fingerprintLines(otherFingerprint)) {
		t.Errorf("About does not list the pin in lines of 8 bytes:\n%s", shownTexts(r.win.Content()))
	}
	if bad := splitBytes(r.win.Content()); len(bad) > 0 {
		t.Errorf("About cuts a fingerprint inside a byte: %q", bad)
	}
	test.Tap(a)
	if shows(r.win.Content(), about[0]) {
		t.Error("a click on the open About did not close it")
	}
}

// inView says whether o lies wholly inside the window and inside the visible part of every
// scroll between root and o.
func inView(win fyne.Window, root, o fyne.CanvasObject) bool {
	d := fyne.CurrentApp().Driver()
	pos, size := d.AbsolutePositionForObject(o), o.Size()
	within := func(at fyne.Position, in fyne.Size) bool {
		const slack = 0.5
		return pos.X >= at.X-slack && pos.Y >= at.Y-slack && pos.X+size.Width <= at.X+in.Width+slack && pos.Y+size.Height <= at.Y+in.Height+slack
	}
	if !within(fyne.Position{}, win.Canvas().Size()) {
		return false
	}
	for _, a := range pathTo(root, o) {
		if sc, ok := a.(*container.Scroll); ok && !within(d.AbsolutePositionForObject(sc), sc.Size()) {
			return false
		}
		if c, ok := a.(*fyne.Container); ok {
			if _, ok := c.Layout.(*fitScroll); ok && !within(d.AbsolutePositionForObject(c), c.Size()) {
				return false
			}
		}
	}
	return true
}

// pathTo is the chain of objects from root down to o (o itself excluded), nil when o is not
// under root.
func pathTo(root, o fyne.CanvasObject) []fyne.CanvasObject {
	if root == nil || !root.Visible() {
		return nil
	}
	var kids []fyne.CanvasObject
	switch x := root.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		if k == o {
			return []fyne.CanvasObject{root}
		}
		if p := pathTo(k, o); p != nil {
			return append([]fyne.CanvasObject{root}, p...)
		}
	}
	return nil
}

// everyFocusableInView presses Tab from the focused control round the whole screen and
// fails on each control that gets the focus out of sight.
func everyFocusableInView(t *testing.T, win fyne.Window) []fyne.Focusable {
	t.Helper()
	c := win.Canvas()
	start := c.Focused()
	var seen []fyne.Focusable
	for range 40 {
		f := c.Focused()
		if f == nil {
			t.Fatal("nothing has the focus")
		}
		if !inView(win, win.Content(), f.(fyne.CanvasObject)) {
			t.Errorf("%T %q has the focus out of sight at %v", f, textOf(f), win.Canvas().Size())
		}
		seen = append(seen, f)
		c.FocusNext()
		if c.Focused() == start {
			break
		}
	}
	return seen
}

// textOf is a focusable's text, to name it in a failure.
func textOf(f fyne.Focusable) string {
	switch x := f.(type) {
	case *widget.Button:
		return x.Text
	case *button:
		return x.Text
	case *widget.Entry:
		return x.Text + x.PlaceHolder
	}
	return ""
}

// The certificate question at 800x600, at FYNE_SCALE=2 on a 1920x1080 display (960x540) and
// in an 800x600 window at FYNE_SCALE=2 (400x300): Cancel has the focus in view, Shift+Tab
// shows Trust, and Tab round the screen brings every control into view.
func TestServerScreen_certificateReachableInSmallWindows(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 800, Height: 600}, {Width: 960, Height: 540}, {Width: 400, Height: 300}} {
		t.Run(fmt.Sprintf("%vx%v", size.Width, size.Height), func(t *testing.T) {
			test.NewTempApp(t)
			win := test.NewTempWindow(t, nil)
			flow := flowAt(func(f *wizard.Flow) { f.Certificate = fixedCertificate })
			flow.Server = fixedServer
			v := newWizardView(win, flow, nil)
			win.SetContent(inMain(v.content()))
			win.Resize(size)
			v.show()
			s := v.current.(*serverScreen)
			if win.Canvas().Focused() != s.decline {
				t.Fatalf("focus on %T, want Cancel", win.Canvas().Focused())
			}
			if !inView(win, win.Content(), s.decline) {
				t.Errorf("Cancel has the focus out of sight")
			}
			win.Canvas().FocusPrevious()
			if win.Canvas().Focused() != s.trust || !inView(win, win.Content(), s.trust) {
				t.Errorf("Shift+Tab from Cancel: focus on %T, in view %v; want Trust in view", win.Canvas().Focused(), inView(win, win.Content(), s.trust))
			}
			everyFocusableInView(t, win)
		})
	}
}
