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
	e := r.pageEntries()
	test.Type(e[0], mockserver.DemoPassword)
	test.Type(e[1], mockserver.DemoPassword)
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
	pw := r.pageEntries() // the page opens on the Authentication Mode
	test.Type(pw[0], mockserver.DemoPassword)
	test.Type(pw[1], "not the same")
	test.Tap(r.button("Submit"))
	r.wait()
	said("mismatched passwords", bannerError, "do not match")
	f.run(func(ctx context.Context) error { return context.Canceled }, func() {}) // Cancel, as the runner reports it
	r.wait()
	said("cancelled", bannerInfo, "Cancelled.")
}

// pageEntries are the fields in view on the account page on show, in order.
func (r *mainRig) pageEntries() []*textEntry {
	body := r.m.current.(*settingsForm).body
	var out []*textEntry
	for _, o := range test.LaidOutObjects(body) {
		e, ok := o.(*textEntry)
		if !ok || !e.Visible() {
			continue
		}
		shown := true
		for _, c := range test.LaidOutObjects(body) {
			if k, ok := c.(*fyne.Container); ok && !k.Visible() && inside(k, e) {
				shown = false
			}
		}
		if shown {
			out = append(out, e)
		}
	}
	return out
}

// atSettingsTextConfirm is alice on the account's "Confirm two-step authentication" page
// after Enable by text message.
func atSettingsTextConfirm(t *testing.T) *mainRig {
	t.Helper()
	r := aliceEnablingTwoStep(t)
	for _, it := range choiceItems(r.win) {
		if it.label == modeText {
			test.Tap(it)
		}
	}
	entries := r.pageEntries()
	if len(entries) != 3 {
		t.Fatalf("%d fields on Enable by text message, want 3", len(entries))
	}
	test.Type(entries[0], mockserver.DemoPassword)
	test.Type(entries[1], mockserver.DemoPassword)
	test.Type(entries[2], "202 555 0199")
	test.Tap(r.button("Submit"))
	r.wait()
	if _, ok := r.m.current.(*settingsForm); !ok || !strings.Contains(r.texts(), "Get the text message") {
		t.Fatalf("no confirmation page for text messages:\n%s", r.texts())
	}
	return r
}

// The account's Resend after Enable by text message is the wizard's: counted down from the
// text just sent, not live at once (a user test saw it enabled at once, as heavy as Submit,
// where the wizard's code step says "Resend (29 s)").
func TestSettingsConfirm_resendCountsDownAsTheWizards(t *testing.T) {
	r := atSettingsTextConfirm(t)
	var resend *button
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if b, ok := o.(*button); ok && strings.HasPrefix(b.Text, "Resend") {
			resend = b
		}
	}
	if resend == nil {
		t.Fatalf("no Resend:\n%s", r.texts())
	}
	if resend.Text != "Resend (30 s)" || !resend.Disabled() {
		t.Errorf("Resend right after the text: %q, disabled %v; want the wizard's 30 s countdown", resend.Text, resend.Disabled())
	}
	if resend.Importance != widget.MediumImportance {
		t.Errorf("Resend's importance %v, want the wizard's secondary %v", resend.Importance, widget.MediumImportance)
	}
}

// Up and Down move between the Authentication Mode options on the account's Enable page as
// on the wizard's step, which is the same form: the page opens on the chosen option as the
// wizard's does (it opened in Current Password, so the keyboard reached the options from
// below, on the last one not chosen, where Down had nowhere to go: a user test).
func TestEnableTwoStep_accountPageArrowsMoveBetweenModes(t *testing.T) {
	r := aliceEnablingTwoStep(t)
	items := choiceItems(r.win)
	c := r.win.Canvas()
	if len(items) != 2 || c.Focused() != fyne.Focusable(items[0]) {
		t.Fatalf("%d options, focus on %T; want 2, on the chosen one", len(items), c.Focused())
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if c.Focused() != fyne.Focusable(items[1]) || items[1].group.Selected != modeText {
		t.Errorf("Down: focus on %T, %q chosen; want Text message both", c.Focused(), items[1].group.Selected)
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if c.Focused() != fyne.Focusable(items[0]) || items[0].group.Selected != modeApp {
		t.Errorf("Up: focus on %T, %q chosen; want Authenticator mobile app both", c.Focused(), items[0].group.Selected)
	}
}
