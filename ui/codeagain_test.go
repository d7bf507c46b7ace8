package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/mockserver"
)

// TestCodeScreen_signingInAgainSaysTheTextAlreadySentStillCounts: Esc on carol's code step
// and signing in again texts no second code (the server takes up the live one), so the
// screen must not claim "We sent a text message": it says the code already sent still
// works, and where Resend is for.
func TestCodeScreen_signingInAgainSaysTheTextAlreadySentStillCounts(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("carol")
	if r.step() != wizard.StepCode {
		t.Fatalf("at %v (%s)", r.step(), r.view.msg.Text)
	}
	first := r.view.current.(*codeScreen).prompt.Text
	r.win.Canvas().(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if r.step() != wizard.StepSignIn {
		t.Fatalf("Esc at the code: at %v, want Sign in", r.step())
	}
	r.typeInFocused(mockserver.DemoPassword)
	r.enter()
	if r.step() != wizard.StepCode {
		t.Fatalf("signed in again: at %v (%s)", r.step(), r.view.msg.Text)
	}
	if n := len(r.textsTo("+12025550143")); n != 1 {
		t.Fatalf("%d texts to carol, want the 1 first sent", n)
	}
	again := r.view.current.(*codeScreen).prompt.Text
	if again == first || strings.Contains(again, "We sent a text message") ||
		!strings.Contains(again, "+1 ••• ••• 0143") || !strings.Contains(again, "still valid") || !strings.Contains(again, "Resend") {
		t.Errorf("signed in again, the code step says %q (first time %q); want the text already sent to +1 ••• ••• 0143, still valid, and Resend named", again, first)
	}
}
