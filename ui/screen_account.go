package ui

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// accountScreen shows the signed-in account: who, where, two-step status, and this account's
// registered devices with Revoke; Lock and Sign out.
type accountScreen struct {
	m    *mainView
	info *widget.Label
	// status, security and devicesSaid are each card's line for what its last action said:
	// the result shows where the eye is, in the card of the button that caused it.
	status, security, devicesSaid *banner
	// trustNew trusts the certificate a pinned server presents now instead (shown only then).
	trustNew *button
	devices  *fyne.Container
	lock     *button
	signOut  *button
	refresh  *button
	twoStep  *button
	// twoStepRow and trustRow put twoStep and trustNew in the card's text column; each is
	// hidden with its button, so that it takes no room in the card.
	twoStepRow, trustRow *fyne.Container
	setPIN               *button // Set a PIN, or Change PIN
	remove               *button // Remove PIN
	// refreshing says the load in flight is Refresh's: when it ends, Refresh has the focus
	// again (a call turns it off, and Fyne drops the focus of a tapped button) and the Account
	// card says it ran.
	refreshing bool
	// focusTwoStep gives the two-step button the focus once the account is read: its page
	// just closed.
	focusTwoStep bool
	// required stands where Disable two-step authentication would, when the organization
	// requires two-step authentication: it says why there is no button.
	required *widget.Label
	// pinRule stands where Remove PIN would, when the organization requires a PIN.
	pinRule *widget.Label
	about   *fold      // version, where things live, the certificate pins: closed until opened
	where   *mutedText // the header's organization · server · this device
	// busyWith is what changes the flow (opens a page, signs out, revokes, saves a setting):
	// off while a call runs. Lock now stays on: it ends the call in flight.
	busyWith []fyne.Disableable
	revokes  []fyne.Disableable // the devices' Revoke buttons, as last shown
	said     *banner            // the card banner set last: kept in view as the cards fill in
	now      func() time.Time   // nil: time.Now (the screenshots hold it still)
}

func (s *accountScreen) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// deviceCaption is a device's "Registered 3 Nov 2026 · last active today", in local time.
func deviceCaption(d api.Device, now time.Time) string {
	text := fmt.Sprintf(lang.L("Registered %s"), d.RegisteredAt.Local().Format("2 Jan 2006"))
	if d.RegisteredAt.IsZero() {
		text = ""
	}
	if seen := lastActive(d.LastSeenAt, now); seen != "" {
		if text == "" {
			return seen
		}
		text = fmt.Sprintf(lang.L("%s · %s"), text, seen)
	}
	return text
}

// lastActive says when a device was last seen, in words by the calendar here: today,
// yesterday, 3 days ago, then the day; "" when the server did not say.
func lastActive(seen, now time.Time) string {
	if seen.IsZero() {
		return ""
	}
	day := func(t time.Time) time.Time {
		y, m, d := t.Local().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.Local)
	}
	// Whole days between the two dates (a daylight saving change makes a day 23 or 25 hours).
	days := int((day(now).Sub(day(seen)) + 12*time.Hour) / (24 * time.Hour))
	switch {
	case days <= 0: // today, or a server clock ahead of this one
		return lang.L("last active today")
	case days == 1:
		return lang.L("last active yesterday")
	case days < 7:
		return fmt.Sprintf(lang.L("last active %d days ago"), days)
	}
	return fmt.Sprintf(lang.L("last active %s"), seen.Local().Format("2 Jan 2006"))
}

func newAccountScreen(m *mainView) *accountScreen {
	s := &accountScreen{
		m: m, info: widget.NewLabel(lang.L("Loading your account…")), devices: container.NewVBox(),
		status: newBanner(), security: newBanner(), devicesSaid: newBanner(),
	}
	s.trustNew = newButton(lang.L("Trust the new certificate"), nil)
	s.trustRow = inTextColumn(s.trustNew)
	show(false, s.trustRow, s.trustNew)
	s.info.Wrapping = fyne.TextWrapWord
	s.lock = newButton(lang.L("Lock now"), m.lock)
	if !m.o.Session.Info().PINSet {
		s.lock.Hide()
	}
	s.signOut = newButton(lang.L("Sign out"), s.onSignOut)
	s.refresh = newButton(lang.L("Refresh"), func() {
		s.refreshing = true
		s.load()
	})
	s.twoStep = newButton("", nil)
	s.twoStepRow = inTextColumn(s.twoStep)
	show(false, s.twoStepRow, s.twoStep)
	s.required, s.pinRule = requiredLine(), requiredLine()
	if m.o.Session.Info().SessionOnly {
		s.status.show(bannerWarning, lang.L("Your credentials are held for this run only: secure storage is unavailable."))
	}
	for _, b := range []*banner{s.status, s.security, s.devicesSaid} {
		b.shown = func() { s.said = b }
	}
	return s
}

// keepSaidInView scrolls the banner set last back into view: the account and its devices,
// read after it was set, push the cards under them down.
func (s *accountScreen) keepSaidInView() {
	if s.said != nil && s.said.box.Visible() {
		revealLaidOut(s.said.box)
	}
}

// first is the control that opened the page just closed (see mainView.reopen), or nothing:
// there is nothing to type, and Tab starts at Refresh.
func (s *accountScreen) first() fyne.Focusable {
	at := s.m.reopen
	s.m.reopen = reopenNone
	switch {
	case at == reopenPIN, at == reopenRemovePIN && !s.remove.Visible():
		return s.setPIN
	case at == reopenRemovePIN:
		return s.remove
	case at == reopenTwoStep:
		s.focusTwoStep = true // shown once the account is read
	}
	return nil
}

// reopenAt says which account control opens a page, so that the account shown again after
// it gives that control the focus (a user test: after Set PIN, or Esc on a page, nothing had
// the focus and Tab started again at Refresh).
type reopenAt int

const (
	reopenNone reopenAt = iota
	reopenPIN
	reopenRemovePIN
	reopenTwoStep
)

// opening is open, remembering at as the control to come back to.
func (m *mainView) opening(at reopenAt, open func()) func() {
	return func() {
		m.reopen = at
		open()
	}
}

// afterLoad gives the focus back after a load, when nothing else took it meanwhile: to
// Refresh after Refresh, to the two-step button after its page (the button shows only once
// the account is read).
func (s *accountScreen) afterLoad(ok bool) {
	c := s.m.win.Canvas()
	refreshed, twoStep := s.refreshing, s.focusTwoStep
	s.refreshing, s.focusTwoStep = false, false
	switch {
	case c.Focused() != nil:
	case twoStep && s.twoStep.Visible():
		c.Focus(s.twoStep)
	case refreshed:
		c.Focus(s.refresh)
	}
	if refreshed && ok && !(s.status.box.Visible() && s.status.kind == bannerWarning) {
		s.status.show(bannerInfo, fmt.Sprintf(lang.L("Updated at %s."), s.clock().Local().Format("15:04:05"))) // the seconds: a second Refresh changes it too
	}
}
func (s *accountScreen) submit() {}

// setBusy turns off what changes the flow and shows the window's progress and Cancel: the
// account has no primary button to show it.
func (s *accountScreen) setBusy(b bool) {
	enable(!b, append(s.busyWith, s.revokes...)...)
	s.m.showProgress(b)
}

// note says beside the progress that a request was refused while another one runs.
func (s *accountScreen) note(text string) { s.m.stripNote(text) }

func (s *accountScreen) content() fyne.CanvasObject {
	s.busyWith = []fyne.Disableable{s.refresh, s.signOut, s.twoStep, s.trustNew}
	in := s.m.o.Session.Info()
	logo := canvas.NewImageFromResource(Logo)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSize(40, 40))
	name := widget.NewLabel(in.Username)
	name.SizeName, name.TextStyle.Bold = theme.SizeNameSubHeadingText, true
	s.where = newMutedText(fyne.TextAlignLeading, false)
	s.where.SetText(whereLine(in))
	s.signOut.Importance = widget.DangerImportance
	// A card in the sections' column, so that their left edges line up (a user test saw the
	// header span a wide window over a 640 px column); Refresh, Lock now and Sign out on the
	// name's line, the organization, server and device under both.
	nameLine := container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(s.refresh, s.lock, s.signOut)), name)
	header := newPanel(theme.ColorNameBackground, theme.ColorNameSeparator, 10,
		container.New(paddedBy{2}, container.NewBorder(nil, nil, container.NewCenter(atTextStart(logo)), nil, container.NewVBox(nameLine, s.where))))
	// The header is the column's first card and scrolls with the others in a short window: held
	// above them, the mask over what scrolled under it covered its subtitle and bottom edge (a
	// user test), and a plain container cannot clip. First in the tree, Tab starts there.
	body := container.NewVBox(header,
		// The buttons' faces in the text column, where the text starts (a user test: they
		// stood 8 px left of it), as in the wizard's card.
		section(lang.L("Account"), s.info, s.twoStepRow, s.required, s.status.box, s.trustRow),
		section(lang.L("Devices"), s.devices, s.devicesSaid.box),
		s.securitySection(), s.aboutSection())
	return newPanel(theme.ColorNameInputBackground, "", 0,
		newFitScroll(container.New(&column{max: accountWidth, atTop: true}, body)).box)
}

// accountWidth is the widest the account window's cards get, its header's among them.
const accountWidth = 640

// topFirst is top over rest, top first in the tree: Tab follows the tree, and
// container.NewBorder puts its top after the content (a user test: Tab reached the account's
// header only after About).
func topFirst(top, rest fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewBorderLayout(top, nil, nil, nil), top, rest)
}

// sayError says what a call's error means in a card's banner: a cancelled call as info, any
// other failure as an error.
func sayError(b *banner, err error) {
	kind := bannerError
	if errors.Is(err, context.Canceled) {
		kind = bannerInfo
	}
	b.show(kind, message(err))
}

// requiredLine is a card's line saying what the organization requires, in place of the
// button it rules out: hidden until the account says what that is.
func requiredLine() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Hide()
	return l
}

// orgRequires fills format's %s with the organization's name, or "Your organization" while
// it is not known yet.
func orgRequires(org, format string) string {
	if org == "" {
		org = lang.L("Your organization")
	}
	return fmt.Sprintf(format, org)
}

// section is one card of the account window: a bold title over its content.
func section(title string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	t := widget.NewLabel(title)
	t.TextStyle.Bold = true
	return newPanel(theme.ColorNameBackground, theme.ColorNameSeparator, 10,
		container.New(paddedBy{2}, container.NewVBox(append([]fyne.CanvasObject{t}, objs...)...)))
}

// platformName is an OS as people write it.
func platformName(p string) string {
	switch strings.ToLower(p) {
	case "windows":
		return lang.L("Windows")
	case "darwin", "macos":
		return lang.L("macOS")
	case "linux":
		return lang.L("Linux")
	}
	return p
}

// badge is a small tag beside a name ("This device").
func badge(text string) fyne.CanvasObject {
	l := widget.NewLabel(text)
	l.Importance = widget.HighImportance
	l.SizeName = theme.SizeNameCaptionText
	p := newBackground(theme.ColorNamePrimary, theme.ColorNamePrimary, 8)
	p.alpha = 0x22
	return container.NewCenter(container.NewStack(p, l))
}

// aboutSection says which version runs and where this computer keeps its settings, log and
// credentials, so a person (or their help desk) can find them. It is folded: day to day
// nobody needs it, and it would push the account's own sections apart.
func (s *accountScreen) aboutSection() fyne.CanvasObject {
	o := s.m.o
	version := o.Version
	if version == "" {
		version = lang.L("dev")
	}
	logs := lang.L("none (x360Sync could not open its log file)")
	if o.LogPath != "" {
		logs = o.LogPath
	}
	info := o.Session.Info()
	creds := fmt.Sprintf(lang.L("%s, service %s, account %s"), keyringName(), info.KeyringService, info.KeyringAccount)
	if o.Session.Info().SessionOnly {
		creds = lang.L("in memory for this run only (secure storage is unavailable)")
	}
	connection := lang.L("direct (no proxy)")
	if info.Proxy != "" {
		connection = fmt.Sprintf(lang.L("via proxy %s"), info.Proxy)
	}
	text := widget.NewLabel(fmt.Sprintf(lang.L("x360Sync Desktop %s\nSettings: %s\nLog: %s\nCredentials: %s\nConnection: %s"),
		version, o.Session.Config.Path, logs, creds, connection))
	// Between words, never narrower than the keyring's service and account names: they are
	// read out to a help desk and searched for, so they are never cut in the middle (a path
	// longer than the line still breaks where it must).
	text.Wrapping = fyne.TextWrapWord
	// One block of lines: two labels in a VBox stood a blank line apart (a user test).
	s.about = newFold(lang.L("About"), lang.L("About"),
		container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.InnerPadding()), container.New(wholeWords{info.KeyringService, info.KeyringAccount}, text), s.trustedList()))
	return newPanel(theme.ColorNameBackground, theme.ColorNameSeparator, 10, container.New(paddedBy{2}, s.about.box))
}

// wholeWords lays its objects out as a stack, never narrower than its words (with a label's
// inner padding): a label wrapped between words cuts a word longer than its line anywhere, and
// the keyring's names are read out. A layout, not a label type: the screen-reader bridges
// know Fyne's own widgets and descend through containers.
type wholeWords []string

func (w wholeWords) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := layout.NewStackLayout().MinSize(objs)
	for _, word := range w {
		s.Width = fyne.Max(s.Width, fyne.MeasureText(word, theme.TextSize(), fyne.TextStyle{}).Width+2*theme.InnerPadding())
	}
	return s
}

func (w wholeWords) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	layout.NewStackLayout().Layout(objs, size)
}

// offerNewCertificate lets the person trust the certificate a pinned server now presents,
// after saying what changed; until then nothing is sent to it, and the device stays signed in.
func (s *accountScreen) offerNewCertificate(changed *client.CertChangedError) {
	if now := time.Now(); now.Before(changed.Cert.NotBefore) || now.After(changed.Cert.NotAfter) {
		// Never offered for trust, as on the Server step: say why instead.
		s.status.show(bannerError, s.status.text.Text+" "+fmt.Sprintf(lang.L("The new certificate is valid only from %s to %s, so x360Sync will not trust it. Ask your administrator."),
			changed.Cert.NotBefore.Local().Format("2 Jan 2006"), changed.Cert.NotAfter.Local().Format("2 Jan 2006")))
		return
	}
	s.trustNew.OnTapped = func() {
		confirmDanger(s.m.win, s.trustNew, lang.L("Trust the new certificate?"),
			fmt.Sprintf(lang.L("The server now presents a different certificate.\nTrusted until now: %s\nNew: %s\nTrust it only if your administrator told you the certificate changed."),
				fingerprintGroups(changed.Pinned, " "), fingerprintGroups(changed.Cert.Fingerprint, " ")),
			lang.L("Trust"), func() {
				server := s.m.o.Session.Info().Server
				s.m.call(func(ctx context.Context) error {
					return s.m.o.Session.TrustCertificate(ctx, server, changed.Cert.Fingerprint)
				}, func(err error) {
					if err != nil {
						sayError(s.status, err)
						return
					}
					s.m.showSignedIn() // anew: About lists the new pin, the old message goes
				})
			})
	}
	show(true, s.trustRow, s.trustNew)
}

// trustedList is About's list of the certificates trusted by fingerprint, each with Forget.
func (s *accountScreen) trustedList() fyne.CanvasObject {
	pins := s.m.o.Session.Pins()
	if len(pins) == 0 {
		none := widget.NewLabel(lang.L("Trusted certificates: none (servers are checked against this computer's certificate authorities)."))
		none.Wrapping = fyne.TextWrapWord // unwrapped, it widened every card past the header (a user test)
		return none
	}
	servers := make([]string, 0, len(pins))
	for server := range pins {
		servers = append(servers, server)
	}
	sort.Strings(servers)
	box := container.NewVBox(widget.NewLabel(lang.L("Trusted certificates:")))
	for _, server := range servers {
		name := widget.NewLabel(server)
		name.Wrapping = fyne.TextWrapBreak
		fp := widget.NewLabelWithStyle(fingerprintLines(pins[server]), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		label := container.NewVBox(name, fp)
		var forget *button
		forget = newButton(lang.L("Forget"), func() {
			confirmDanger(s.m.win, forget, lang.L("Forget this certificate?"),
				fmt.Sprintf(lang.L("x360Sync will no longer trust the certificate of %s. If this computer is registered there, it will ask again before it connects."), server),
				lang.L("Forget"), func() {
					s.m.call(func(ctx context.Context) error {
						return s.m.o.Session.TrustCertificate(ctx, server, "")
					}, func(err error) {
						if err != nil {
							sayError(s.status, err) // stays: a new account screen would wipe it
							return
						}
						s.m.showSignedIn()
					})
				})
		})
		s.busyWith = append(s.busyWith, forget)
		box.Add(container.NewBorder(nil, nil, nil, forget, label))
	}
	return box
}

// keyringName is what this OS calls the store the vault writes to.
func keyringName() string {
	switch runtime.GOOS {
	case "darwin":
		return lang.L("the macOS Keychain")
	case "windows":
		return lang.L("Windows Credential Manager")
	}
	return lang.L("the Secret Service keyring (GNOME Keyring, KWallet or KeePassXC)")
}

// load reads the account and its devices in the background.
func (s *accountScreen) load() {
	var me api.Me
	var devs []api.Device
	sess := s.m.o.Session
	s.m.call(func(ctx context.Context) error {
		var err error
		if me, err = sess.Account(ctx); err != nil {
			return err
		}
		devs, err = sess.Devices(ctx)
		return err
	}, func(err error) {
		if s.m.account != s {
			return // locked or signed out meanwhile: another screen is up
		}
		if err != nil {
			sayError(s.status, err)
			s.afterLoad(false)
			var changed *client.CertChangedError
			if errors.As(err, &changed) {
				s.offerNewCertificate(changed)
			}
			return
		}
		show(false, s.trustRow, s.trustNew)
		s.show(me, devs)
		s.afterLoad(true)
		s.keepSaidInView()
	})
}

// whereLine is the account header's second line: organization (once named) · server · this
// device.
func whereLine(in session.Info) string {
	if in.Organization == "" {
		return fmt.Sprintf(lang.L("%s · this device: %s"), hostOf(in.Server), in.DeviceName)
	}
	return fmt.Sprintf(lang.L("%s · %s · this device: %s"), in.Organization, hostOf(in.Server), in.DeviceName)
}

func (s *accountScreen) show(me api.Me, devs []api.Device) {
	st := s.m.o.Session.Info()
	if s.where != nil {
		s.where.SetText(whereLine(st)) // the account has just named its organization
	}
	if st.PINSet && st.PINRequired { // why there is no Remove PIN
		s.pinRule.SetText(orgRequires(me.Org.Name, lang.L("%s requires a PIN.")))
		s.pinRule.Show()
	}
	twoStep := lang.L("off")
	if me.TwoFactor.Enabled {
		twoStep = lang.L("on (Authenticator mobile app)")
		if me.TwoFactor.Mode == api.ModeSMS {
			twoStep = fmt.Sprintf(lang.L("on (Text message to %s)"), me.TwoFactor.PhoneHint)
		}
	}
	s.info.SetText(fmt.Sprintf(lang.L("User: %s (%s)\nOrganization: %s\nServer: %s\nThis device: %s\nTwo-step authentication: %s"),
		me.Username, me.Email, me.Org.Name, st.Server, st.DeviceName, twoStep))
	switch {
	case !me.TwoFactor.Enabled:
		s.twoStep.SetText(lang.L("Enable two-step authentication"))
		s.twoStep.OnTapped = s.m.opening(reopenTwoStep, func() { s.m.showEnableTwoStep(me.Org.AllowSMS) })
		show(true, s.twoStepRow, s.twoStep)
	case !me.Org.Require2FA:
		s.twoStep.SetText(lang.L("Disable two-step authentication"))
		s.twoStep.OnTapped = s.m.opening(reopenTwoStep, func() { s.m.showDisableTwoStep(me.TwoFactor.Mode) })
		show(true, s.twoStepRow, s.twoStep)
	default: // the organization requires it: there is nothing to switch, and it says so
		show(false, s.twoStepRow, s.twoStep)
		s.required.SetText(orgRequires(me.Org.Name, lang.L("%s requires two-step authentication.")))
		s.required.Show()
	}
	s.devices.Objects, s.revokes = nil, nil
	// This device first, then the others as the server lists them.
	devs = slices.Clone(devs)
	slices.SortStableFunc(devs, func(a, b api.Device) int {
		switch {
		case a.Current == b.Current:
			return 0
		case a.Current:
			return -1
		}
		return 1
	})
	for i, d := range devs {
		if i > 0 {
			s.devices.Add(widget.NewSeparator())
		}
		s.devices.Add(s.deviceRow(d))
	}
	s.devices.Refresh()
}

// deviceRow is one device of the Devices card: its name (and "This device"), its platform, a
// caption of when it was registered and last active, and Revoke for the others.
func (s *accountScreen) deviceRow(d api.Device) fyne.CanvasObject {
	name := widget.NewLabel(d.Name)
	name.TextStyle.Bold = true
	title := container.NewHBox(name)
	if d.Current {
		title.Add(badge(lang.L("This device")))
	}
	detail := newMutedText(fyne.TextAlignLeading, false)
	detail.SetText(platformName(d.Platform))
	if d.Platform == "" {
		detail.Hide() // not an empty line
	}
	// When it was registered and last active tell apart two of one name and platform.
	caption := newMutedText(fyne.TextAlignLeading, false)
	caption.seg.Style.SizeName = theme.SizeNameCaptionText
	caption.SetText(deviceCaption(d, s.clock()))
	var right fyne.CanvasObject
	if !d.Current { // signing this device out is Sign out
		revoke := newButton(lang.L("Revoke"), nil)
		revoke.OnTapped = func() { s.confirmRevoke(d, revoke) }
		revoke.Importance = widget.DangerImportance
		s.revokes = append(s.revokes, revoke)
		right = container.NewCenter(revoke)
	}
	// Tight: the three lines are one device's.
	return container.NewBorder(nil, nil, nil, right, container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()*2), title, detail, caption))
}

func (s *accountScreen) confirmRevoke(d api.Device, opener fyne.Focusable) {
	// A question, as every other confirmation's title is; the body says what follows.
	confirmDanger(s.m.win, opener, fmt.Sprintf(lang.L("Revoke %q?"), d.Name), lang.L("It will be signed out and must sign in again."), lang.L("Revoke"), func() {
		sess := s.m.o.Session
		s.m.call(func(ctx context.Context) error {
			return sess.RevokeDevice(ctx, d.ID)
		}, func(err error) {
			if err != nil {
				sayError(s.devicesSaid, err)
				return
			}
			s.devicesSaid.show(bannerSuccess, fmt.Sprintf(lang.L("%q was revoked."), d.Name))
			s.load()
		})
	})
}

// onSignOut asks first: signing out removes this computer's registration.
func (s *accountScreen) onSignOut() {
	confirmDanger(s.m.win, s.signOut, lang.L("Sign out of x360Sync?"),
		lang.L("This computer will be signed out and its registration removed. You will need your password and, if you use it, two-step authentication to sign in again."),
		lang.L("Sign out"), s.signOutNow)
}

func (s *accountScreen) signOutNow() {
	sessionOnly := s.m.o.Session.Info().SessionOnly
	s.m.run.run(s.m.setBusy, s.m.o.Session.SignOut, func(err error) {
		switch {
		case err == nil:
			s.m.msg = lang.L("You are signed out.")
		case sessionOnly: // nothing is kept for a next start: Close tries once more, and that is all
			s.m.msg = lang.L("You are signed out on this computer, but the server could not be told. x360Sync tries again when it quits; if this device is still listed then, revoke it from another device's account window.")
		default:
			s.m.msg = lang.L("You are signed out on this computer. The server could not be told yet; x360Sync tells it the next time it starts.")
		}
		s.m.showWizard()
	})
}
