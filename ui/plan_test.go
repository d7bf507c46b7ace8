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

// The plan line tells what is still to come, not what the screen already asks: a first-time
// user read "Have your phone ready." on the Authentication Code step, which needs the phone
// then and there, and "This is the last step." above Set up PIN's explanation while the step
// indicator said "Step 3 of 3".
func TestPlanText_saysNothingTheStepAlreadySays(t *testing.T) {
	s, in, code, pin := wizard.StepServer, wizard.StepSignIn, wizard.StepCode, wizard.StepPINSetup
	for _, c := range []struct {
		name       string
		flow       *wizard.Flow
		step, plan string
	}{
		{
			"the code step, a PIN to come", wizard.At(s, in, code).WithPolicy(api.Policy{Organization: "Acme", RequirePIN: true}),
			"Step 3 of 4", "Acme requires a PIN: this step and 1 more (PIN).",
		},
		{
			"Set up PIN, the last step", wizard.At(s, in, code, pin).WithPolicy(api.Policy{Organization: "Acme", RequirePIN: true}),
			"Step 4 of 4", "",
		},
	} {
		p := c.flow.Plan()
		if got := stepText(p); got != c.step {
			t.Errorf("%s: step: got %q, want %q", c.name, got, c.step)
		}
		if got := planText(p); got != c.plan {
			t.Errorf("%s: plan: got %q, want %q", c.name, got, c.plan)
		}
	}
}
