package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// While a confirmation is up its keys are its own, even with no focus: a click on its
// backdrop or its text drops the focus (Fyne unfocuses on a click on anything that cannot be
// focused), and Esc and Enter then went to the screen underneath (the security review's
// finding 1: Esc behind "Disable two-step authentication?" left the form for the account,
// the question still up with a live Disable). A new screen takes the question down.
func TestConfirmation_keysStayWithTheQuestion(t *testing.T) {
	_, _, r := registeredWithoutPIN(t)
	r.m.showSignedIn()
	r.wait()
	r.m.showDisableTwoStep(api.ModeTOTP)
	c := r.win.Canvas()
	test.Type(r.focusedEntry(), mockserver.DemoPassword)
	c.FocusNext()
	test.Type(r.focusedEntry(), "123456")
	windowKey(r.win, fyne.KeyReturn) // submit: the question opens
	q := confirmationOn(r.win)
	if q == nil {
		t.Fatal("no confirmation")
	}

	c.Unfocus() // a click on the backdrop or the card's text
	windowKey(r.win, fyne.KeyReturn)
	if r.atAccount() || confirmationOn(r.win) != q || len(c.Overlays().List()) != 1 || c.Focused() != q.cancel {
		t.Errorf("Enter with no focus: at the account %v, %d overlays, focus on %T; want the question with Cancel focused",
			r.atAccount(), len(c.Overlays().List()), c.Focused())
	}

	c.Unfocus()
	for _, o := range test.LaidOutObjects(q.overlay) {
		if b, ok := o.(*backdrop); ok {
			test.Tap(b)
		}
	}
	if c.Focused() != q.cancel {
		t.Errorf("a click on the backdrop left the focus on %T, want Cancel", c.Focused())
	}

	c.Unfocus()
	windowKey(r.win, fyne.KeyEscape)
	if r.atAccount() || confirmationOn(r.win) != nil || len(c.Overlays().List()) != 0 {
		t.Errorf("Esc with no focus: at the account %v, question up %v; want the form, without the question",
			r.atAccount(), confirmationOn(r.win) != nil)
	}

	windowKey(r.win, fyne.KeyReturn) // asks again
	if confirmationOn(r.win) == nil {
		t.Fatal("no confirmation the second time")
	}
	r.m.showSignedIn() // the screen changes under it (a sign-out from the tray, the server)
	if len(c.Overlays().List()) != 0 || confirmationOn(r.win) != nil {
		t.Errorf("the question outlived its screen: %d overlays, still on %v", len(c.Overlays().List()), confirmationOn(r.win) != nil)
	}
}
