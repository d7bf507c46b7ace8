package ui

import (
	"testing"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/api"
)

// TestStepText_consistent: the first-time-user test saw Account Recovery as "Step 3 / Next:
// Sign in", then Sign in as "Step 2". Account Recovery is a side trip without a number. A step
// names the total once the server has told it ("Step 3 of 5"), and until then its number
// alone: "Step 2 of 2 or more" read awkwardly (a later first-time-user test).
func TestStepText_consistent(t *testing.T) {
	s, in, rec, code, enr := wizard.StepServer, wizard.StepSignIn, wizard.StepRecovery, wizard.StepCode, wizard.StepEnroll
	for _, c := range []struct {
		name       string
		flow       *wizard.Flow
		step, plan string
	}{
		{"server", wizard.At(s), "Step 1", "Next: Sign in."},
		{"sign in", wizard.At(s, in), "Step 2", ""},
		{"recovery from sign in", wizard.At(s, in, rec), "", "After Account Recovery you sign in again."},
		{"recovery from the code", wizard.At(s, in, code, rec), "", "After Account Recovery you sign in again."},
		{"dave's enrolment", wizard.At(s, in, enr).WithPolicy(api.Policy{Organization: "Globex", RequirePIN: true}), "Step 3 of 5", ""},
	} {
		p := c.flow.Plan()
		if got := stepText(p); got != c.step {
			t.Errorf("%s: step: got %q, want %q", c.name, got, c.step)
		}
		if got := planText(p); c.plan != "" && got != c.plan {
			t.Errorf("%s: plan: got %q, want %q", c.name, got, c.plan)
		}
	}
}
