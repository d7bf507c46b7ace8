package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
)

// aliceEnablingTwoStep is alice, registered without two-step authentication, on the account
// window's "Enable Two-Step Authentication" page.
func aliceEnablingTwoStep(t *testing.T) *mainRig {
	t.Helper()
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "this one", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.button("Enable two-step authentication"))
	return r
}

// atSettingsConfirm is alice, registered without two-step authentication, on the account
// window's "Confirm two-step authentication" page: the server has issued her a secret and a
// Backup key. It returns the rig and the secret.
func atSettingsConfirm(t *testing.T) (*mainRig, string) {
	t.Helper()
	r := aliceEnablingTwoStep(t)
	test.Type(r.focusedEntry(), mockserver.DemoPassword)
	r.win.Canvas().FocusNext()
	test.Type(r.focusedEntry(), mockserver.DemoPassword)
	test.Tap(r.button("Submit"))
	r.wait()
	secret := ""
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.TextStyle.Monospace && !strings.Contains(l.Text, "-") {
			secret = keyOf(l.Text)
		}
	}
	if secret == "" {
		t.Fatalf("no confirmation page:\n%s", r.texts())
	}
	return r, secret
}

// atTheAccount says the account screen itself is on show (not one of its pages).
func (r *mainRig) atTheAccount() bool { return r.m.account != nil && r.m.current == r.m.account }

// codeField is the page's Authentication Code entry.
func (r *mainRig) codeField() *textEntry {
	r.t.Helper()
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if e, ok := o.(*textEntry); ok && e.PlaceHolder == "6 digits" {
			return e
		}
	}
	r.t.Fatalf("no code field in:\n%s", r.texts())
	return nil
}

// Leaving the settings' confirmation page (Esc, then its Back bar) asks first, as the
// wizard's does: the Backup key and the secret die with the page.
func TestMainView_leavingTwoStepSetupInSettingsAsksFirst(t *testing.T) {
	r, _ := atSettingsConfirm(t)
	r.m.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	q := confirmationOn(r.win)
	if q == nil || r.atTheAccount() || !strings.Contains(r.texts(), "Backup key") {
		t.Fatalf("Esc on the confirmation page: asked %v, at the account %v", q != nil, r.atTheAccount())
	}
	if !strings.Contains(strings.Join(texts(q.overlay), "\n"), "Leave two-step setup?") {
		t.Errorf("the question: %q", texts(q.overlay))
	}
	test.Tap(q.cancel)
	if confirmationOn(r.win) != nil || r.atTheAccount() || !strings.Contains(r.texts(), "Backup key") {
		t.Fatalf("after Cancel: asked %v, at the account %v", confirmationOn(r.win) != nil, r.atTheAccount())
	}
	test.Tap(r.button("Back")) // the Back bar asks the same
	if q = confirmationOn(r.win); q == nil {
		t.Fatal("Back on the confirmation page did not ask")
	}
	test.Tap(q.action)
	r.wait()
	if !r.atTheAccount() {
		t.Errorf("the confirmed Leave stayed on the page:\n%s", r.texts())
	}
}

// texts is every label's text under o.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return out
}

// A code the server refused on the settings' confirmation page is emptied and its field
// focused, as in the wizard.
func TestMainView_wrongCodeInSettingsIsClearedAndFocused(t *testing.T) {
	r, secret := atSettingsConfirm(t)
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if c, ok := o.(*checkBox); ok && c.Text == "I have saved my Backup key" {
			test.Tap(c)
		}
	}
	wrong, _ := totp.GenerateCode(secret, time.Now().Add(-time.Hour)) // long expired
	code := r.codeField()
	test.Type(code, wrong) // the sixth digit submits
	r.wait()
	if r.atTheAccount() || code.Text != "" || r.win.Canvas().Focused() != code {
		t.Errorf("after a wrong code: at the account %v, field %q, focus on the code %v\n%s",
			r.atTheAccount(), code.Text, r.win.Canvas().Focused() == code, r.texts())
	}
}

// Copy's countdown ("Copied — clears in 60 s") ends when the page is left: nothing ticks for
// a page no longer shown.
func TestMainView_leavingThePageStopsCopysCountdown(t *testing.T) {
	r, _ := atSettingsConfirm(t)
	copyKey := r.button("Copy")
	test.Tap(copyKey)
	if copyKey.Text != "Copied — clears in 60 s" {
		t.Fatalf("after Copy: %q", copyKey.Text)
	}
	r.m.typedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if q := confirmationOn(r.win); q != nil { // Leave two-step setup?
		test.Tap(q.action)
	}
	r.wait()
	if !r.atTheAccount() {
		t.Fatalf("not at the account:\n%s", r.texts())
	}
	deadline := time.After(1500 * time.Millisecond) // more than a tick
	for waiting := true; waiting; {
		select {
		case f := <-r.queue:
			f() // a tick delivered after leaving
		case <-deadline:
			waiting = false
		}
	}
	if copyKey.Text != "Copied — clears in 60 s" {
		t.Errorf("Copy counted on after the page was left: %q", copyKey.Text)
	}
	ended := make(chan struct{})
	go func() {
		r.m.run.ticking.Wait()
		close(ended)
	}()
	select {
	case <-ended:
	case <-time.After(time.Second):
		t.Error("a ticker of the window still runs after the page was left")
	}
}

// The settings pages say each message in the banner of its kind: a request refused while
// another runs, or a call cancelled, is information, not an error in red; a refused request
// is an error.
func TestSettingsForm_messagesSayTheirKind(t *testing.T) {
	r := aliceEnablingTwoStep(t)
	f := r.m.current.(*settingsForm)
	said := func(what string, kind bannerKind, text string) {
		t.Helper()
		if !f.banner.box.Visible() || f.banner.kind != kind || !strings.Contains(f.msg.Text, text) || f.msg.Importance == widget.DangerImportance {
			t.Errorf("%s: banner shown %v, kind %v (want %v), %q (want %q)", what, f.banner.box.Visible(), f.banner.kind, kind, f.msg.Text, text)
		}
	}
	r.m.run.refuse() // what Enter does while a call runs
	said("refused while another runs", bannerInfo, "Still working on the last request…")
	test.Type(r.focusedEntry(), mockserver.DemoPassword)
	r.win.Canvas().FocusNext()
	test.Type(r.focusedEntry(), "not the same")
	test.Tap(r.button("Submit"))
	r.wait()
	said("mismatched passwords", bannerError, "do not match")
	f.run(func(ctx context.Context) error { return context.Canceled }, func() {}) // Cancel, as the runner reports it
	r.wait()
	said("cancelled", bannerInfo, "Cancelled.")
}
