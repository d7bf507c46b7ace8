package ui

import (
	"context"

	"github.com/x360sync/desktop/app/session"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/client/api"
)

// settingsForm is the Account Settings flow of the product help in the main window: Enable
// (Authentication Mode, Current Password, Confirm Password, phone; then the confirmation page)
// or Disable (Current Password and an authenticator code or the Backup key).
type settingsForm struct {
	m        *mainView
	msg      *widget.Label
	back     *widget.Button
	busyWith []fyne.Disableable
	wide     bool // the page has two columns
}

// frame is a sub-page of the account window: a Back bar with the page's title over its
// form, in a card; the message line sits under the title, where the eye is.
func (f *settingsForm) frame(title string, body fyne.CanvasObject) fyne.CanvasObject {
	f.msg.Wrapping = fyne.TextWrapWord
	f.msg.Importance = widget.DangerImportance
	t := widget.NewLabel(title)
	t.TextStyle.Bold, t.SizeName = true, theme.SizeNameSubHeadingText
	bar := newPanel(theme.ColorNameBackground, theme.ColorNameSeparator, 0,
		container.NewPadded(container.NewBorder(nil, nil, f.back, nil, t)))
	if f.msg.Text == "" {
		f.msg.Hide()
	}
	card := newPanel(theme.ColorNameBackground, theme.ColorNameSeparator, 10,
		container.New(paddedBy{2}, container.NewVBox(f.msg, body)))
	return newPanel(theme.ColorNameInputBackground, "", 0, container.NewBorder(bar, nil, nil, nil,
		newFitScroll(container.New(&column{max: f.width()}, card)).box))
}

func (f *settingsForm) run(work func(context.Context) error, done func()) {
	f.m.run.run(func(b bool) { enable(!b, append(f.busyWith, f.back)...) }, work, func(err error) {
		if err != nil {
			if f.m.o.Session.State() == session.NoCredential { // signed out by the server
				f.m.msg = message(err)
				f.m.showWizard()
				return
			}
			f.say(message(err))
			return
		}
		done()
	})
}

// width is the widest the page's card gets: wide for the two columns of a confirmation page.
func (f *settingsForm) width() float32 {
	if f.wide {
		return wideCardWidth
	}
	return 560
}

// say shows a message under the page's title.
func (f *settingsForm) say(text string) {
	f.msg.SetText(text)
	f.msg.Show()
}

func newSettingsForm(m *mainView) *settingsForm {
	back := widget.NewButtonWithIcon(lang.L("Back"), theme.NavigateBackIcon(), m.showSignedIn)
	back.Importance = widget.LowImportance
	return &settingsForm{m: m, msg: widget.NewLabel(""), back: back}
}

// showEnableTwoStep opens "Enable Two-Step Authentication" from the account screen.
func (m *mainView) showEnableTwoStep(allowSMS bool) {
	f := newSettingsForm(m)
	options := []string{lang.L(modeApp)}
	if allowSMS {
		options = append(options, lang.L(modeText))
	}
	var submit func()
	phone := newPhoneField(func() { submit() })
	mode := newRadioGroup(options, func(s string) {
		if s == lang.L(modeText) {
			phone.box.Show()
		} else {
			phone.box.Hide()
		}
	})
	mode.SetSelected(lang.L(modeApp))
	mode.name = lang.L("Authentication Mode")
	current := passwordEntry("", func() { submit() })
	confirm := passwordEntry("", func() { submit() })
	current.label, confirm.label = lang.L("Current Password"), lang.L("Confirm Password")
	send := widget.NewButton(lang.L("Submit"), func() { submit() })
	send.Importance = widget.HighImportance
	f.busyWith = append(phone.widgets(), mode, current, confirm, send)
	submit = func() {
		md, ph, cur, con := api.ModeTOTP, "", current.Text, confirm.Text
		if mode.Selected == lang.L(modeText) {
			var err error
			if ph, err = phone.value(); err != nil {
				f.say(message(err))
				return
			}
			md = api.ModeSMS
		}
		var en api.EnrollResponse
		f.run(func(ctx context.Context) (err error) {
			en, err = m.o.Session.EnableTwoStep(ctx, md, cur, con, ph)
			return err
		}, func() { m.showConfirmTwoStep(en) })
	}
	m.set(f.frame(lang.L("Enable Two-Step Authentication"), container.NewVBox(
		widget.NewLabel(lang.L("Authentication Mode")), mode,
		widget.NewLabel(lang.L("Current Password")), current, widget.NewLabel(lang.L("Confirm Password")), confirm,
		phone.content(), send)))
	m.win.Canvas().Focus(current)
}

// showConfirmTwoStep is the settings flow's "Confirm two-step authentication" page.
func (m *mainView) showConfirmTwoStep(en api.EnrollResponse) {
	f := newSettingsForm(m)
	ev := newEnrolmentView(m.win, en, m.run.busyNow, func(code string) {
		f.run(func(ctx context.Context) error { return m.o.Session.ConfirmTwoStep(ctx, en.Enrollment, code) }, func() {
			m.showSignedIn()
			m.account.status.SetText(lang.L("Two-step authentication is on. Keep your Backup key somewhere safe."))
		})
	}, func() {
		f.run(func(ctx context.Context) error {
			_, err := m.o.Session.ResendEnrollmentSMS(ctx, en.Enrollment)
			return err
		}, func() { f.say(lang.L("We sent another text message.")) })
	})
	f.busyWith = []fyne.Disableable{ev.code.textEntry, ev.saved, ev.resend}
	f.wide = ev.wide()
	m.set(f.frame(lang.L("Confirm two-step authentication"), ev.content()))
	m.win.Canvas().Focus(ev.code.textEntry)
}

// showDisableTwoStep asks for the current password and a code (or the Backup key).
func (m *mainView) showDisableTwoStep() {
	f := newSettingsForm(m)
	var submit func()
	current := passwordEntry("", func() { submit() })
	code := entry(lang.L("Authentication code or Backup key"), func() { submit() })
	current.label, code.label = lang.L("Current Password"), lang.L("Authentication Code")
	send := widget.NewButton(lang.L("Disable"), func() { submit() })
	send.Importance = widget.DangerImportance
	f.busyWith = []fyne.Disableable{current, code, send}
	submit = func() {
		cur, c := current.Text, code.Text
		confirmDanger(m.win, send, lang.L("Disable two-step authentication?"),
			lang.L("Signing in will then need only your username and password."),
			lang.L("Disable"), func() { f.disable(cur, c) })
	}
	help := widget.NewLabel(lang.L("Enter your password and a code from your authenticator app. If you use text messages, enter your Backup key instead."))
	help.Wrapping = fyne.TextWrapWord
	m.set(f.frame(lang.L("Disable two-step authentication"), container.NewVBox(help,
		widget.NewLabel(lang.L("Current Password")), current, widget.NewLabel(lang.L("Authentication Code")), code, send)))
	m.win.Canvas().Focus(current)
}

// disable turns two-step authentication off once the person confirmed it.
func (f *settingsForm) disable(cur, c string) {
	m := f.m
	f.run(func(ctx context.Context) error { return m.o.Session.DisableTwoStep(ctx, cur, c) }, func() {
		m.showSignedIn()
		m.account.status.SetText(lang.L("Two-step authentication is off."))
	})
}
