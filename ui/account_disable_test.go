package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/client/mockserver"
)

// boldLabel says whether a visible label reads exactly text and is bold.
func (r *mainRig) boldLabel(text string) bool {
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && l.Text == text && l.TextStyle.Bold {
			return true
		}
	}
	return false
}

// Disable with empty fields is caught on the page, before the destructive question and the
// server: a user test saw the question first, then the server's "The username or password is
// incorrect" on a page without a username. Each empty field says so under itself, the focus
// goes to the first of them, and an error goes once its field is filled in. The labels are
// bold as on every other form, and the code's says it takes the Backup key too.
func TestDisableTwoStep_emptyFieldsAreCaughtOnThePage(t *testing.T) {
	r := signedInAs(t, "bob", loginBob)
	test.Tap(r.button("Disable two-step authentication"))
	if !r.boldLabel("Current Password") || !r.boldLabel("Authentication Code or Backup key") {
		t.Errorf("want bold labels Current Password and Authentication Code or Backup key:\n%s", r.texts())
	}
	c := r.win.Canvas()
	current := r.focusedEntry()
	current.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if confirmationOn(r.win) != nil {
		t.Fatal("empty fields: the destructive question opened")
	}
	if !strings.Contains(r.texts(), "Current Password\nEnter your current password.") ||
		!strings.Contains(r.texts(), "Authentication Code or Backup key\nEnter a code from your authenticator app or your Backup key.") {
		t.Errorf("empty fields: want an error under each:\n%s", r.texts())
	}
	if c.Focused() != fyne.Focusable(current) {
		t.Errorf("empty fields: focus on %T, want Current Password", c.Focused())
	}
	test.Type(current, mockserver.DemoPassword)
	if r.visibleText("Enter your current password.") {
		t.Errorf("the password's error stays once it is typed:\n%s", r.texts())
	}
	test.Tap(r.button("Disable"))
	if confirmationOn(r.win) != nil {
		t.Fatal("an empty code: the destructive question opened")
	}
	if _, ok := c.Focused().(*textEntry); !ok || c.Focused() == fyne.Focusable(current) {
		t.Errorf("an empty code: focus on %T, want the code", c.Focused())
	}
	test.Type(r.focusedEntry(), "123456")
	if r.visibleText("Enter a code from your authenticator app") {
		t.Errorf("the code's error stays once it is typed:\n%s", r.texts())
	}
}

// A wrong Current Password on the Disable page is called that, under the field, not sign-in's
// "username or password"; it goes once the password is typed again.
func TestDisableTwoStep_wrongPasswordIsTheCurrentPassword(t *testing.T) {
	r := signedInAs(t, "bob", loginBob)
	test.Tap(r.button("Disable two-step authentication"))
	test.Type(r.focusedEntry(), "not the password")
	r.win.Canvas().FocusNext()
	test.Type(r.focusedEntry(), appCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")())
	r.focusedEntry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Tap(r.topButton("Disable"))
	r.wait()
	texts := r.texts()
	if strings.Contains(texts, "username") || !strings.Contains(texts, "Current Password\nThe Current Password is incorrect.") {
		t.Fatalf("after a wrong password:\n%s", texts)
	}
	test.Type(r.focusedEntry(), "x")
	if r.visibleText("The Current Password is incorrect.") {
		t.Errorf("the error stays once the password is typed again:\n%s", r.texts())
	}
}
