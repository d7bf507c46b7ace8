package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/vault"
)

// changePIN types the current PIN and a new one twice on the Change PIN page, Enter last.
func (r *mainRig) changePIN(current, p string) {
	r.t.Helper()
	test.Type(r.focusedEntry(), current)
	r.win.Canvas().FocusNext()
	test.Type(r.focusedEntry(), p)
	r.win.Canvas().FocusNext()
	r.typeAndEnter(p)
}

// Change PIN asks for the current PIN first: a wrong one is an Unlock attempt, said with the
// attempts left under the field, and the page stays; the right one changes the PIN.
func TestChangePIN_asksForTheCurrentPIN(t *testing.T) {
	store, cfg, r := registeredWithPIN(t)
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.button("Change PIN"))
	if !strings.Contains(r.texts(), "Current PIN") {
		t.Fatalf("Change PIN does not ask for the current PIN:\n%s", r.texts())
	}
	r.changePIN("111111", "482916")
	if want := "Current PIN\nThat PIN is incorrect. 9 attempts left before this device is signed out."; !strings.Contains(r.texts(), want) || r.atAccount() {
		t.Fatalf("a wrong current PIN: want %q on the page:\n%s", want, r.texts())
	}
	if r.focusedEntry().Text != "" {
		t.Error("the wrong current PIN was left in its field")
	}
	r.typeAndEnter("204913") // the new PIN, typed twice, is kept: only the current one again
	if !r.atAccount() || !strings.Contains(r.texts(), "Your PIN is changed.") {
		t.Fatalf("the right current PIN:\n%s", r.texts())
	}
	again := newMainRig(t, store, cfg)
	if err := again.sess.Unlock(context.Background(), "482916"); err != nil {
		t.Errorf("the new PIN at the next launch: %v", err)
	}
}

// The tenth wrong PIN, whether typed on Unlock or on Change PIN, signs the device out.
func TestChangePIN_tenthWrongPINSignsOut(t *testing.T) {
	_, _, r := registeredWithPIN(t)
	r.m.showSignedIn()
	r.wait()
	st, err := r.sess.Config.Load()
	if err != nil {
		t.Fatal(err)
	}
	st.PINFailures = 9 // as after nine wrong PINs long ago
	if err := r.sess.Config.Save(st); err != nil {
		t.Fatal(err)
	}
	test.Tap(r.button("Change PIN"))
	r.changePIN("111111", "482916")
	if r.m.wiz == nil || !strings.Contains(r.texts(), "Too many wrong PINs: this device was signed out") {
		t.Errorf("the tenth wrong PIN on Change PIN:\n%s", r.texts())
	}
}

// removePIN opens Remove PIN from the account, types the current PIN, presses the page's
// Remove PIN and confirms.
func (r *mainRig) removePIN(current string) {
	r.t.Helper()
	test.Type(r.focusedEntry(), current)
	test.Tap(r.button("Remove PIN"))
	test.Tap(r.topButton("Remove PIN")) // the confirmation
	r.wait()
}

// Remove PIN asks for the current PIN, as Change PIN does: someone at an unlocked computer
// cannot strip it. A wrong one is said with the attempts left under the field and the PIN
// stays; the right one removes it.
func TestRemovePIN_asksForTheCurrentPIN(t *testing.T) {
	_, _, r := registeredWithPIN(t)
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.button("Remove PIN"))
	if !strings.Contains(r.texts(), "Current PIN") {
		t.Fatalf("Remove PIN does not ask for the current PIN:\n%s", r.texts())
	}
	r.removePIN("111111")
	if want := "Current PIN\nThat PIN is incorrect. 9 attempts left before this device is signed out."; !strings.Contains(r.texts(), want) || r.atAccount() {
		t.Fatalf("a wrong current PIN: want %q on the page:\n%s", want, r.texts())
	}
	if !r.sess.Info().PINSet {
		t.Fatal("a wrong current PIN removed the PIN")
	}
	if r.focusedEntry().Text != "" {
		t.Error("the wrong current PIN was left in its field")
	}
	r.removePIN("204913")
	if !r.atAccount() || !strings.Contains(r.texts(), "The PIN was removed.") || r.sess.Info().PINSet {
		t.Fatalf("the right current PIN:\n%s", r.texts())
	}
}

// The tenth wrong PIN on Remove PIN signs the device out, as on Unlock and Change PIN.
func TestRemovePIN_tenthWrongPINSignsOut(t *testing.T) {
	_, _, r := registeredWithPIN(t)
	st, err := r.sess.Config.Load()
	if err != nil {
		t.Fatal(err)
	}
	st.PINFailures = 9
	if err := r.sess.Config.Save(st); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.button("Remove PIN"))
	r.removePIN("111111")
	if r.m.wiz == nil || !strings.Contains(r.texts(), "Too many wrong PINs: this device was signed out") {
		t.Errorf("the tenth wrong PIN on Remove PIN:\n%s", r.texts())
	}
}

// visibleText says whether a shown label on the window reads text.
func (r *mainRig) visibleText(text string) bool {
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.Contains(l.Text, text) {
			return true
		}
	}
	return false
}

// Set a PIN in the account window: a PIN refused for a rule is said under the PIN field (not
// in a banner at the top), in words that do not repeat the rules shown right there, and the
// error is gone once the next try runs.
func TestSetPIN_errorUnderTheFieldOnceAndGoneWhileSetting(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "this one", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.button("Set a PIN"))
	f := r.m.current.(*settingsForm)
	test.Type(r.focusedEntry(), "111111")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("111111")
	if f.banner.box.Visible() {
		t.Errorf("a PIN refused for a rule is said in the banner at the top: %q", f.msg.Text)
	}
	if !strings.Contains(r.texts(), "PIN\nThat PIN is too easy to guess") {
		t.Errorf("want the reason under the PIN field:\n%s", r.texts())
	}
	if n := strings.Count(r.texts(), "runs such as 123456"); n != 1 {
		t.Errorf("the rules are said %d times on the page, want once:\n%s", n, r.texts())
	}
	r.typeAndEnter("12") // too short: the confirmation is not even looked at
	if !r.visibleText("The PIN must be 6 to 12 digits.") {
		t.Fatalf("a short PIN:\n%s", r.texts())
	}
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	e := r.focusedEntry()
	test.Type(e, "204913")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // the call runs until r.wait
	if r.visibleText("The PIN must be 6 to 12 digits.") || r.visibleText("too easy") {
		t.Errorf("an old error stays on screen while the PIN is set:\n%s", r.texts())
	}
	r.wait()
	if !strings.Contains(r.texts(), "Your PIN is set.") {
		t.Errorf("after setting the PIN:\n%s", r.texts())
	}
}

// On Change PIN the PIN rules are about the new PIN: they sit with New PIN, not under
// Current PIN.
func TestChangePIN_rulesSitWithTheNewPIN(t *testing.T) {
	_, _, r := registeredWithPIN(t)
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.button("Change PIN"))
	s := r.texts()
	cur, nw, rules := strings.Index(s, "Current PIN"), strings.Index(s, "New PIN"), strings.Index(s, "Use 6 to 12 digits")
	if cur < 0 || nw < 0 || rules < 0 || rules < nw {
		t.Errorf("want Current PIN, then New PIN with the rules; got:\n%s", s)
	}
}
