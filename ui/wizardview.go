package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
)

// subtitler is a screen with a line under its title.
type subtitler interface{ subtitle() string }

// planner is a screen that puts the plan line ("" for none) in its subtitle itself.
type planner interface{ withPlan(plan string) string }

// wizardView renders the registration flow in the card shell: one screen per step, the banner
// under the title for what the last action said, Back (Cancel while a request is in flight),
// Enter to submit and Esc to go back.
type wizardView struct {
	win    fyne.Window
	flow   *wizard.Flow
	run    *runner // the window's runner (mainView's, in the app)
	onDone func()

	shell *shell
	msg   *widget.Label // the banner's text
	// cancel is the card's Back button: it reads Cancel while a request is in flight.
	cancel *button
	retry  *button // shown when the server could not be reached: repeats the step
	// alone is shown beside Retry when the keyring cannot be used before signing in: it keeps
	// the credential for this session only (sessionOnly), then repeats the step.
	alone *button
	// fix is the banner's other remedy: Change address, Use your Backup key.
	fix         *button
	sessionOnly func()
	// session, if set, is the session the wizard registers (for the Done screen's checklist);
	// startAtSignIn, if set, is offered on the Done screen (see Options.StartAtSignIn).
	startAtSignIn StartAtSignIn
	// hasTray, if set, says whether a tray icon runs.
	session *session.Manager
	hasTray func() bool
	// shown, if set, is told after each step's screen is drawn (the tray menu follows it).
	shown func()
	// footer is the muted line under the card ("host · version"); Server fills in the host.
	version string
	current screen
	notice  string // a neutral message carried to the next screen (after recovery)
	// demo, in demo mode, names the demo accounts: Sign in shows it whenever it has no other
	// notice (after Back to Server and forward again it never came back, a first-time user).
	demo string
	// noted says the banner shows only that a request was refused (stillWorking): it goes
	// when the request in flight ends.
	noted bool
	// stopWait ends the too-many-attempts countdown on screen; nil when none runs.
	stopWait func()
}

func newWizardView(win fyne.Window, flow *wizard.Flow, onDone func()) *wizardView {
	v := &wizardView{win: win, flow: flow, onDone: onDone, run: &runner{}}
	v.run.refused = func() { refusedNote(v) }
	v.shell = newShell(func() { v.back() })
	v.msg, v.cancel = v.shell.banner.text, v.shell.back
	v.retry = newButton(lang.L("Retry"), nil)
	v.alone = newButton(lang.L("Use for this session only"), nil)
	v.fix = newButton("", nil)
	v.shell.banner.actions.Objects = []fyne.CanvasObject{v.retry, v.alone, v.fix}
	v.hideFixes()
	// Enter submits the step even when no text field has the focus (a choice, a box). In the
	// app the main window puts its own handler, the same screenKey, in place of this one.
	win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) { screenKey(win, v.run, v, ev) })
	return v
}

func (v *wizardView) content() fyne.CanvasObject { return v.shell.root }

// first is the current step's first field.
func (v *wizardView) first() fyne.Focusable {
	if v.current == nil {
		return nil
	}
	return v.current.first()
}

// submit submits the current step, except while a too-many-attempts wait counts down (the
// button counts down what is left).
func (v *wizardView) submit() {
	if v.current != nil && v.stopWait == nil {
		v.current.submit()
	}
}

// note says in the banner that a request was refused while another one runs.
func (v *wizardView) note(text string) {
	v.say(bannerInfo, text)
	v.noted = true
}

// info is the session's snapshot, or nothing when the view has no session (tests).
func (v *wizardView) info() session.Info {
	if v.session == nil {
		return session.Info{}
	}
	return v.session.Info()
}

// say shows a message in the banner under the title ("" hides it); the remedies shown
// beside it are set by the caller after.
func (v *wizardView) say(kind bannerKind, text string) {
	v.noted = false
	v.shell.banner.show(kind, text)
	v.syncFixes()
}

func (v *wizardView) hideFixes() {
	v.retry.Hide()
	v.alone.Hide()
	v.fix.Hide()
	v.syncFixes()
}

// syncFixes shows the banner's row of remedies only when one of them is visible.
func (v *wizardView) syncFixes() {
	a := v.shell.banner.actions
	if v.retry.Visible() || v.alone.Visible() || v.fix.Visible() {
		a.Show()
	} else {
		a.Hide()
	}
	a.Refresh()
}

// offerFix puts one remedy button in the banner.
func (v *wizardView) offerFix(b *button, label string, do func()) {
	if label != "" {
		b.SetText(label)
	}
	b.OnTapped = do
	b.Show()
	v.syncFixes()
}

// show draws the screen of the flow's current step and focuses its first field.
func (v *wizardView) show() {
	v.endWait()
	v.run.stopTimers() // the step going: its countdowns end (see screen)
	s, title := v.screenFor(v.flow.Step())
	v.display(s, title)
	note := v.notice
	if note == "" && v.flow.Step() == wizard.StepSignIn {
		note = v.demo
	}
	v.say(bannerInfo, note) // neutral: the recovery answer does not say whether it worked
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
	if v.shown != nil {
		v.shown()
	}
}

// display puts a screen in the card under its title, with Back, the step and the plan.
func (v *wizardView) display(s screen, title string) {
	v.current = s
	step := v.flow.Step()
	plan := v.flow.Plan()
	p := ""
	if step != wizard.StepDone {
		p = planText(plan)
	}
	sub := p
	switch st := s.(type) {
	case planner:
		sub = st.withPlan(p)
	case subtitler:
		sub = st.subtitle()
		if sub != "" && p != "" {
			sub += "\n" + p
		} else if sub == "" {
			sub = p
		}
	}
	// The logo on the first screen of the path and at Done only: on a Sign in reached from
	// Server its 68 px pushed the button below an 800x600 window's fold under the demo banner.
	first := !v.flow.CanGoBack()
	v.shell.setHeader(title, sub, first)
	w, ok := s.(interface{ wide() bool })
	v.shell.setWide(ok && w.wide())
	v.shell.step.SetText(stepText(plan))
	v.shell.setBody(s.content())
	v.shell.footer.SetText(footerText(v.flow.Server, v.version))
	v.syncBack()
	v.shell.banner.hide()
	v.hideFixes()
}

// syncBack shows Back on every step after the first, and Cancel while a request runs.
func (v *wizardView) syncBack() {
	b := v.shell.back
	switch {
	case v.run.busyNow():
		b.SetText(lang.L("Cancel"))
		b.SetIcon(theme.CancelIcon())
		b.Show()
	case v.flow.CanGoBack():
		b.SetText(lang.L("Back"))
		b.SetIcon(theme.NavigateBackIcon())
		b.Show()
	default:
		b.Hide()
	}
}

func (v *wizardView) screenFor(s wizard.Step) (screen, string) {
	switch s {
	case wizard.StepServer:
		return newServerScreen(v), lang.L("Connect to your x360Sync server")
	case wizard.StepSignIn:
		return newSignInScreen(v), lang.L("Sign in")
	case wizard.StepCode:
		return newCodeScreen(v), lang.L("Authentication Code")
	case wizard.StepEnroll:
		return newEnrollScreen(v), lang.L("Enable Two-Step Authentication")
	case wizard.StepEnrollConfirm:
		return newConfirmScreen(v), lang.L("Confirm two-step authentication")
	case wizard.StepRecovery:
		return newRecoveryScreen(v), lang.L("Account Recovery")
	case wizard.StepPINSetup:
		return newPINSetupScreen(v), lang.L("Set up PIN")
	default:
		return newDoneScreen(v), lang.L("This computer is registered")
	}
}

// do runs one flow event in the background and redraws when the answer arrives: the next
// step's screen, or the error's words in the banner of the same screen, with its remedy.
// after, if given, runs on the UI goroutine when the event succeeded without leaving the step.
func (v *wizardView) do(event func(ctx context.Context) error, after ...func()) {
	before := v.flow.Step()
	v.run.run(v.setBusy, event, func(err error) {
		if v.flow.Step() != before {
			v.show()
		}
		if err != nil {
			v.sayError(err, event, after)
			return
		}
		if v.flow.Step() == before {
			for _, f := range after {
				f()
			}
		}
	})
}

// sayError puts an error's words in the banner with the fixes that exist for it.
func (v *wizardView) sayError(err error, event func(ctx context.Context) error, after []func()) {
	kind := bannerError
	if errors.Is(err, context.Canceled) {
		kind = bannerInfo
	}
	if errors.Is(err, wizard.ErrMissing) {
		if f, ok := v.current.(interface{ markMissing() bool }); ok && f.markMissing() {
			v.say(bannerError, "")
			return
		}
	}
	if f, ok := v.current.(interface{ fieldError(error) bool }); ok && f.fieldError(err) {
		v.say(bannerError, "") // the words are under the field they are about
		return
	}
	v.say(kind, message(err))
	if d := throttleWait(err); d > 0 {
		v.waitOut(d)
	}
	v.offerFixes(err, event, after)
	if w, ok := v.current.(interface{ wrongPassword() }); ok && errors.Is(err, client.ErrInvalidCredentials) {
		w.wrongPassword()
	}
	if w, ok := v.current.(interface{ wrongCode() }); ok && isWrongCode(err) {
		w.wrongCode()
	}
}

// offerFixes puts the fixes for err in the banner as buttons: Retry and Change address for a
// server out of reach, Use your Backup key for a wrong code, the storage choice for a keyring
// that does not answer.
func (v *wizardView) offerFixes(err error, event func(ctx context.Context) error, after []func()) {
	step := v.flow.Step()
	if errors.Is(err, client.ErrUnreachable) || errors.Is(err, client.ErrServer) {
		// The focus stays in the form, where Enter repeats the step just the same.
		v.offerFix(v.retry, "", func() { v.do(event, after...) })
		if step == wizard.StepSignIn && v.flow.CanGoBack() {
			v.offerFix(v.fix, lang.L("Change address"), v.back)
		}
	}
	if (errors.Is(err, client.ErrInvalidCode) || errors.Is(err, client.ErrCodeUsed)) && step == wizard.StepCode {
		v.offerFix(v.fix, lang.L("Use your Backup key"), v.openRecovery)
	}
	if errors.Is(err, vault.ErrUnavailable) {
		v.offerStorageChoice(event, after)
	}
}

// openRecovery follows "Need to disable two-step authentication?" (and the banner's "Use your
// Backup key"); never while a request runs, since the flow would change under it.
func (v *wizardView) openRecovery() {
	if v.run.busyNow() {
		v.run.refuse()
		return
	}
	if v.flow.OpenRecovery() == nil {
		v.show()
	}
}

// offerStorageChoice follows a keyring that cannot be used: before the sign-in (the probe) the
// person may set secure storage up and Retry, or keep the credential for this session only;
// after the device was registered (its save failed) Retry saves it again, never registering
// a second device.
func (v *wizardView) offerStorageChoice(event func(ctx context.Context) error, after []func()) {
	if v.flow.Unsaved {
		v.offerFix(v.retry, "", func() { v.do(v.flow.RetrySave, after...) })
		return
	}
	v.offerFix(v.retry, "", func() { v.do(event, after...) })
	if v.sessionOnly != nil {
		v.offerFix(v.alone, "", func() {
			v.sessionOnly()
			v.do(event, after...)
		})
	}
}

// waitOut counts down the server's too-many-attempts wait on the step's primary button (in
// the banner only for a step without one), with the step's inputs off until it is over
// (countWaitDown, shared with the account's pages).
func (v *wizardView) waitOut(d time.Duration) {
	v.endWait()
	s := v.current
	_, onButton := s.(waiter)
	stop := countWaitDown(v.run, v.win, d, s, func(b bool) { s.setBusy(b) }, func() bool { return v.current == s }, func(left int) {
		if left > 0 {
			v.say(bannerWarning, waitWords(onButton, left))
			return
		}
		v.stopWait = nil
		v.say(bannerInfo, lang.L("You can try again now."))
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
	if b || v.noted {
		v.shell.banner.hide()
		v.hideFixes()
		v.noted = false
	}
	v.syncBack()
	if v.current != nil {
		v.current.setBusy(b)
	}
}

// back is Esc and the card's Back: cancel a request in flight, or go to the previous step.
func (v *wizardView) back() {
	if v.run.busyNow() {
		v.run.Cancel()
		return
	}
	before := v.flow.Step()
	if before == wizard.StepDone {
		return
	}
	if before == wizard.StepPINSetup || v.flow.Unsaved {
		// The device is registered already: leaving revokes it, so ask first.
		v.askLeave(v.goBack)
		return
	}
	if before == wizard.StepEnrollConfirm {
		confirmLeaveTwoStep(v.win, v.flow.Enrollment, v.goBack)
		return
	}
	v.goBack()
}

// unfinished says the wizard holds a registration that leaving would lose: the steps where
// Back asks first (Confirm two-step authentication, Set up PIN, a registration not saved).
func (v *wizardView) unfinished() bool {
	s := v.flow.Step()
	return s == wizard.StepEnrollConfirm || s == wizard.StepPINSetup || v.flow.Unsaved
}

// askLeave asks before leaving a registration that is not finished (Back at Set up PIN, a
// quit at any unfinished step); leave runs only on "Leave and sign out". A question already
// up (Esc's, say) gives way to this one.
func (v *wizardView) askLeave(leave func()) {
	text := lang.L("Registration isn't finished. If you leave now, this computer is signed out and its registration revoked; you will need to sign in again.")
	if v.flow.Step() == wizard.StepEnrollConfirm && !v.flow.Unsaved {
		text = leaveRegistrationText(v.flow.Enrollment.Secret == "")
	}
	opener := v.win.Canvas().Focused()
	if confirmationOn(v.win) != nil {
		closeConfirmations(v.win)
		opener = v.first() // the question's own button is gone
	}
	confirmDangerOr(v.win, opener, lang.L("Leave the registration?"), text,
		lang.L("Continue registration"), lang.L("Leave and sign out"), leave)
}

// goBack goes to the previous step.
func (v *wizardView) goBack() {
	before := v.flow.Step()
	v.flow.Back()
	if v.flow.Step() != before {
		v.show()
	}
}

// entry makes a single-line entry that submits the screen on Enter.
func entry(placeholder string, onEnter func()) *textEntry {
	e := newTextEntry(false)
	e.SetPlaceHolder(placeholder)
	e.OnSubmitted = func(string) { onEnter() }
	return e
}

func passwordEntry(placeholder string, onEnter func()) *textEntry {
	e := newTextEntry(true)
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

// leaveRegistrationText is the question's words on leaving the registration at "Confirm two-step
// authentication"; sms: the enrolment is by text message.
func leaveRegistrationText(sms bool) string {
	if sms { // no secret key is shown for text messages
		return lang.L("Registration isn't finished. If you leave now, the Backup key shown here stops working, and you will need to sign in again.")
	}
	return lang.L("Registration isn't finished. If you leave now, the Backup key and the secret key shown here stop working, and you will need to sign in again.")
}
