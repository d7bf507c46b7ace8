package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// slow makes the mock server answer the next request to path after five seconds.
func slow(t *testing.T, server, path string) {
	t.Helper()
	resp, err := http.Post(server+"/dev/faults", "application/json", strings.NewReader(`{"path":"`+path+`","delay_ms":5000,"times":1}`))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
}

// windowKey presses a key where no field takes it: the window's own handler.
func windowKey(w fyne.Window, name fyne.KeyName) {
	w.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// TestWizardView_linkAndSecondSubmitWhileSigningInAreRefusedAloud: while a sign-in is in
// flight, the recovery link is off and following it (or the banner's "Use your Backup key")
// leaves the step as it is; a second Enter is refused with a line saying so, not dropped.
func TestWizardView_linkAndSecondSubmitWhileSigningInAreRefusedAloud(t *testing.T) {
	r := newWizardRig(t)
	r.typeInFocused(r.ts.URL)
	r.enter()
	slow(t, r.ts.URL, "/api/v1/auth/login")
	r.typeInFocused("alice")
	r.tab()
	r.typeInFocused(mockserver.DemoPassword)
	r.focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // not r.enter(): do not wait
	s := r.view.current.(*signInScreen)
	if !s.recover.Disabled() {
		t.Error("the recovery link is on while the sign-in runs")
	}
	test.Tap(s.recover)
	r.view.openRecovery() // as "Use your Backup key" would
	windowKey(r.win, fyne.KeyReturn)
	s.submit() // Enter in a field
	if r.step() != wizard.StepSignIn || r.view.current != s {
		t.Fatalf("the flow changed while the sign-in ran: at %v", r.step())
	}
	if got := r.view.msg.Text; got != "Still working on the last request…" || !r.view.shell.banner.box.Visible() {
		t.Errorf("second request: banner %q (shown %v), want it refused aloud", got, r.view.shell.banner.box.Visible())
	}
	test.Tap(r.view.cancel)
	r.wait()
	if r.view.msg.Text != "Cancelled." || r.step() != wizard.StepSignIn {
		t.Errorf("after Cancel: %q at %v", r.view.msg.Text, r.step())
	}
}

// TestMainView_secondAccountCallIsRefusedAloud: a Refresh while the account loads slowly is
// refused with a line beside the progress, and what changes the flow is off meanwhile.
func TestMainView_secondAccountCallIsRefusedAloud(t *testing.T) {
	_, _, r := registeredWithoutPIN(t)
	slow(t, r.ts.URL, "/api/v1/me")
	r.m.showSignedIn()
	a := r.m.account
	if !a.signOut.Disabled() || !a.twoStep.Disabled() || a.lock.Disabled() {
		t.Errorf("while loading: Sign out off %v, two-step off %v, Lock off %v", a.signOut.Disabled(), a.twoStep.Disabled(), a.lock.Disabled())
	}
	a.load() // a second Refresh
	if !r.m.stripMsg.Visible() || r.m.stripMsg.Text != "Still working on the last request…" {
		t.Errorf("second call: strip says %q (shown %v)", r.m.stripMsg.Text, r.m.stripMsg.Visible())
	}
	r.m.run.Cancel()
	r.wait()
	if r.m.stripMsg.Visible() || a.signOut.Disabled() {
		t.Errorf("after the call: note shown %v, Sign out off %v", r.m.stripMsg.Visible(), a.signOut.Disabled())
	}
}

// TestAccountPages_busySubmitAndBackReadsCancel: while a sub-page's request runs, its primary
// button says what it does, Back reads Cancel, Enter is refused aloud, and Esc cancels the
// request and leaves the page as it was.
func TestAccountPages_busySubmitAndBackReadsCancel(t *testing.T) {
	_, _, r := registeredWithoutPIN(t)
	r.m.showSignedIn()
	r.wait()
	slow(t, r.ts.URL, "/api/v1/2fa/enroll")
	r.m.showEnableTwoStep(false)
	pw := r.pageEntries() // the page opens on the Authentication Mode
	test.Type(pw[0], mockserver.DemoPassword)
	test.Type(pw[1], mockserver.DemoPassword)
	test.Tap(r.button("Submit"))
	f := r.m.current.(*settingsForm)
	if r.button("Starting…") == nil || f.backB.Text != "Cancel" {
		t.Fatalf("while enabling: Back reads %q", f.backB.Text)
	}
	windowKey(r.win, fyne.KeyReturn)
	if f.msg.Text != "Still working on the last request…" || !f.banner.box.Visible() {
		t.Errorf("Enter while enabling: message %q (shown %v)", f.msg.Text, f.banner.box.Visible())
	}
	windowKey(r.win, fyne.KeyEscape) // cancels; does not leave yet
	r.wait()
	if r.m.current != f || f.backB.Text != "Back" || f.msg.Text != "Cancelled." || r.button("Submit") == nil {
		t.Errorf("after Esc while enabling: page kept %v, Back reads %q, message %q", r.m.current == f, f.backB.Text, f.msg.Text)
	}
}

// daveAtPIN signs dave in and takes him through enrolment to Set up PIN.
// daveAtConfirm signs dave in and starts his enrolment with the authenticator app.
func daveAtConfirm(r *wizardRig) *confirmScreen {
	r.t.Helper()
	r.signIn("dave")
	test.Tap(r.view.current.(*enrollScreen).submitBtn)
	r.wait()
	cs, ok := r.view.current.(*confirmScreen)
	if !ok {
		r.t.Fatalf("at %v (%s), want Confirm two-step authentication", r.step(), r.view.msg.Text)
	}
	return cs
}

// textsOnTop is the labels of the top overlay (a confirmation), one a line.
func (r *wizardRig) textsOnTop() string {
	var out []string
	if top := r.win.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if l, ok := o.(*widget.Label); ok {
				out = append(out, l.Text)
			}
		}
	}
	return strings.Join(out, "\n")
}

func daveAtPIN(r *wizardRig) {
	r.t.Helper()
	cs := daveAtConfirm(r)
	test.Tap(cs.saved)
	code, _ := totp.GenerateCode(r.view.flow.Enrollment.Secret, time.Now())
	test.Type(cs.code.textEntry, code)
	r.wait()
	if r.step() != wizard.StepPINSetup {
		r.t.Fatalf("at %v (%s), want Set up PIN", r.step(), r.view.msg.Text)
	}
}

// TestWizardView_escAtSetUpPINAsksFirst: the device is registered at Set up PIN, so leaving
// revokes it: Esc asks first, in plain words, with buttons that name what they do; "Continue
// registration" keeps the step, "Leave and sign out" goes back.
func TestWizardView_escAtSetUpPINAsksFirst(t *testing.T) {
	r := newWizardRig(t)
	daveAtPIN(r)
	windowKey(r.win, fyne.KeyEscape)
	if r.step() != wizard.StepPINSetup {
		t.Fatalf("Esc at Set up PIN left without asking: at %v", r.step())
	}
	c, ok := r.win.Canvas().Focused().(*button)
	if !ok || c.Text != "Continue registration" {
		t.Fatalf("after Esc: focus on %T %q, want the confirmation's Continue registration", r.win.Canvas().Focused(), textOf(r.win.Canvas().Focused()))
	}
	const says = "Registration isn't finished. If you leave now, this computer is signed out and its registration revoked; you will need to sign in again."
	if !strings.Contains(r.textsOnTop(), says) {
		t.Errorf("the confirmation says:\n%s\nwant %q", r.textsOnTop(), says)
	}
	test.Tap(c)
	if r.step() != wizard.StepPINSetup || r.win.Canvas().Overlays().Top() != nil {
		t.Fatalf("after Cancel: at %v, confirmation open %v", r.step(), r.win.Canvas().Overlays().Top() != nil)
	}
	test.Tap(r.view.cancel) // the card's Back asks the same
	var leave *button
	for _, o := range test.LaidOutObjects(r.win.Canvas().Overlays().Top()) {
		if k, ok := o.(*button); ok && k.Importance == widget.DangerImportance {
			leave = k
		}
	}
	if leave == nil || leave.Text != "Leave and sign out" {
		t.Fatalf("Back at Set up PIN: no danger-styled Leave and sign out to confirm (%v)", leave)
	}
	test.Tap(leave)
	r.wait()
	if r.step() != wizard.StepSignIn {
		t.Errorf("after leaving: at %v, want Sign in", r.step())
	}
}

// TestWizardView_authenticationModeAlwaysKeepsAChoice: Space on the chosen mode (a keyboard
// user's toggle) leaves it chosen, at enrolment and in the account window; Space on the other
// chooses it.
func TestWizardView_authenticationModeAlwaysKeepsAChoice(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("dave")
	es := r.view.current.(*enrollScreen)
	options := choiceItems(r.win)
	hit(options[0], fyne.KeySpace) // Space on the chosen option, as the focused one gets it
	if es.mode.Selected == "" || es.chosen != api.ModeTOTP {
		t.Errorf("Space on the chosen mode left %q chosen (%s)", es.mode.Selected, es.chosen)
	}
	hit(options[1], fyne.KeySpace)
	if es.mode.Selected != modeText || es.chosen != api.ModeSMS {
		t.Errorf("Space on Text message: %q chosen (%s)", es.mode.Selected, es.chosen)
	}

	_, _, m := registeredWithoutPIN(t)
	m.m.showEnableTwoStep(true)
	items := choiceItems(m.win)
	if len(items) == 0 {
		t.Fatal("account window: no Authentication Mode options")
	}
	hit(items[0], fyne.KeySpace)
	if items[0].group.Selected == "" {
		t.Error("account window: Space on the chosen mode left none chosen")
	}
}

// choiceItems are the options of the window's choice group, in Tab order.
func choiceItems(w fyne.Window) []*choiceItem {
	var out []*choiceItem
	for _, o := range test.LaidOutObjects(w.Content()) {
		if it, ok := o.(*choiceItem); ok {
			out = append(out, it)
		}
	}
	return out
}

// TestSignIn_enterAndSpaceOnTheFocusedLinkFollowIt: the recovery link answers Enter as well
// as Space when it has the focus.
func TestSignIn_enterAndSpaceOnTheFocusedLinkFollowIt(t *testing.T) {
	for _, key := range []fyne.KeyName{fyne.KeyReturn, fyne.KeySpace} {
		r := newWizardRig(t)
		r.typeInFocused(r.ts.URL)
		r.enter()
		s := r.view.current.(*signInScreen)
		r.win.Canvas().Focus(s.recover)
		hit(s.recover, key)
		if r.step() != wizard.StepRecovery {
			t.Errorf("%s on the focused recovery link: at %v, want Account Recovery", key, r.step())
		}
	}
}

// TestSignIn_wrongPasswordIsClearedAndFocused: after the server refuses the password, the
// password field is empty and focused, the username kept.
func TestSignIn_wrongPasswordIsClearedAndFocused(t *testing.T) {
	r := newWizardRig(t)
	r.typeInFocused(r.ts.URL)
	r.enter()
	r.typeInFocused("alice")
	r.tab()
	r.typeInFocused("wrong")
	r.enter()
	s := r.view.current.(*signInScreen)
	if s.username.Text != "alice" || s.password.Text != "" || r.win.Canvas().Focused() != s.password {
		t.Errorf("after a wrong password: username %q, password emptied %v, focus on password %v",
			s.username.Text, s.password.Text == "", r.win.Canvas().Focused() == s.password)
	}
}

// focusOrder tabs from the first field through n objects and names each as the test sees it.
func focusOrder(w fyne.Window, n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		switch f := w.Canvas().Focused().(type) {
		case *textEntry:
			out = append(out, "entry:"+f.PlaceHolder)
		case *widget.Button:
			out = append(out, f.Text)
		case *button:
			out = append(out, f.Text)
		case nil:
			out = append(out, "nothing")
		default:
			out = append(out, "other")
		}
		w.Canvas().FocusNext()
	}
	return out
}

// TestUnlock_keyboardOnly: the PIN field is focused, Tab goes to Unlock then Sign out, Enter
// in the field unlocks, Esc on Unlock goes nowhere.
func TestUnlock_keyboardOnly(t *testing.T) {
	store, cfg, _ := registeredWithPIN(t)
	r := newMainRig(t, store, cfg)
	u := r.m.unlock
	if u == nil || r.win.Canvas().Focused() != u.pin {
		t.Fatalf("Unlock with the PIN focused: unlock %v, focus on %T", u != nil, r.win.Canvas().Focused())
	}
	if got := strings.Join(focusOrder(r.win, 3), " | "); got != "entry: | Unlock | Sign out and sign in again" {
		t.Errorf("Tab order: %s", got)
	}
	windowKey(r.win, fyne.KeyEscape)
	if r.m.unlock != u {
		t.Fatal("Esc left Unlock")
	}
	r.win.Canvas().Focus(u.pin)
	r.typeAndEnter("204913")
	if r.m.account == nil {
		t.Errorf("Enter with the right PIN: no account window:\n%s", r.texts())
	}
}

// atAccount says the account window shows the account itself, not one of its sub-pages.
func (r *mainRig) atAccount() bool { return strings.Contains(r.texts(), "\nDevices\n") }

// TestUnlock_signOutSaysWhatRuns: while Unlock's sign-out runs, its busy button says so (not
// "Checking the PIN…"), and a second request is refused aloud in the banner.
func TestUnlock_signOutSaysWhatRuns(t *testing.T) {
	store, cfg, _ := registeredWithPIN(t)
	r := newMainRig(t, store, cfg)
	u := r.m.unlock
	u.signOutNow()
	if u.unlock.Text != "Signing out…" || !u.pin.Disabled() || !u.signOut.Disabled() {
		t.Errorf("while signing out: button %q, PIN off %v, link off %v", u.unlock.Text, u.pin.Disabled(), u.signOut.Disabled())
	}
	windowKey(r.win, fyne.KeyReturn)
	if u.shell.banner.text.Text != "Still working on the last request…" {
		t.Errorf("Enter while signing out: banner %q", u.shell.banner.text.Text)
	}
	r.wait()
	if r.m.wiz == nil {
		t.Errorf("after signing out: not at Sign in:\n%s", r.texts())
	}
}

// TestAccountPages_keyboardOnly: each sub-page focuses its first field, Tabs in reading order,
// submits on Enter and goes back to the account on Esc.
func TestAccountPages_keyboardOnly(t *testing.T) {
	_, _, r := registeredWithoutPIN(t)
	r.m.showSignedIn()
	r.wait()
	pages := []struct {
		name  string
		open  func()
		order string // from the first field, focused when the page opens
	}{
		{"Set PIN", r.m.showSetPIN, "entry: | entry: | Set PIN | Back"},
		{"Enable two-step", func() { r.m.showEnableTwoStep(false) }, "other | entry: | entry: | Submit"}, // opens on the chosen mode
		{"Disable two-step", func() { r.m.showDisableTwoStep(api.ModeTOTP) }, "entry: | entry: | Disable | Back"},
	}
	for _, p := range pages {
		r.wait() // the account's own load, begun by the Esc before: a page opened meanwhile is busy
		p.open()
		if got := strings.Join(focusOrder(r.win, 4), " | "); got != p.order {
			t.Errorf("%s, Tab order: %s, want %s", p.name, got, p.order)
		}
		windowKey(r.win, fyne.KeyEscape)
		if !r.atAccount() {
			t.Fatalf("Esc on %s: no account window:\n%s", p.name, r.texts())
		}
	}

	r.m.showEnableTwoStep(false)
	r.win.Canvas().Unfocus()
	windowKey(r.win, fyne.KeyReturn) // empty passwords: the server says so, the page stays
	r.wait()
	if r.atAccount() || !strings.Contains(r.texts(), "Enable Two-Step Authentication") {
		t.Fatalf("Enter on Enable two-step left the page:\n%s", r.texts())
	}
	r.m.showSetPIN()
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	if !r.atAccount() || !strings.Contains(r.texts(), "Your PIN is set.") {
		t.Fatalf("Enter on Set PIN:\n%s", r.texts())
	}
}
