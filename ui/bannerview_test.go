package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp/totp"
)

// A page's banner is in view whenever it is set: at 800x600 a user test set a PIN and saw no
// "Your PIN is set", the Security card's banner below the window's edge.
func TestBanner_setIsScrolledIntoViewAt800x600(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	r.win.Resize(fyne.NewSize(800, 600))
	test.Tap(r.button("Set a PIN"))
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	frame(r.win.Content())
	if b := r.m.account.security; !b.box.Visible() || !inView(r.win, r.win.Content(), b.box) {
		t.Errorf("at 800x600 the banner %q is out of view", b.text.Text)
	}
}

// A wrong code typed at the foot of the account's confirmation page is said under the code
// field (as in the wizard), and those words are in view at 800x600, not below the edge.
func TestBanner_subPageCodeErrorIsInViewAt800x600(t *testing.T) {
	r, secret := atSettingsConfirm(t)
	r.win.Resize(fyne.NewSize(800, 600))
	r.tick("I have saved my Backup key")
	wrong, _ := totp.GenerateCode(secret, time.Now().Add(-time.Hour))
	test.Type(r.codeField(), wrong) // the sixth digit submits
	r.wait()
	frame(r.win.Content())
	var said *widget.Label
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Importance == widget.DangerImportance && l.Visible() && l.Text != "" {
			said = l
		}
	}
	if said == nil {
		t.Fatalf("a wrong code on the account's confirmation page said nothing in red; on screen:\n%s", r.texts())
	}
	if !inView(r.win, r.win.Content(), said) {
		t.Errorf("at 800x600 the wrong code's words %q are out of view", said.Text)
	}
}

// tick ticks the check box labelled text.
func (r *mainRig) tick(text string) {
	r.t.Helper()
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if c, ok := o.(*checkBox); ok && c.Text == text {
			test.Tap(c)
			return
		}
	}
	r.t.Fatalf("no %q check box", text)
}
