package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
)

// screen is one step's form: its content, the field focused first, and its submit.
type screen interface {
	content() fyne.CanvasObject
	first() fyne.Focusable
	submit()
	setBusy(bool)
}

// wizardView renders the registration flow in a window: one screen per step, a message line,
// a progress bar with Cancel while a request is in flight, Enter to submit and Esc to go back.
type wizardView struct {
	win    fyne.Window
	flow   *wizard.Flow
	run    runner
	onDone func()

	title    *widget.Label
	msg      *widget.Label
	progress *widget.ProgressBarInfinite
	cancel   *widget.Button
	retry    *widget.Button // shown when the server could not be reached: repeats the step
	// alone is shown beside Retry when the keyring cannot be used before signing in: it keeps
	// the credential for this session only (sessionOnly), then repeats the step.
	alone       *widget.Button
	sessionOnly func()
	body        *fyne.Container
	current     screen
	notice      string // a neutral message carried to the next screen (after recovery)
	// stopWait ends the too-many-attempts countdown on screen; nil when none runs.
	stopWait func()
}

func newWizardView(win fyne.Window, flow *wizard.Flow, onDone func()) *wizardView {
	v := &wizardView{win: win, flow: flow, onDone: onDone}
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.msg = widget.NewLabel("")
	v.msg.Wrapping = fyne.TextWrapWord
	v.progress = widget.NewProgressBarInfinite()
	v.progress.Hide()
	v.progress.Stop()
	v.cancel = widget.NewButton(lang.L("Cancel"), v.run.Cancel)
	v.cancel.Hide()
	v.retry = widget.NewButton(lang.L("Retry"), nil)
	v.retry.Hide()
	v.alone = widget.NewButton(lang.L("Use for this session only"), nil)
	v.alone.Hide()
	v.body = container.NewStack()
	win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			v.back()
		case fyne.KeyReturn, fyne.KeyEnter:
			// Enter submits the step even when no text field has the focus (a choice, a box).
			if v.current != nil && !v.run.busyNow() && v.stopWait == nil {
				v.current.submit()
			}
		}
	})
	return v
}

func (v *wizardView) content() fyne.CanvasObject {
	return container.NewPadded(container.NewBorder(v.title,
		container.NewVBox(v.msg, container.NewBorder(nil, nil, nil, container.NewHBox(v.retry, v.alone, v.cancel), v.progress)), nil, nil, v.body))
}

// show draws the screen of the flow's current step and focuses its first field.
func (v *wizardView) show() {
	if c, ok := v.current.(interface{ close() }); ok {
		c.close()
	}
	v.endWait()
	s, title := v.screenFor(v.flow.Step())
	v.display(s, title)
	v.msg.SetText(v.notice)
	if v.flow.Step() != wizard.StepServer {
		// At Server the notice waits: a given address is checked first, and the notice
		// belongs to the Sign in screen that follows.
		v.notice = ""
	}
	if f := s.first(); f != nil {
		v.win.Canvas().Focus(f)
	} else {
		// Nothing to type on this step: drop the focus of the screen that went away, so Enter
		// reaches the step (see the key handler) instead of the old field.
		v.win.Canvas().Unfocus()
	}
}

// display puts a screen in the view under its title.
func (v *wizardView) display(s screen, title string) {
	v.current = s
	v.title.SetText(title)
	v.body.Objects = []fyne.CanvasObject{container.NewVScroll(s.content())}
	v.body.Refresh()
	v.retry.Hide()
	v.alone.Hide()
}

func (v *wizardView) screenFor(s wizard.Step) (screen, string) {
	switch s {
	case wizard.StepServer:
		return newServerScreen(v), lang.L("Connect to your x360Sync server")
	case wizard.StepSignIn:
		return newSignInScreen(v), lang.L("Sign in")
	case wizard.StepCode:
		return newCodeScreen(v), lang.L("Authentication code")
	case wizard.StepEnroll:
		return newEnrollScreen(v), lang.L("Enable Two-Step Authentication")
	case wizard.StepEnrollConfirm:
		return newConfirmScreen(v), lang.L("Confirm two-step authentication")
	case wizard.StepRecovery:
		return newRecoveryScreen(v), lang.L("Account Recovery")
	case wizard.StepPINSetup:
		return newPINSetupScreen(v), lang.L("Set up PIN")
	default:
		return newDoneScreen(v), lang.L("Done")
	}
}

// do runs one flow event in the background and redraws when the answer arrives: the next
// step's screen, or the error's words on the same screen. after, if given, runs on the UI
// goroutine when the event succeeded without leaving the step.
func (v *wizardView) do(event func(ctx context.Context) error, after ...func()) {
	before := v.flow.Step()
	v.run.run(v.setBusy, event, func(err error) {
		if v.flow.Step() != before {
			v.show()
		}
		if err != nil {
			v.msg.SetText(message(err))
			var ae *client.APIError
			// A text limit is not counted down: the wait is long and the other ways in (the
			// Backup key, another account) stay open meanwhile.
			if errors.Is(err, client.ErrRateLimited) && !errors.Is(err, client.ErrSMSLimit) && errors.As(err, &ae) && ae.RetryAfter > 0 {
				v.waitOut(time.Duration(ae.RetryAfter) * time.Second)
			}
			if errors.Is(err, client.ErrUnreachable) || errors.Is(err, client.ErrServer) {
				// The focus stays in the form, where Enter repeats the step just the same.
				v.retry.OnTapped = func() { v.do(event, after...) }
				v.retry.Show()
			}
			if errors.Is(err, vault.ErrUnavailable) {
				v.offerStorageChoice(event, after)
			}
			return
		}
		if v.flow.Step() == before {
			for _, f := range after {
				f()
			}
		}
		if v.flow.Step() == wizard.StepDone && v.onDone != nil {
			v.onDone()
		}
	})
}

// offerStorageChoice follows a keyring that cannot be used: before the sign-in (the probe) the
// person may set secure storage up and Retry, or keep the credential for this session only;
// after the device was registered (its save failed) Retry saves it again, never registering
// a second device.
func (v *wizardView) offerStorageChoice(event func(ctx context.Context) error, after []func()) {
	if v.flow.Unsaved {
		v.retry.OnTapped = func() { v.do(v.flow.RetrySave, after...) }
		v.retry.Show()
		return
	}
	v.retry.OnTapped = func() { v.do(event, after...) }
	v.retry.Show()
	if v.sessionOnly != nil {
		v.alone.OnTapped = func() {
			v.sessionOnly()
			v.do(event, after...)
		}
		v.alone.Show()
	}
}

// waitOut counts down the server's too-many-attempts wait on the message line, with the step's
// inputs off until it is over.
func (v *wizardView) waitOut(d time.Duration) {
	v.endWait()
	stop := v.run.countdown(d, func(left int) {
		if v.current == nil {
			return
		}
		if left > 0 {
			v.current.setBusy(true)
			v.msg.SetText(fmt.Sprintf(lang.L("Too many attempts. Try again in %d seconds."), left))
			return
		}
		v.stopWait = nil
		v.current.setBusy(false)
		v.msg.SetText(lang.L("You can try again now."))
		if f := v.current.first(); f != nil {
			v.win.Canvas().Focus(f)
		}
	})
	if d > 0 {
		v.stopWait = stop
	}
}

func (v *wizardView) endWait() {
	if v.stopWait != nil {
		v.stopWait()
		v.stopWait = nil
	}
}

func (v *wizardView) setBusy(b bool) {
	if b {
		v.msg.SetText("")
		v.retry.Hide()
		v.alone.Hide()
		v.progress.Show()
		v.progress.Start()
		v.cancel.Show()
	} else {
		v.progress.Stop()
		v.progress.Hide()
		v.cancel.Hide()
	}
	if v.current != nil {
		v.current.setBusy(b)
	}
}

// back is Esc: cancel a request in flight, or go to the previous step.
func (v *wizardView) back() {
	if v.run.busyNow() {
		v.run.Cancel()
		return
	}
	before := v.flow.Step()
	v.flow.Back()
	if v.flow.Step() != before {
		v.show()
	}
}

// entry makes a single-line entry that submits the screen on Enter.
func entry(placeholder string, onEnter func()) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.OnSubmitted = func(string) { onEnter() }
	return e
}

func passwordEntry(placeholder string, onEnter func()) *widget.Entry {
	e := widget.NewPasswordEntry()
	e.SetPlaceHolder(placeholder)
	e.OnSubmitted = func(string) { onEnter() }
	return e
}

// enable switches a set of widgets on or off together while a request is in flight.
func enable(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}
