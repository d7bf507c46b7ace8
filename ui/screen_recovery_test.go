package ui

import (
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/wizard"
)

// TestRecovery_neutralAnswerSaysWhatToDoIfItDidNotWork: the first-time-user test found that a
// wrong and a right Backup key get the same answer and nothing says what to do when it did not
// work. The answer stays the same (no account enumeration) and says how to tell, and what next.
func TestRecovery_neutralAnswerSaysWhatToDoIfItDidNotWork(t *testing.T) {
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
	}
	if answers[0] != answers[1] {
		t.Errorf("a wrong and a right Backup key are answered differently:\n%q\n%q", answers[0], answers[1])
	}
	want := "If you are still asked for a code at sign-in, the email or Backup key did not match: try again or contact your administrator."
	if !strings.Contains(answers[0], want) {
		t.Errorf("the answer %q does not say what to do if it did not work", answers[0])
	}
}
