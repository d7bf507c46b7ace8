package ui

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// inside says whether o is among the objects laid out under root.
func inside(root, o fyne.CanvasObject) bool {
	for _, c := range test.LaidOutObjects(root) {
		if c == o {
			return true
		}
	}
	return false
}

// saidIn finds the visible label that starts with text and returns the title of the account
// window's card it stands in and the colour of the banner around it ("" when it is bare).
func (r *mainRig) saidIn(text string) (card string, colour fyne.ThemeColorName) {
	r.t.Helper()
	objs := test.LaidOutObjects(r.win.Content())
	var said *widget.Label
	for _, o := range objs {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.HasPrefix(l.Text, text) {
			said = l
		}
	}
	if said == nil {
		r.t.Fatalf("%q is not said:\n%s", text, r.texts())
	}
	for _, o := range objs {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) < 2 || !inside(c, said) {
			continue
		}
		p, ok := c.Objects[0].(*panel)
		switch {
		case !ok:
		case p.radius == 10: // a card: its title is its first bold label
			for _, t := range test.LaidOutObjects(c) {
				if l, ok := t.(*widget.Label); ok && l.TextStyle.Bold {
					card = l.Text
					break
				}
			}
		case p.alpha == 0x22: // a banner
			colour = p.fill
		}
	}
	return card, colour
}

// wantSaid fails unless text is said in the card titled card, in a banner of colour.
func (r *mainRig) wantSaid(text, card string, colour fyne.ThemeColorName) {
	r.t.Helper()
	if gotCard, gotColour := r.saidIn(text); gotCard != card || gotColour != colour {
		r.t.Errorf("%q is said in the %q card in a %q banner, want the %q card in a %q one", text, gotCard, gotColour, card, colour)
	}
}

// What the PIN pages and Remove PIN report is said in the Security card they were opened from,
// as a success, not in the Account card under the two-step button (a user test).
func TestAccount_PINMessagesAreSaidInTheSecurityCard(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	test.Tap(r.button("Set a PIN"))
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	r.wantSaid("Your PIN is set.", "Security", theme.ColorNameSuccess)

	test.Tap(r.button("Change PIN"))
	r.changePIN("204913", "482916")
	r.wantSaid("Your PIN is changed.", "Security", theme.ColorNameSuccess)

	test.Tap(r.button("Remove PIN"))
	r.removePIN("482916")
	r.wantSaid("The PIN was removed.", "Security", theme.ColorNameSuccess)
}

// A revoked device is reported in the Devices card, where its row was.
func TestAccount_revokeIsSaidInTheDevicesCard(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	loginAlice(t, r.ts.URL) // a second device of alice's, "laptop"
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "this one", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.button("Revoke"))
	test.Tap(r.topButton("Revoke"))
	r.wait()
	r.wantSaid("\"laptop\" was revoked.", "Devices", theme.ColorNameSuccess)
}

// shown says whether a label starting with text is in view: it and everything around it visible.
func (r *mainRig) shown(text string) bool {
	objs := test.LaidOutObjects(r.win.Content())
	for _, o := range objs {
		l, ok := o.(*widget.Label)
		if !ok || !strings.HasPrefix(l.Text, text) || !l.Visible() {
			continue
		}
		visible := true
		for _, c := range objs {
			if k, ok := c.(*fyne.Container); ok && !k.Visible() && inside(k, l) {
				visible = false
			}
		}
		if visible {
			return true
		}
	}
	return false
}

// Without a PIN there is nothing to lock: "Lock after" is offered once a PIN is set (a user
// test saw "Lock after 15 minutes" for alice, who has none).
func TestAccount_lockAfterOnlyWithAPIN(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	if r.shown("Lock after") {
		t.Errorf("Lock after is offered without a PIN:\n%s", r.texts())
	}
	test.Tap(r.button("Set a PIN"))
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	if !r.shown("Lock after") {
		t.Errorf("Lock after is not offered with a PIN:\n%s", r.texts())
	}
}

// Where Disable two-step authentication and Remove PIN would be, a person whose organization
// requires both is told why they are not there (a user test saw them missing without a word).
func TestAccount_saysWhatTheOrganizationRequires(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if err := finish(r.sess, context.Background(), r.ts.URL, "erin", "this one", loginErin(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	if err := r.sess.CompletePIN(context.Background(), "204913", "204913"); err != nil { // Globex requires it
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	if card, _ := r.saidIn("Globex requires two-step authentication."); card != "Account" {
		t.Errorf("the two-step requirement is said in the %q card, want Account", card)
	}
	if card, _ := r.saidIn("Globex requires a PIN."); card != "Security" {
		t.Errorf("the PIN requirement is said in the %q card, want Security", card)
	}
}

// (Two-step authentication turned off is a security downgrade: said as information with the
// way back, not in green with a tick, a user test.)
// The Disable page speaks to the person's own mode: the server cannot text a code for it, so a
// text-message user is told plainly to enter the Backup key, the field is named so, and that
// works (a user test saw the authenticator app's words first, with text messages as an aside).
func TestDisableTwoStep_textMessageUserIsAskedForTheBackupKey(t *testing.T) {
	r := signedInAs(t, "carol", loginCarol)
	test.Tap(r.button("Disable two-step authentication"))
	texts := r.texts()
	if strings.Contains(texts, "authenticator app") || !strings.Contains(texts, "enter your password and your Backup key") ||
		!strings.Contains(texts, "\nBackup key\n") {
		t.Errorf("the Disable page for a text-message user:\n%s", texts)
	}
	r.disableWith("C4R0-5M5K-EY00-0001")
	r.wantSaid("Two-step authentication is off. You can turn it on again here.", "Account", theme.ColorNamePrimary)
}

// An authenticator app user is asked for a code from the app, the Backup key as the way out.
func TestDisableTwoStep_authenticatorUserIsAskedForACode(t *testing.T) {
	r := signedInAs(t, "bob", loginBob)
	test.Tap(r.button("Disable two-step authentication"))
	if texts := r.texts(); !strings.Contains(texts, "a code from your authenticator app") || strings.Contains(texts, "text message") ||
		!strings.Contains(texts, "\nAuthentication Code or Backup key\n") {
		t.Errorf("the Disable page for an authenticator app user:\n%s", texts)
	}
}

// A wrong Backup key on a text-message user's Disable page is called a Backup key, not an
// authentication code (the server answers "invalid code" for both).
func TestDisableTwoStep_wrongBackupKeyIsCalledSo(t *testing.T) {
	r := signedInAs(t, "carol", loginCarol)
	test.Tap(r.button("Disable two-step authentication"))
	r.disableWith("AAAA-AAAA-AAAA-AAAA")
	if texts := r.texts(); !strings.Contains(texts, "That Backup key is incorrect.") || strings.Contains(texts, "authentication code is incorrect") {
		t.Errorf("after a wrong Backup key:\n%s", texts)
	}
}

// loginWith signs user in on server with the second step's code that code gives.
func loginWith(t *testing.T, server, user string, code func() string) api.Tokens {
	t.Helper()
	c, err := client.New(server)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Login(context.Background(), api.LoginRequest{Username: user, Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "laptop"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if r, err = c.Verify(context.Background(), r.Challenge, code(), ""); err != nil {
		t.Fatal(err)
	}
	return r.Tokens()
}

// appCode is the authenticator app's code now for secret.
func appCode(secret string) func() string {
	return func() string {
		code, _ := totp.GenerateCode(secret, time.Now())
		return code
	}
}

// loginErin signs erin (Globex: two-step and a PIN required, an authenticator app) in.
func loginErin(t *testing.T, server string) api.Tokens {
	return loginWith(t, server, "erin", appCode("MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"))
}

// loginBob signs bob (Acme, authenticator app) in.
func loginBob(t *testing.T, server string) api.Tokens {
	return loginWith(t, server, "bob", appCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"))
}

// loginCarol signs carol (Acme, text messages, Backup key C4R0-5M5K-EY00-0001) in with the
// code the mock server texted her.
func loginCarol(t *testing.T, server string) api.Tokens {
	return loginWith(t, server, "carol", func() string {
		resp, err := http.Get(server + "/dev/outbox?to=" + url.QueryEscape("+12025550143"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var msgs []mockserver.Message
		if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil || len(msgs) == 0 {
			t.Fatalf("carol's texts: %v, %d", err, len(msgs))
		}
		return msgs[len(msgs)-1].Code
	})
}

// signedInAs is a main window at the account of user, registered with the tokens login gave.
func signedInAs(t *testing.T, user string, login func(*testing.T, string) api.Tokens) *mainRig {
	t.Helper()
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if err := finish(r.sess, context.Background(), r.ts.URL, user, "this one", login(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	return r
}

// disableWith fills the Disable page with the demo password and second, then confirms.
func (r *mainRig) disableWith(second string) {
	r.t.Helper()
	test.Type(r.focusedEntry(), mockserver.DemoPassword)
	r.win.Canvas().FocusNext()
	test.Type(r.focusedEntry(), second)
	r.focusedEntry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Tap(r.topButton("Disable"))
	r.wait()
}
