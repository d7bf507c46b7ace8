package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/api"
)

// confirmAt is the wizard's Confirm two-step authentication page in a window of this size.
func confirmAt(t *testing.T, size fyne.Size) (fyne.Window, *confirmScreen) {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	flow := flowAt(func(f *wizard.Flow) { f.Mode, f.Enrollment = api.ModeTOTP, fixedEnrollment },
		wizard.StepServer, wizard.StepSignIn, wizard.StepEnroll, wizard.StepEnrollConfirm)
	v := newWizardView(win, flow, nil)
	v.display(v.screenFor(flow.Step()))
	win.SetContent(inMain(v.content()))
	win.Resize(size)
	return win, v.current.(*confirmScreen)
}

// Opening a fold brings what it opened into view: a user test opened "Can't scan? Show the
// secret key" and About and saw nothing change, their content below the window's edge.
func TestFold_openingRevealsTheContent(t *testing.T) {
	win, cs := confirmAt(t, fyne.NewSize(800, 600))
	win.Canvas().Focus(cs.secretFold.button)
	pressSpace(win.Canvas())
	if !cs.secretFold.isOpen() {
		t.Fatal("Space did not open the fold")
	}
	if !inView(win, win.Content(), cs.secretFold.content) {
		t.Error("the secret key opened out of sight")
	}

	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.win.Resize(fyne.NewSize(800, 600))
	r.m.showSignedIn()
	r.wait()
	a := r.m.account.about
	r.win.Canvas().Focus(a.button)
	a.button.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !a.isOpen() {
		t.Fatal("Enter did not open About")
	}
	if !inView(r.win, r.win.Content(), a.content) {
		t.Error("About opened out of sight")
	}
}

// keyOf is a key as a label shows it, in groups and lines, put back together.
func keyOf(shown string) string { return strings.Join(strings.Fields(shown), "") }

// linesOf are the lines a label draws.
func linesOf(l *widget.Label) []string {
	var lines []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *canvas.Text:
			if strings.TrimSpace(x.Text) != "" {
				lines = append(lines, x.Text)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(x).Objects() {
				walk(k)
			}
		case *fyne.Container:
			for _, k := range x.Objects {
				walk(k)
			}
		}
	}
	walk(l)
	return lines
}

// The secret key is drawn in whole groups of four, in lines of equal groups: a user test saw
// the last group alone on a line of its own ("… U7SO ZTBK" / "3NWX").
func TestConfirm_secretKeyKeepsItsGroupsWhole(t *testing.T) {
	for _, w := range []float32{800, 560, 420} {
		win, cs := confirmAt(t, fyne.NewSize(w, 600))
		win.Canvas().Focus(cs.secretFold.button)
		pressSpace(win.Canvas())
		lines := linesOf(cs.secret)
		if got := strings.ReplaceAll(strings.Join(lines, ""), " ", ""); got != fixedEnrollment.Secret {
			t.Fatalf("at %v wide the secret key reads %q, want %q", w, got, fixedEnrollment.Secret)
		}
		per := -1
		for _, line := range lines {
			g := strings.Fields(line)
			for _, x := range g {
				if len(x) != 4 {
					t.Errorf("at %v wide a group is cut: %q in %q", w, x, lines)
				}
			}
			if per >= 0 && len(g) != per {
				t.Errorf("at %v wide the lines hold unequal groups: %q", w, lines)
			}
			per = len(g)
		}
	}
}
