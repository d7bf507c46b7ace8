package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/x360sync/desktop/app/wizard"
)

// optionIn is the option of the window's choice with this label, or nil.
func optionIn(w fyne.Window, label string) *choiceItem {
	for _, it := range choiceItems(w) {
		if it.label == label {
			return it
		}
	}
	return nil
}

// spaceKeepsTheFocus reaches the "Text message" option of win's content from the keyboard
// (Down from the option chosen: the one Tab stop of the choice is the option chosen), presses
// Space on it and says whether the focus stayed on it.
func spaceKeepsTheFocus(t *testing.T, win fyne.Window) {
	t.Helper()
	it := optionIn(win, "Text message")
	if it == nil {
		t.Fatal("no Text message option on the screen")
	}
	c := win.Canvas()
	c.Focus(it.group.chosen())
	pressAsTheDriver(c, fyne.KeyDown)
	pressAsTheDriver(c, fyne.KeySpace)
	if it.group.Selected != "Text message" {
		t.Fatalf("Down and Space chose %q, want Text message", it.group.Selected)
	}
	if got := c.Focused(); got != fyne.Focusable(it) {
		t.Errorf("after Space on Text message the focus is on %T %q, want the option", got, textOf(got))
	}
}

// daveAtEnroll is a wizard signed in as dave, whose organization requires two-step
// authentication he does not have: at Enable Two-Step Authentication.
func daveAtEnroll(t *testing.T) *wizardRig {
	t.Helper()
	r := newWizardRig(t)
	r.signIn("dave")
	if r.step() != wizard.StepEnroll {
		t.Fatalf("at %v, want Enable Two-Step Authentication", r.step())
	}
	return r
}

// Space on an Authentication Mode option keeps the focus on it: a user test saw the focus
// go (the phone fields appeared) and the next Tab start again at Back.
func TestEnroll_spaceOnAModeKeepsTheFocus(t *testing.T) {
	r := daveAtEnroll(t)
	spaceKeepsTheFocus(t, r.win)
}

func TestMainView_spaceOnAModeInEnableKeepsTheFocus(t *testing.T) {
	r := aliceEnablingTwoStep(t)
	spaceKeepsTheFocus(t, r.win)
}

// Resend on the code screen says the text went and gives the focus back to the code field:
// a user test saw the focus go nowhere and nothing said a text was sent.
func TestCode_resendSaysSoAndFocusesTheCode(t *testing.T) {
	r := newWizardRig(t)
	r.signIn("carol")
	cs, ok := r.view.current.(*codeScreen)
	if !ok {
		t.Fatalf("at %v, want the code step", r.step())
	}
	r.srv.SetClockOffset(31 * time.Second) // past the server's gap between texts
	cs.resend.Enable()                     // as the end of its 30 s countdown does
	r.win.Canvas().Focus(cs.resend)
	hit(cs.resend, fyne.KeySpace)
	r.wait()
	if got, want := r.view.msg.Text, "We sent another text message."; got != want || r.view.shell.banner.kind != bannerSuccess {
		t.Errorf("after Resend the banner says %q (kind %v), want %q as a success", got, r.view.shell.banner.kind, want)
	}
	if got := r.win.Canvas().Focused(); got != fyne.Focusable(cs.code.textEntry) {
		t.Errorf("after Resend the focus is on %T %q, want the code field", got, textOf(got))
	}
}

// modeIsOneTabStop checks that the Authentication Mode of win is one Tab stop, on the option
// chosen, from either side: a first-time user's Shift+Tab into it landed on "Text message",
// not chosen. The arrows still move between the options (and choose), and an option not
// chosen neither looks nor reads as off.
func modeIsOneTabStop(t *testing.T, win fyne.Window) {
	t.Helper()
	c := win.Canvas()
	app, text := optionIn(win, modeApp), optionIn(win, modeText)
	if app == nil || text == nil {
		t.Fatal("the Authentication Mode does not show both options")
	}
	for _, chosen := range []*choiceItem{app, text} {
		c.Focus(app)
		if chosen == text {
			pressAsTheDriver(c, fyne.KeyDown) // the arrow chooses Text message, as before
		}
		if c.Focused() != fyne.Focusable(chosen) || chosen.group.Selected != chosen.label {
			t.Fatalf("the focus is on %T %q with %q chosen, want %q focused and chosen", c.Focused(), textOf(c.Focused()), chosen.group.Selected, chosen.label)
		}
		c.FocusNext()
		after := c.Focused()
		if it, ok := after.(*choiceItem); ok {
			t.Errorf("with %q chosen, Tab from it went to the option %q: the group is more than one Tab stop", chosen.label, it.label)
		}
		c.FocusPrevious()
		if got := c.Focused(); got != fyne.Focusable(chosen) {
			t.Errorf("with %q chosen, Shift+Tab into the options landed on %T %q, want the option chosen", chosen.label, got, textOf(got))
		}
		c.FocusPrevious()
		c.FocusNext()
		if got := c.Focused(); got != fyne.Focusable(chosen) {
			t.Errorf("with %q chosen, Tab into the options landed on %T %q, want the option chosen", chosen.label, got, textOf(got))
		}
	}
	for _, it := range []*choiceItem{app, text} {
		if it.Button.Disabled() {
			t.Errorf("the option %q is drawn off", it.label)
		}
	}
	if got, want := app.AccessibilityLabel(), "Authentication Mode: "+modeApp+", not chosen"; got != want {
		t.Errorf("the option not chosen reads %q, want %q", got, want)
	}
}

func TestEnroll_theModeIsOneTabStopOnTheChosenOption(t *testing.T) {
	r := daveAtEnroll(t)
	modeIsOneTabStop(t, r.win)
}

func TestMainView_theModeInEnableIsOneTabStopOnTheChosenOption(t *testing.T) {
	r := aliceEnablingTwoStep(t)
	modeIsOneTabStop(t, r.win)
}
