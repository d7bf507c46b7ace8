package wizard

import "github.com/x360sync/desktop/client/api"

// Plan is the path of this run of the wizard as far as the server's answers tell it, for the
// front end to draw ("Step 3 of 5", what is left). It is data only: the flow's moves decide it.
type Plan struct {
	// Steps is the path in order: the steps done, the current one, and the ones the answers so
	// far already call for, ending at StepDone. Account Recovery is a detour, never in it.
	Steps []Step
	// Current is the index of the current step in Steps; on a detour, of the step it leaves
	// from (where Back returns).
	Current int
	// Number is the current step's place in the path, counted from 1 (Done is not a step),
	// and 0 on a detour; Total is the number of steps known so far, the least there will be
	// while Open. A front end shows "Step Number of Total", so numbers never go backwards.
	Number, Total int
	// Detour says the current screen is a side trip off the path (Account Recovery), which
	// has no number of its own: it is not in Steps.
	Detour bool
	// Open says the path may still grow: the server has not said everything that decides it
	// (whether a code is asked, whether the organisation requires a PIN; the PIN policy comes
	// with the registration, or with a challenge when the server sends it there).
	Open bool
	// Organization and RequirePIN are the organization's policy as the server has told it
	// (Organization "" when it has not).
	Organization string
	RequirePIN   bool
}

// Remaining is the steps after the current one.
func (p Plan) Remaining() []Step { return p.Steps[p.Current+1:] }

// Plan is the path as known now. On Account Recovery it is the path of the step the detour
// leaves from, which Back returns to.
func (f *Flow) Plan() Plan {
	if f.step == StepRecovery && len(f.prev) > 0 {
		p := f.planAt(f.prev[:len(f.prev)-1], f.prev[len(f.prev)-1])
		p.Detour, p.Number = true, 0
		return p
	}
	return f.planAt(f.prev, f.step)
}

// planAt is the plan standing at step, having come through prev.
func (f *Flow) planAt(prev []Step, step Step) Plan {
	steps := append(append([]Step(nil), prev...), step)
	p := Plan{Current: len(steps) - 1, Organization: f.Organization, RequirePIN: f.RequirePIN}
	pinStep := func(steps []Step) []Step { // the PIN step, once the policy says so
		if f.policyKnown && f.RequirePIN {
			steps = append(steps, StepPINSetup)
		}
		return append(steps, StepDone)
	}
	switch step {
	case StepServer:
		steps, p.Open = append(steps, StepSignIn, StepDone), true
	case StepSignIn:
		steps, p.Open = append(steps, StepDone), true
	case StepCode, StepEnrollConfirm:
		steps, p.Open = pinStep(steps), !f.policyKnown
	case StepEnroll:
		steps, p.Open = pinStep(append(steps, StepEnrollConfirm)), !f.policyKnown
	case StepPINSetup:
		steps = append(steps, StepDone)
	}
	p.Steps = steps
	p.Number, p.Total = p.Current+1, len(steps)-1 // Done is the finish, not a step
	if step == StepDone {
		p.Number = 0
	}
	return p
}

// CanGoBack says whether Back goes anywhere from here (not from the first step nor from Done).
func (f *Flow) CanGoBack() bool { return f.step != StepDone && len(f.prev) > 0 }

// WithPolicy is f as if a challenge had brought p, for a fixture made with At.
func (f *Flow) WithPolicy(p api.Policy) *Flow {
	f.notePolicy(&p)
	return f
}

// At returns a Flow standing at the last step of path, having come through the ones before
// it, with no server behind it: front ends draw their screens from it in markup and
// screenshot tests. Its events fail (there is no server); Back and Plan work.
func At(path ...Step) *Flow {
	f := &Flow{}
	if len(path) > 0 {
		f.prev, f.step = append([]Step(nil), path[:len(path)-1]...), path[len(path)-1]
	}
	return f
}
