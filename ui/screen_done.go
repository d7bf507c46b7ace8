package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/api"
)

// doneScreen is the finish: what was set up, as a checklist, until the person presses its
// button (then the account window opens).
type doneScreen struct {
	v     *wizardView
	items []string
	open  *button
	// startAtSignIn is "Start x360Sync when I sign in", ticked by default as a sync client
	// should run from sign-in on; applied when the person leaves the screen. Nil when the OS
	// entry is not offered.
	startAtSignIn *checkBox
}

func newDoneScreen(v *wizardView) *doneScreen {
	s := &doneScreen{v: v}
	s.items = doneFacts(v.flow, v.info(), v.hasTray != nil && v.hasTray())
	// Focused first: Enter (or Space) on it opens the account window.
	s.open = newButton(lang.L("Open x360Sync"), s.submit)
	s.open.Importance = widget.HighImportance
	if v.startAtSignIn != nil {
		s.startAtSignIn = newCheckBox(lang.L("Start x360Sync when I sign in"), nil)
		s.startAtSignIn.SetChecked(true)
	}
	return s
}

// applyStartAtSignIn switches the start at sign-in as the box says, off the UI goroutine,
// then calls next (the account window, whose box then shows the entry as written).
func (s *doneScreen) applyStartAtSignIn(next func()) {
	if s.startAtSignIn == nil {
		next()
		return
	}
	entry, on := s.v.startAtSignIn, s.startAtSignIn.Checked
	s.v.run.detached(func() {
		if on {
			_ = entry.Enable() // the account window shows whether it took, and offers it again
		} else {
			_ = entry.Disable()
		}
	}, next)
}

// doneFacts is the checklist of a finished registration.
func doneFacts(f *wizard.Flow, in session.Info, tray bool) []string {
	user, server, device := in.Username, in.Server, in.DeviceName
	if user == "" {
		user, server, device = f.Username, f.Server, f.DeviceName
	}
	items := []string{
		fmt.Sprintf(lang.L("Signed in as %s on %s"), user, hostOf(server)),
		fmt.Sprintf(lang.L("This computer is registered as %q"), device),
	}
	switch f.Mode {
	case api.ModeTOTP:
		items = append(items, lang.L("Two-step authentication: Authenticator mobile app"))
	case api.ModeSMS:
		items = append(items, lang.L("Two-step authentication: Text message"))
	}
	if slices.Contains(f.Plan().Steps, wizard.StepEnrollConfirm) {
		items = append(items, lang.L("Backup key: keep the copy you saved somewhere safe"))
	}
	if f.RequirePIN || in.PINSet {
		items = append(items, lang.L("PIN set: x360Sync asks for it at every launch"))
	}
	if in.SessionOnly {
		items = append(items, lang.L("Your sign-in is kept for this session only: secure storage is unavailable"))
	} else {
		items = append(items, fmt.Sprintf(lang.L("Your sign-in is kept in %s"), keyringName()))
	}
	if tray {
		items = append(items, lang.L("x360Sync keeps running in the system tray when you close this window"))
	}
	return items
}

func (s *doneScreen) subtitle() string { return lang.L("You're all set. Here is what was set up:") }

func (s *doneScreen) content() fyne.CanvasObject {
	box := container.NewVBox()
	for _, it := range s.items {
		l := widget.NewLabel(it)
		l.Wrapping = fyne.TextWrapWord
		box.Add(inTextColumn(container.NewBorder(nil, nil, onFirstLine(widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))), nil, l)))
	}
	if s.v.flow.Mode == "" { // signed in with the password alone: say where to add a second step
		l := widget.NewLabel(lang.L("Two-step authentication is off. Turn it on in the account window, so that a stolen password is not enough to sign in."))
		l.Wrapping = fyne.TextWrapWord
		box.Add(inTextColumn(container.NewBorder(nil, nil, onFirstLine(widget.NewIcon(theme.InfoIcon())), nil, l)))
	}
	if s.startAtSignIn != nil {
		box.Add(s.startAtSignIn)
	}
	box.Add(primaryRow(s.open))
	return box
}

func (s *doneScreen) first() fyne.Focusable { return s.open }
func (s *doneScreen) setBusy(bool)          {}
func (s *doneScreen) submit() {
	s.applyStartAtSignIn(func() {
		if s.v.onDone != nil {
			s.v.onDone()
		}
	})
}
