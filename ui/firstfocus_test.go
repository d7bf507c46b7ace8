package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/wizard"
)

// Every wizard screen names a first control, which has the focus when the screen opens, so
// the keyboard starts in the form: a user test saw nothing focused on Dave's Enable Two-Step
// Authentication, and the first Tab went to Back.
func TestScreens_everyWizardStepHasAFirstControl(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			v, ok := fixtureViews.Load(win)
			if !ok {
				t.Skip("not a wizard step")
			}
			first := v.(*wizardView).first()
			if first == nil {
				t.Fatal("the step names no first control: nothing has the focus when it opens")
			}
			order := tabOrder(win)
			for _, o := range order {
				if o == first {
					if textOf(o) == "Back" {
						t.Error("the first control is Back, not one of the form")
					}
					return
				}
			}
			t.Errorf("the first control (%T %q) is not one Tab reaches", first, textOf(first))
		})
	}
}

// Dave's Enable Two-Step Authentication opens with the focus on the chosen Authentication
// Mode, so that the first Tab goes on to Submit.
func TestEnroll_opensWithTheFocusOnTheChosenMode(t *testing.T) {
	r := daveAtEnroll(t)
	it, ok := r.win.Canvas().Focused().(*choiceItem)
	if !ok || it.label != it.group.Selected {
		t.Errorf("the screen opens with the focus on %T %q, want the chosen Authentication Mode", r.win.Canvas().Focused(), textOf(r.win.Canvas().Focused()))
	}
}

// Enter on the focused option submits the step, as Enter does from anywhere in a form: the
// step now opens with the focus there, and Enter only chose the option again.
func TestEnroll_enterOnTheFocusedModeSubmits(t *testing.T) {
	r := daveAtEnroll(t)
	f, ok := r.win.Canvas().Focused().(*choiceItem)
	if !ok {
		t.Fatalf("the focus is on %T, want an Authentication Mode option", r.win.Canvas().Focused())
	}
	hit(f, fyne.KeyReturn)
	r.wait()
	if r.step() != wizard.StepEnrollConfirm {
		t.Errorf("Enter on the chosen mode: at %v, want Confirm two-step authentication (%s)", r.step(), r.view.msg.Text)
	}
}
