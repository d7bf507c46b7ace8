package wizard

import (
	"context"
	"testing"
)

// planString is a plan as "Server SignIn [Enroll] EnrollConfirm Done…": the current step in
// brackets, "…" when the path may still grow.
func planString(p Plan) string {
	s := ""
	for i, st := range p.Steps {
		if i > 0 {
			s += " "
		}
		if i == p.Current {
			s += "[" + st.String() + "]"
		} else {
			s += st.String()
		}
	}
	if p.Open {
		s += "…"
	}
	return s
}

// TestFlow_Plan_followsTheServersAnswers: dave (Globex: forced enrolment, then a PIN) sees the
// path grow as the server answers, and the steps done stay in it.
func TestFlow_Plan_followsTheServersAnswers(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	check := func(want string) {
		t.Helper()
		if got := planString(h.flow.Plan()); got != want {
			t.Errorf("plan: got %s, want %s", got, want)
		}
	}
	check("[Server] SignIn Done…")
	h.must(h.flow.SubmitServer(ctx, h.ts.URL))
	check("Server [SignIn] Done…")
	h.must(h.flow.SubmitSignIn(ctx, "dave", password, "Test laptop"))
	// The challenge brings the organization's policy: the path is known from here on.
	check("Server SignIn [Enroll] EnrollConfirm PINSetup Done")
	if r := h.flow.Plan().Remaining(); len(r) != 3 || r[0] != StepEnrollConfirm {
		t.Errorf("remaining at Enroll: %v", r)
	}
	if p := h.flow.Plan(); p.Organization != "Globex" || !p.RequirePIN {
		t.Errorf("the plan's policy at Enroll: organization %q, PIN required %v", p.Organization, p.RequirePIN)
	}
	h.must(h.flow.ChooseMode(ctx, "totp", ""))
	check("Server SignIn Enroll [EnrollConfirm] PINSetup Done")
	h.must(h.flow.SubmitConfirm(ctx, h.code(h.flow.Enrollment.Secret)))
	check("Server SignIn Enroll EnrollConfirm [PINSetup] Done") // the policy has come: no more steps
	h.must(h.flow.SubmitPIN(ctx, "204913", "204913"))
	check("Server SignIn Enroll EnrollConfirm PINSetup [Done]")
	if h.flow.CanGoBack() {
		t.Error("Back offered at Done")
	}
}

// TestFlow_Plan_recoveryIsADetourBackToSignIn, and Back leaves the first step alone.
func TestFlow_Plan_recoveryIsADetourBackToSignIn(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if h.flow.CanGoBack() {
		t.Error("Back offered at the first step")
	}
	h.must(h.flow.SubmitServer(ctx, h.ts.URL))
	h.must(h.flow.OpenRecovery())
	if got, want := planString(h.flow.Plan()), "Server [SignIn] Done…"; got != want || !h.flow.Plan().Detour {
		t.Errorf("plan: got %s, want %s", got, want)
	}
	if !h.flow.CanGoBack() {
		t.Error("no Back from Account Recovery")
	}
	h.flow.Back()
	if got, want := planString(h.flow.Plan()), "Server [SignIn] Done…"; got != want {
		t.Errorf("after Back: got %s, want %s", got, want)
	}
}

// TestFlow_Plan_bobWithoutPIN: a code and no PIN policy: the plan closes at the code.
func TestFlow_Plan_bobWithoutPIN(t *testing.T) {
	h := newHarness(t)
	h.signIn("bob")
	if got, want := planString(h.flow.Plan()), "Server SignIn [Code] Done"; got != want {
		t.Errorf("plan: got %s, want %s", got, want)
	}
	h.must(h.flow.SubmitCode(context.Background(), h.code(bobSecret)))
	if got, want := planString(h.flow.Plan()), "Server SignIn Code [Done]"; got != want {
		t.Errorf("plan: got %s, want %s", got, want)
	}
}

func TestAt_standsWhereThePathEnds(t *testing.T) {
	f := At(StepServer, StepSignIn, StepCode)
	if f.Step() != StepCode || planString(f.Plan()) != "Server SignIn [Code] Done…" || !f.CanGoBack() {
		t.Errorf("At: step %v plan %s", f.Step(), planString(f.Plan()))
	}
	f.Back()
	if f.Step() != StepSignIn {
		t.Errorf("Back from At's Code: %v", f.Step())
	}
	if At().Step() != StepServer {
		t.Error("At() is not at the first step")
	}
}

// TestFlow_Plan_numbersNeverGoBack: the first-time-user test saw Account Recovery as "Step 3",
// then Sign in as "Step 2", then "Step 3 of 5". Recovery is a side trip (no number); the
// numbers of the path only grow, and a total is given on every step (at least the steps known).
func TestFlow_Plan_numbersNeverGoBack(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	check := func(number, total int, open, detour bool) {
		t.Helper()
		p := h.flow.Plan()
		if p.Number != number || p.Total != total || p.Open != open || p.Detour != detour {
			t.Errorf("at %v: got number %d total %d open %v detour %v, want %d %d %v %v",
				h.flow.Step(), p.Number, p.Total, p.Open, p.Detour, number, total, open, detour)
		}
	}
	check(1, 2, true, false)
	h.must(h.flow.SubmitServer(ctx, h.ts.URL))
	check(2, 2, true, false)
	h.must(h.flow.OpenRecovery())
	check(0, 2, true, true) // a side trip: no number of its own
	if got, want := planString(h.flow.Plan()), "Server [SignIn] Done…"; got != want {
		t.Errorf("plan at Account Recovery: got %s, want %s (the path it returns to)", got, want)
	}
	h.must(h.flow.SubmitRecovery(ctx, "dave@globex.example", "AAAA-BBBB-CCCC-DDDD"))
	check(2, 2, true, false)
	h.must(h.flow.SubmitSignIn(ctx, "dave", password, "Test laptop"))
	check(3, 5, false, false)
}

// TestFlow_Plan_recoveryFromTheCode: opened at the code, Account Recovery keeps the code's
// place in the path (Back returns there) and has no number of its own.
func TestFlow_Plan_recoveryFromTheCode(t *testing.T) {
	h := newHarness(t)
	h.signIn("bob")
	h.must(h.flow.OpenRecovery())
	p := h.flow.Plan()
	if got, want := planString(p), "Server SignIn [Code] Done"; got != want || !p.Detour || p.Number != 0 || p.Total != 3 {
		t.Errorf("plan: got %s detour %v number %d total %d, want %s detour, no number, total 3", got, p.Detour, p.Number, p.Total, want)
	}
}
