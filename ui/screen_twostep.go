package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// settingsForm is the Account Settings flow of the product help in the main window: Enable
// (Authentication Mode, Current Password, Confirm Password, phone; then the confirmation page)
// or Disable (Current Password and an authenticator code or the Backup key); the PIN page too.
// Each page is a screen of the main window: Enter submits it, Esc and Back go to the account
// (Back reads Cancel while a call runs, and cancels it).
type settingsForm struct {
	m      *mainView
	banner *banner       // under the title: what the last action said, in its kind's colour
	msg    *widget.Label // the banner's text
	backB  *button       // the Back bar's button
	wide   bool          // the page has two columns
	title  string
	body   fyne.CanvasObject
	focus  fyne.Focusable // the first field
	// onSubmit is Enter and the page's primary button; onBusy switches the page's inputs and
	// its primary button's busy state.
	onSubmit func()
	onBusy   func(bool)
	// askLeave, if set, asks before Back and Esc leave the page (the confirmation page: its
	// Backup key and secret die with it), then leaves; codeError, if set, says an error
	// under the field it is about and reports whether it did (a code the server refused);
	// wrongCode, if set, empties and focuses that code field.
	askLeave  func(leave func())
	codeError func(error) bool
	wrongCode func()
	noted     bool // the banner says only that a request was refused (stillWorking)
	// onWait, if set, counts a too-many-attempts wait down on the page's primary button
	// ("Try again in 28 s"; "" gives it back); waiting says such a wait runs (countWaitDown).
	onWait  func(label string)
	waiting bool
}

// waitFor counts a too-many-attempts wait down on the page's primary button.
func (f *settingsForm) waitFor(label string) {
	if f.onWait != nil {
		f.onWait(label)
	}
}

// afterWait empties and focuses the code the server refused, where the page has one, or
// focuses the page's first field.
func (f *settingsForm) afterWait() {
	if f.wrongCode != nil {
		f.wrongCode()
		return
	}
	if f.focus != nil {
		f.m.win.Canvas().Focus(f.focus)
	}
}

// waitOut counts the server's too-many-attempts wait down, as the wizard's steps do
// (countWaitDown): in the banner, and on the primary button with the inputs off.
func (f *settingsForm) waitOut(d time.Duration) {
	f.waiting = true
	countWaitDown(&f.m.run, f.m.win, d, f, func(b bool) {
		if f.onBusy != nil {
			f.onBusy(b) // the inputs only: Back stays Back, no call runs
		}
	}, func() bool { return f.m.current == f }, func(left int) {
		if left > 0 {
			f.say(bannerWarning, waitWords(f.onWait != nil, left))
			return
		}
		f.waiting = false
		f.say(bannerInfo, lang.L("You can try again now."))
	})
}

// sayError says err in the banner (a cancelled call as info) and counts down the wait it
// asks for, if any.
func (f *settingsForm) sayError(err error) {
	if errors.Is(err, context.Canceled) {
		f.say(bannerInfo, message(err))
		return
	}
	f.say(bannerError, message(err))
	if d := throttleWait(err); d > 0 {
		f.waitOut(d)
	}
}

func (f *settingsForm) content() fyne.CanvasObject { return f.frame(f.title, f.body) }
func (f *settingsForm) first() fyne.Focusable      { return f.focus }

func (f *settingsForm) submit() {
	if f.onSubmit != nil && !f.waiting {
		f.onSubmit()
	}
}

// back is Esc and the Back bar: cancel the call in flight, or go back to the account (after
// asking, where the page asks).
func (f *settingsForm) back() {
	if f.m.run.busyNow() {
		f.m.run.Cancel()
		return
	}
	if f.askLeave != nil {
		f.askLeave(f.m.showSignedIn)
		return
	}
	f.m.showSignedIn()
}

// setBusy turns the page's inputs off and its Back into Cancel while a call runs.
func (f *settingsForm) setBusy(b bool) {
	if f.onBusy != nil {
		f.onBusy(b)
	}
	if b {
		f.backB.SetText(lang.L("Cancel"))
		f.backB.SetIcon(theme.CancelIcon())
	} else {
		f.backB.SetText(lang.L("Back"))
		f.backB.SetIcon(theme.NavigateBackIcon())
	}
	if f.noted {
		f.banner.hide()
		f.noted = false
	}
}

// note says under the title that a request was refused while another one runs.
func (f *settingsForm) note(text string) {
	f.say(bannerInfo, text)
	f.noted = true
}

// frame is a sub-page of the account window: a Back bar with the page's title over its
// form, in a card; the banner sits under the title, where the eye is.
func (f *settingsForm) frame(title string, body fyne.CanvasObject) fyne.CanvasObject {
	t := widget.NewLabel(title)
	t.TextStyle.Bold, t.SizeName = true, theme.SizeNameSubHeadingText
	bar := newPanel(theme.ColorNameBackground, theme.ColorNameSeparator, 0,
		container.NewPadded(container.NewBorder(nil, nil, f.backB, nil, t)))
	card := newPanel(theme.ColorNameBackground, theme.ColorNameSeparator, 10,
		container.New(paddedBy{2}, container.NewVBox(f.banner.box, body)))
	return newPanel(theme.ColorNameInputBackground, "", 0, topFirst(bar,
		newFitScroll(container.New(&column{max: f.width(), still: true}, card)).box))
}

// run runs a call of the page; its error is said in the banner (a cancelled call as info),
// or under the code field for a refused code, emptied for the next one.
func (f *settingsForm) run(work func(context.Context) error, done func()) {
	f.m.call(work, func(err error) {
		if err == nil {
			done()
			return
		}
		if f.codeError != nil && f.codeError(err) {
			f.banner.hide() // the words are under the field
			return
		}
		f.sayError(err)
	})
}

// width is the widest the page's card gets: wide for the two columns of a confirmation page.
func (f *settingsForm) width() float32 {
	if f.wide {
		return wideCardWidth
	}
	return 560
}

// say shows a message of its kind in the banner under the page's title.
func (f *settingsForm) say(kind bannerKind, text string) {
	f.noted = false
	f.banner.show(kind, text)
}

func newSettingsForm(m *mainView) *settingsForm {
	f := &settingsForm{m: m, banner: newBanner()}
	f.msg = f.banner.text
	f.backB = newIconButton(lang.L("Back"), theme.NavigateBackIcon(), f.back)
	f.backB.Importance = widget.LowImportance
	return f
}

// showEnableTwoStep opens "Enable Two-Step Authentication" from the account screen.
func (m *mainView) showEnableTwoStep(allowSMS bool) {
	f := newSettingsForm(m)
	var submit func()
	current := passwordEntry("", func() { submit() })
	confirm := passwordEntry("", func() { submit() })
	// The wizard's Enable step, with the passwords the product help asks for here.
	form := newEnableForm(allowSMS, func() { submit() },
		newField(lang.L("Current Password"), current).box, newField(lang.L("Confirm Password"), confirm).box)
	f.onBusy = func(b bool) { form.setBusy(b, current, confirm) }
	f.onWait = form.submitBtn.waitFor
	submit = func() {
		md, ph, err := form.choice()
		if err != nil {
			f.say(bannerError, message(err))
			return
		}
		cur, con := current.Text, confirm.Text
		var en api.EnrollResponse
		f.run(func(ctx context.Context) (err error) {
			en, err = m.o.Session.EnableTwoStep(ctx, md, cur, con, ph)
			return err
		}, func() { m.showConfirmTwoStep(en) })
	}
	f.title, f.focus, f.onSubmit = lang.L("Enable Two-Step Authentication"), form.first(), submit
	f.body = form.box()
	m.show(f)
}

// showConfirmTwoStep is the settings flow's "Confirm two-step authentication" page.
func (m *mainView) showConfirmTwoStep(en api.EnrollResponse) {
	f := newSettingsForm(m)
	var ev *enrolmentView
	ev = newEnrolmentView(m.win, en, &m.run, func(code string) {
		f.run(func(ctx context.Context) error { return m.o.Session.ConfirmTwoStep(ctx, en.Enrollment, code) }, func() {
			m.showSignedIn()
			m.account.status.show(bannerSuccess, lang.L("Two-step authentication is on. Keep your Backup key somewhere safe."))
		})
	}, func() {
		var wait time.Duration
		f.run(func(ctx context.Context) (err error) {
			wait, err = m.o.Session.ResendEnrollmentSMS(ctx, en.Enrollment)
			return err
		}, func() {
			ev.resend.countFrom(wait)
			f.say(bannerSuccess, lang.L("We sent another text message."))
		})
	}, wizard.FirstResendAfter)
	f.onBusy, f.onSubmit, f.codeError, f.wrongCode, f.onWait = ev.setBusy, ev.submit, ev.codeError, ev.wrongCode, ev.waitFor
	f.askLeave = func(leave func()) { confirmLeaveTwoStep(m.win, en, leave) }
	f.wide = ev.wide()
	f.title, f.body, f.focus = lang.L("Confirm two-step authentication"), ev.content(), ev.first()
	m.show(f)
}

// showDisableTwoStep asks for the current password and, for an authenticator app user, a code
// from the app (or the Backup key). The server cannot text a code for this, so a text-message
// user is asked for the Backup key and told why. An empty field is said under it before the
// question and the server (which would answer sign-in's "username or password"); what the
// server refuses is said under the field it is about.
func (m *mainView) showDisableTwoStep(mode string) {
	f := newSettingsForm(m)
	d := &disablePage{f: f}
	d.current = passwordEntry("", func() { d.submit() })
	d.code = entry("", func() { d.submit() })
	codeLabel := lang.L("Authentication Code or Backup key")
	d.emptyCode = lang.L("Enter a code from your authenticator app or your Backup key.")
	help := widget.NewLabel(lang.L("Enter your password and a code from your authenticator app. If you do not have your phone, enter your Backup key instead."))
	if mode == api.ModeSMS {
		d.code.PlaceHolder = "XXXX-XXXX-XXXX-XXXX"
		codeLabel = lang.L("Backup key")
		d.emptyCode = lang.L("Enter your Backup key.")
		// The server calls a wrong Backup key a wrong code: here it can only be the key.
		d.wrongCode = lang.L("That Backup key is incorrect. Check it and try again.")
		help.SetText(lang.L("x360Sync cannot text you a code to turn two-step authentication off: enter your password and your Backup key."))
	}
	help.Wrapping = fyne.TextWrapWord
	d.currentField, d.codeField = newField(lang.L("Current Password"), d.current), newField(codeLabel, d.code)
	d.current.OnChanged = func(string) { d.currentField.setError("") }
	d.code.OnChanged = func(string) { d.codeField.setError("") }
	d.send = newBusyButton(lang.L("Disable"), lang.L("Sending the request…"), d.submit)
	d.send.Importance = widget.DangerImportance
	f.onBusy = func(b bool) {
		enable(!b, d.current, d.code)
		d.send.setBusy(b)
	}
	f.onWait, f.wrongCode = d.send.waitFor, func() { clearAndFocus(d.code) }
	f.title, f.focus, f.onSubmit = lang.L("Disable two-step authentication"), d.current, d.submit
	f.body = container.NewVBox(help, d.currentField.box, d.codeField.box, d.send.box)
	m.show(f)
}

// disablePage is the Disable page's fields and what it says about them.
type disablePage struct {
	f                       *settingsForm
	current, code           *textEntry
	currentField, codeField *field
	send                    *busyButton
	emptyCode, wrongCode    string // the code field's words: for a code or the Backup key, or the key alone
}

// submit checks that both fields are filled in (the first empty one gets the focus), then asks
// before turning two-step authentication off.
func (d *disablePage) submit() {
	cur, c := d.current.Text, d.code.Text
	var first *textEntry
	if c == "" {
		d.codeField.setError(d.emptyCode)
		first = d.code
	}
	if cur == "" {
		d.currentField.setError(lang.L("Enter your current password."))
		first = d.current
	}
	if first != nil {
		d.f.m.win.Canvas().Focus(first)
		return
	}
	confirmDanger(d.f.m.win, d.send.button, lang.L("Disable two-step authentication?"),
		lang.L("Signing in will then need only your username and password."),
		lang.L("Disable"), func() { d.disable(cur, c) })
}

// disable turns two-step authentication off once the person confirmed it. Off is a security
// downgrade: said as information, with the way back, not as a success.
func (d *disablePage) disable(cur, c string) {
	f, m := d.f, d.f.m
	f.banner.hide()
	m.call(func(ctx context.Context) error { return m.o.Session.DisableTwoStep(ctx, cur, c) }, func(err error) {
		switch {
		case err == nil:
			m.showSignedIn()
			m.account.status.show(bannerInfo, lang.L("Two-step authentication is off. You can turn it on again here."))
		case errors.Is(err, client.ErrInvalidCredentials):
			clearAndFocus(d.current)
			d.currentField.setError(lang.L("The Current Password is incorrect. Check it and try again."))
		case isWrongCode(err):
			clearAndFocus(d.code)
			if d.wrongCode == "" {
				d.codeField.setError(message(err))
			} else {
				d.codeField.setError(d.wrongCode)
			}
		default:
			f.sayError(err)
		}
	})
}
