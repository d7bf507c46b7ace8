package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
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

// A sub-page's banner, under its title, comes into view when set from the page's foot: a
// wrong code typed at the bottom of the confirmation page.
func TestBanner_subPageBannerIsScrolledIntoViewAt800x600(t *testing.T) {
	r, secret := atSettingsConfirm(t)
	r.win.Resize(fyne.NewSize(800, 600))
	r.tick("I have saved my Backup key")
	wrong, _ := totp.GenerateCode(secret, time.Now().Add(-time.Hour))
	test.Type(r.codeField(), wrong) // the sixth digit submits
	r.wait()
	frame(r.win.Content())
	f := r.m.current.(*settingsForm)
	if !f.banner.box.Visible() || !inView(r.win, r.win.Content(), f.banner.box) {
		t.Errorf("at 800x600 the page's banner %q is out of view", f.banner.text.Text)
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
