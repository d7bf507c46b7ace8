package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/api"
)

// shownTexts is every text a person can see under o: labels, rich text and buttons whose
// ancestors are all visible (scrolled out of view still counts as shown).
func shownTexts(o fyne.CanvasObject) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return strings.Join(out, "\n")
}

// shows says whether text is shown under o, wrapped or not (spaces and line breaks ignored).
func shows(o fyne.CanvasObject, text string) bool {
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	return strings.Contains(squash(shownTexts(o)), squash(text))
}

// shownButton is the visible button under o whose text is label, or nil.
func shownButton(o fyne.CanvasObject, label string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		b, ok := o.(*widget.Button)
		if f, isFocus := o.(*focusButton); isFocus {
			b, ok = &f.Button, true
		}
		if ok && b.Text == label {
			found = b
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return found
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
func pressSpace(c fyne.Canvas) { c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) }

func TestConfirm_secretKeyFoldedUntilAsked(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	flow := flowAt(func(f *wizard.Flow) { f.Mode, f.Enrollment = api.ModeTOTP, fixedEnrollment },
		wizard.StepServer, wizard.StepSignIn, wizard.StepEnroll, wizard.StepEnrollConfirm)
	v := newWizardView(win, flow, nil)
	v.display(v.screenFor(flow.Step()))
	win.SetContent(inMain(v.content()))
	win.Resize(fyne.NewSize(800, 600))
	cs := v.current.(*confirmScreen)
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
	test.Tap(a)
	if shows(r.win.Content(), about[0]) {
		t.Error("a click on the open About did not close it")
	}
}
