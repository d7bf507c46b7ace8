package ui

import (
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/wizard"
)

// TestRecovery_neutralAnswerIsShortAndSaysWhatNext: a wrong and a right Backup key get the
// same answer (no account enumeration), and a first-time-user test found that answer five
// lines long and no help in telling whether it worked, though the right key does send an
// email. The answer says in a few words how to tell (the email), in the product help's
// words, and leaves Sign in in view at 800x600.
func TestRecovery_neutralAnswerIsShortAndSaysWhatNext(t *testing.T) {
	var answers []string
	for _, key := range []string{"AAAA-AAAA-AAAA-AAAA", "C4R0-5M5K-EY00-0001"} { // wrong, then carol's
		r := newWizardRig(t)
		r.signIn("carol")
		r.view.openRecovery()
		r.wait()
		if r.step() != wizard.StepRecovery {
			t.Fatalf("at %v", r.step())
		}
		r.typeInFocused("carol@acme.test")
		r.tab()
		r.typeInFocused(key)
		r.enter()
		if r.step() != wizard.StepSignIn {
			t.Fatalf("after recovery: at %v (%s)", r.step(), r.view.msg.Text)
		}
		answers = append(answers, r.view.msg.Text)
		s := r.view.current.(*signInScreen)
		if !inView(r.win, r.win.Content(), s.signIn.box) {
			t.Errorf("with the answer in the banner, Sign in is out of sight at 800x600")
		}
	}
	if answers[0] != answers[1] {
		t.Errorf("a wrong and a right Backup key are answered differently:\n%q\n%q", answers[0], answers[1])
	}
	a := answers[0]
	if n := len(strings.Fields(a)); n > 30 {
		t.Errorf("the answer is %d words long, want at most 30: %q", n, a)
	}
	for _, want := range []string{"Backup key", "email", "Sign in"} {
		if !strings.Contains(a, want) {
			t.Errorf("the answer %q does not say %q", a, want)
		}
	}
}
