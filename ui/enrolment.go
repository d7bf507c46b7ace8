package ui

import (
	"errors"
	"fmt"
	"image"
	"os"
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/x360sync/desktop/client/api"
)

// enrolmentView is what every "Confirm two-step authentication" page shows, in the sign-in
// wizard and in account settings alike: the Backup key to save (gating Submit), the QR code and
// secret key for an authenticator app or where the text went, and the first code.
type enrolmentView struct {
	win        fyne.Window
	en         api.EnrollResponse
	key        *widget.Label
	saved      *checkBox
	copyKey    *button // part 1's Copy: where the page opens
	saveBtn    *button
	qr         *canvas.Image
	secret     *widget.Label
	secretFold *fold // "Can't scan? Show the secret key": the key and its Copy, until asked for
	code       *codeEntry
	codeErr    *widget.Label // a wrong code's words, under the code field
	submitBtn  *button
	resend     *resendButton // text messages only: counted down from the text sent
	why        *widget.Label // why Submit is off
	ticks      [3]*widget.Icon
	run        *runner // the window's: its calls, and the Copy countdowns
	busy       func() bool
	onSubmit   func(code string)
	wait       string // Submit's label during a too-many-attempts wait ("" for none)
}

// copyButton is Copy for secret, on the page's runner: its countdown ends with the page
// (see screen).
func (e *enrolmentView) copyButton(secret string) *button {
	return newCopyButton(e.run, func() string { return secret })
}

// newEnrolmentView builds the page for en; resend asks for another text, and resendAfter is
// the wait before the first one may be asked for.
func newEnrolmentView(win fyne.Window, en api.EnrollResponse, run *runner, submit func(code string), resend func(), resendAfter time.Duration) *enrolmentView {
	e := &enrolmentView{win: win, en: en, run: run, busy: run.busyNow, onSubmit: submit}
	e.key = widget.NewLabelWithStyle(en.BackupKey, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	e.key.SizeName = "headingText"
	e.saved = newCheckBox(lang.L("I have saved my Backup key"), func(bool) { e.onSaved() })
	e.why = widget.NewLabel(lang.L("First save your Backup key and tick “I have saved my Backup key”, then Submit."))
	e.why.Importance = widget.WarningImportance
	e.why.Wrapping = fyne.TextWrapWord
	for i := range e.ticks {
		e.ticks[i] = widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
		e.ticks[i].Hide()
	}
	e.submitBtn = newButton(lang.L("Submit"), e.submit)
	e.submitBtn.Importance = widget.HighImportance
	e.code = newCodeEntry(e.busy, func() bool { return e.saved.Checked }, e.submit)
	e.code.label = lang.L("Authentication Code")
	typed := e.code.OnChanged
	e.code.OnChanged = func(t string) {
		typed(t)
		e.codeErr.Hide() // a new code is being typed: the last one's error is old
		e.tick()
	}
	e.resend = newResendButton(run, resend)
	e.copyKey = e.copyButton(en.BackupKey)
	e.saveBtn = newButton(lang.L("Save to file"), e.saveToFile)
	e.codeErr = widget.NewLabel("")
	e.codeErr.Importance = widget.DangerImportance
	e.codeErr.Wrapping = fyne.TextWrapWord
	e.codeErr.Hide()
	if en.Secret != "" {
		e.qr = qrImage(en.OTPAuthURL)
		// Lines of four groups, never wrapped: wrapping left a group alone on a line ("… ZTBK" /
		// "3NWX"), and a key read off the screen is typed by groups.
		e.secret = widget.NewLabelWithStyle(groupLines(en.Secret, 4, 4), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		e.resend.Hide()
	} else {
		e.resend.countFrom(resendAfter)
	}
	e.gate()
	return e
}

// gate keeps Submit off until the Backup key is saved and while a request runs, and says why.
func (e *enrolmentView) gate() {
	if e.saved.Checked && !e.busy() && e.wait == "" {
		e.submitBtn.Enable()
	} else {
		e.submitBtn.Disable()
	}
	label := lang.L("Submit")
	if e.wait != "" {
		label = e.wait // "Try again in 28 s"
	}
	if e.submitBtn.Text != label {
		e.submitBtn.SetText(label)
	}
	if e.saved.Checked {
		e.why.Hide()
	} else {
		e.why.Show()
	}
	e.tick()
}

// onSaved follows the box: a code typed before it was ticked is kept and goes now.
func (e *enrolmentView) onSaved() {
	e.gate()
	if e.saved.Checked && len(e.code.digits()) == 6 && !e.busy() {
		e.code.last = e.code.digits()
		e.submit()
	}
}

// tick marks the parts done: the key saved; a full code typed (the app was added).
func (e *enrolmentView) tick() {
	show := func(i int, on bool) {
		if e.ticks[i] == nil {
			return
		}
		if on {
			e.ticks[i].Show()
		} else {
			e.ticks[i].Hide()
		}
	}
	full := len(e.code.digits()) == 6
	show(0, e.saved.Checked)
	show(1, full)
	show(2, full && e.saved.Checked)
}

func (e *enrolmentView) setBusy(b bool) {
	enable(!b, e.code.textEntry, e.saved, e.saveBtn)
	e.resend.setBusy(b)
	e.gate()
}

func (e *enrolmentView) submit() {
	if e.saved.Checked {
		e.onSubmit(e.code.digits())
	}
}

// waitFor counts a too-many-attempts wait down on Submit ("" gives it back), on the wizard's
// confirmation page and the account's alike.
func (e *enrolmentView) waitFor(label string) {
	e.wait = label
	e.gate()
}

// wrongCode empties the code the server refused and gives its field the focus.
func (e *enrolmentView) wrongCode() { clearAndFocus(e.code.textEntry) }

// codeError says a code the server refused under the code field, emptied and focused, and
// reports true; any other error is not about the code, and is left to the caller.
func (e *enrolmentView) codeError(err error) bool {
	if !isWrongCode(err) {
		return false
	}
	e.wrongCode() // first: emptying the field hides the error it had
	e.codeErr.SetText(message(err))
	e.codeErr.Show()
	return true
}

// first is part 1's Copy: the page is read, and done, in the order of its parts, and Submit
// waits for part 1.
func (e *enrolmentView) first() fyne.Focusable { return e.copyKey }

// confirmLeaveTwoStep asks before leaving a "Confirm two-step authentication" page, in the
// wizard and in account settings alike: the Backup key and the secret on it (en's) die with
// it, and setting up again makes new ones, so one copied or saved already would be worthless.
// A text-message enrolment shows no secret key, so the question names only the Backup key.
func confirmLeaveTwoStep(win fyne.Window, en api.EnrollResponse, leave func()) {
	text := lang.L("The Backup key and the secret key shown here will stop working: setting up two-step authentication again makes new ones.")
	if en.Secret == "" {
		text = lang.L("The Backup key shown here will stop working: setting up two-step authentication again makes a new one.")
	}
	confirmDanger(win, win.Canvas().Focused(), lang.L("Leave two-step setup?"), text, lang.L("Leave"), leave)
}

// wide says the page has two columns: part 2 (the QR code) beside part 1 (the Backup key),
// part 3 (the code) under both, so that all of it is in view at once.
func (e *enrolmentView) wide() bool { return e.qr != nil }

func (e *enrolmentView) content() fyne.CanvasObject {
	keyHelp := widget.NewLabel(lang.L("Save this Backup key. You will need it if you ever need to recover access to your account."))
	keyHelp.Wrapping = fyne.TextWrapWord
	// Copy and Save to file one under the other, Copy as wide as its longest label: side by
	// side, "Copied — clears in 60 s" widened part 1 and pushed part 2 57 px right.
	one := part(1, e.ticks[0], lang.L("Save your Backup key"),
		e.key, inTextColumn(container.NewVBox(roomForCopied(e.copyKey), e.saveBtn)), keyHelp, e.saved)
	// The code and Submit on one row, the code's error under it: part 3 spans the page under
	// parts 1 and 2, short enough for all of it to stay in view at 800x600. The row is in the
	// text column, as part 1's Copy and Save to file are: the code's box started 8 px left of
	// the heading over it.
	three := part(3, e.ticks[2], lang.L("Enter the Authentication Code"),
		inTextColumn(container.NewGridWithColumns(2, e.code.textEntry, e.submitBtn)), e.codeErr, e.why, e.resend.row())
	if e.qr == nil {
		sent := widget.NewLabel(fmt.Sprintf(lang.L("We sent a text message to %s."), e.en.PhoneHint))
		sent.Wrapping = fyne.TextWrapWord
		return container.NewVBox(one, part(2, e.ticks[1], lang.L("Get the text message"), sent), three)
	}
	scan := widget.NewLabel(lang.L("Scan this code with an authenticator app such as Google Authenticator or Amazon AWS Virtual MFA, or enter the secret key by hand."))
	scan.Wrapping = fyne.TextWrapWord
	copySecret := e.copyButton(e.en.Secret)
	frame := newPanel(theme.ColorNameSeparator, theme.ColorNameSeparator, 8, container.NewPadded(e.qr))
	// Most people scan the QR code: the key stays out of sight (and out of a screen share)
	// until someone asks for it. Its Copy is under it: beside it, "Copied — clears in 60 s"
	// ended 8 px right of the column.
	e.secretFold = newFold(lang.L("Can't scan? Show the secret key"), lang.L("Hide the secret key"),
		container.NewVBox(widget.NewLabel(lang.L("Secret key")), e.secret, atTextStart(roomForCopied(copySecret))))
	// The QR code beside what to do with it: under it, part 2 was so tall that part 3 went
	// below an 800x600 window's fold. The text has room for a line of words: at a label's
	// smallest it wrapped a word a line, and split the long ones.
	two := part(2, e.ticks[1], lang.L("Add x360Sync to your authenticator app"),
		container.NewBorder(nil, nil, container.NewVBox(atTextStart(frame)), nil,
			container.New(atLeastWide{scanTextWidth}, container.NewVBox(scan))), e.secretFold.box)
	// Reading order 1, 2, 3: parts 1 and 2 side by side, part 3 under both (with part 3 under
	// part 1 and part 2 beside them, a first-time user read the page zigzag); in a window
	// narrower than that needs, the three one under the other.
	return container.New(&partColumns{left: 0.42}, one, two, three)
}

// scanTextWidth is the least room for the scan text beside the QR code: a few words a line.
const scanTextWidth = 160

// columnGap is the room between the confirmation page's two columns.
const columnGap = 12

// atLeastWide lays out one object filling its container, at least w wide.
type atLeastWide struct{ w float32 }

func (l atLeastWide) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.Max(fyne.NewSize(l.w, 0))
}

func (l atLeastWide) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// roomForCopied is a Copy button as wide as its widest label, "Copied — clears in 60 s",
// whatever it says: a page does not move as the label changes.
func roomForCopied(b *button) *fyne.Container {
	widest := newButton(fmt.Sprintf(lang.L("Copied — clears in %d s"), 60), nil)
	return container.New(reservedWidth{widest}, b)
}

// reservedWidth lays out one object filling its container, at least as wide as like.
type reservedWidth struct{ like fyne.CanvasObject }

func (l reservedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s.Max(fyne.NewSize(l.like.MinSize().Width, 0))
}

func (l reservedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	atLeastWide{}.Layout(objs, size)
}

// partColumns lays out the confirmation page's three parts: the first two side by side, the
// first taking the fraction left of the width, the third under both; in a width narrower than
// that needs, all three one under the other. The columns' widths follow the width alone, never
// what the parts' labels say. Its height is the one for the width it was last laid out in (a
// wrapped label's is too): a caller gives the width first, then asks for the height.
type partColumns struct {
	left  float32
	width float32 // the width of the last layout
}

// twoColumns says the width w has room for parts 1 and 2 side by side at their fixed widths.
func (l *partColumns) twoColumns(objs []fyne.CanvasObject, w float32) bool {
	return w-l.leftWidth(objs, w)-columnGap >= objs[1].MinSize().Width
}

// leftWidth is part 1's column in the width w: the fraction left of it, at least part 1's own
// width (which no label changes: Copy keeps the room of its longest label, a tick its room).
func (l *partColumns) leftWidth(objs []fyne.CanvasObject, w float32) float32 {
	return fyne.Max(objs[0].MinSize().Width, (w-columnGap)*l.left)
}

func (l *partColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 3 {
		return fyne.Size{}
	}
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = fyne.NewSize(fyne.Max(s.Width, m.Width), s.Height+m.Height)
	}
	pad := theme.Padding()
	if l.twoColumns(objs, l.width) {
		m1, m2, m3 := objs[0].MinSize(), objs[1].MinSize(), objs[2].MinSize()
		return fyne.NewSize(s.Width, fyne.Max(m1.Height, m2.Height)+pad+m3.Height)
	}
	return s.AddWidthHeight(0, 2*pad)
}

func (l *partColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 3 {
		return
	}
	l.width = size.Width
	pad := theme.Padding()
	// place puts o at (x, y), w wide, as tall as it then asks (wrapped text, measured at w).
	place := func(o fyne.CanvasObject, x, y, w float32) float32 {
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		return o.Size().Height
	}
	if !l.twoColumns(objs, size.Width) {
		y := float32(0)
		for _, o := range objs {
			y += place(o, 0, y, size.Width) + pad
		}
		return
	}
	lw := l.leftWidth(objs, size.Width)
	h := fyne.Max(place(objs[0], 0, 0, lw), place(objs[1], lw+columnGap, 0, size.Width-lw-columnGap))
	objs[0].Resize(fyne.NewSize(lw, h))
	objs[1].Resize(fyne.NewSize(size.Width-lw-columnGap, h))
	place(objs[2], 0, h+pad, size.Width)
}

// part is one numbered part of the confirmation page, with a tick before its heading once it
// is done (at the heading's end it read as the next column's). The tick hangs in a margin of
// its own, left of the part's text, heading and all: shown before the heading alone, it pushed
// the heading 24 px right of the text under it; the margin is kept when no tick shows.
func part(n int, tick *widget.Icon, title string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	head := widget.NewLabel(fmt.Sprintf(lang.L("%d. %s"), n, title))
	head.TextStyle.Bold = true
	head.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(append([]fyne.CanvasObject{head}, objs...)...)
	return container.NewBorder(nil, nil, container.New(tickMargin{head, tick}, container.NewCenter(tick)), nil, body)
}

// tickMargin lays out a part's tick margin: as wide as the tick, shown or not, the tick
// centred on the heading's first line.
type tickMargin struct {
	head *widget.Label
	tick *widget.Icon
}

func (l tickMargin) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(l.tick.MinSize().Width, 0)
}

func (l tickMargin) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	line := fyne.MeasureText(l.head.Text, theme.TextSize(), l.head.TextStyle).Height + 2*theme.InnerPadding()
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(fyne.NewSize(size.Width, line))
	}
}

// saveToFile writes the Backup key to a file the person picks; the file is theirs to keep
// somewhere safe, so it says what the key is for.
func (e *enrolmentView) saveToFile() {
	d := dialog.NewFileSave(e.saveTo, e.win)
	d.SetFileName("x360sync-backup-key.txt")
	// Shown on the next turn of the event loop: the Space that pressed Save to file is still
	// on its way as a typed character and would land in the focused file name field.
	fyne.Do(d.Show)
}

// saveTo is the file dialog's answer: the file is written off the UI goroutine (the place
// may be a slow or network folder), beside any call in flight (detached). Not through the
// single-call gate: the dialog has already created the file, and an answer that came while a
// code was being checked was refused, leaving an empty Backup key file open (security review).
func (e *enrolmentView) saveTo(w fyne.URIWriteCloser, err error) {
	if err != nil || w == nil {
		e.win.Canvas().Focus(e.saveBtn) // cancelled: back where the person was
		return
	}
	e.saveBtn.Disable()
	var werr error
	e.run.detached(func() { werr = writeBackupKey(w, e.en.BackupKey) }, func() {
		e.saveBtn.Enable()
		if werr != nil {
			dialog.ShowInformation(lang.L("Backup key not saved"), lang.L("The file could not be written. Choose another place, or copy the key instead."), e.win)
			return
		}
		e.saved.SetChecked(true)
		e.win.Canvas().Focus(e.code.textEntry) // saved: the code is what is left to do
	})
}

// fileScheme is the scheme of a URI that names a local file.
const fileScheme = "file"

// writeBackupKey writes the Backup key file to w and closes it. A local file is made owner
// only (0600) first: Fyne creates it 0644, readable by every user of the computer, and the key
// must never sit in such a file, not even for a moment. Where the OS has no such mode (Windows
// keeps the folder's access list) or the place is not a local file, the chmod does nothing.
func writeBackupKey(w fyne.URIWriteCloser, key string) error {
	if u := w.URI(); u != nil && u.Scheme() == fileScheme {
		if err := os.Chmod(u.Path(), 0o600); err != nil && !errors.Is(err, os.ErrNotExist) && runtime.GOOS != "windows" {
			_ = w.Close()
			return err // the key is not written into a file others may read
		}
	}
	_, err := w.Write([]byte(backupKeyFile(key)))
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

// backupKeyFile is the content of a saved Backup key file.
func backupKeyFile(key string) string {
	return fmt.Sprintf(lang.L("x360Sync Backup key\n\n%s\n\nUse it on the Account Recovery page (\"Need to disable two-step authentication?\")\nif you can no longer provide an authentication code. It works once.\n"), key)
}

// qrImage draws the otpauth URL black on white with the standard quiet zone, scaled by whole
// pixels so phone cameras read it crisply in either theme.
func qrImage(url string) *canvas.Image {
	var img image.Image = image.NewGray(image.Rect(0, 0, 1, 1))
	if q, err := qrcode.New(url, qrcode.Medium); err == nil {
		img = q.Image(256)
	}
	c := canvas.NewImageFromImage(img)
	c.ScaleMode = canvas.ImageScalePixels
	c.FillMode = canvas.ImageFillContain
	c.SetMinSize(fyne.NewSize(168, 168)) // beside its text, part 3 in view at 800x600
	return c
}

// groups splits a key into groups of n for reading aloud or typing.
func groups(s string, n int) string {
	var parts []string
	for len(s) > n {
		parts = append(parts, s[:n])
		s = s[n:]
	}
	return strings.Join(append(parts, s), " ")
}

// groupLines splits a key into groups of n, perLine of them a line.
func groupLines(s string, n, perLine int) string {
	g := strings.Fields(groups(s, n))
	var lines []string
	for len(g) > perLine {
		lines = append(lines, strings.Join(g[:perLine], " "))
		g = g[perLine:]
	}
	return strings.Join(append(lines, strings.Join(g, " ")), "\n")
}

// digitsOf keeps the digits of a typed or pasted code (spaces, dashes, newlines fall away).
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
