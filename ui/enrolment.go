package ui

import (
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/x360sync/desktop/client/api"
)

// enrolmentView is what every "Confirm two-step authentication" page shows, in the sign-in
// wizard and in account settings alike: the Backup key to save (gating Submit), the QR code and
// secret key for an authenticator app or where the text went, and the first code.
type enrolmentView struct {
	win       fyne.Window
	en        api.EnrollResponse
	key       *widget.Label
	saved     *widget.Check
	saveBtn   *widget.Button
	qr        *canvas.Image
	secret    *widget.Label
	code      *codeEntry
	submitBtn *widget.Button
	resend    *widget.Button
	busy      func() bool
	onSubmit  func(code string)
}

func newEnrolmentView(win fyne.Window, en api.EnrollResponse, busy func() bool, submit func(code string), resend func()) *enrolmentView {
	e := &enrolmentView{win: win, en: en, busy: busy, onSubmit: submit}
	e.key = widget.NewLabelWithStyle(en.BackupKey, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	e.key.SizeName = "headingText"
	e.saved = widget.NewCheck(lang.L("I have saved my backup key"), func(bool) { e.gate() })
	e.submitBtn = widget.NewButton(lang.L("Submit"), e.submit)
	e.submitBtn.Importance = widget.HighImportance
	e.code = newCodeEntry(busy, func() bool { return e.saved.Checked }, e.submit)
	e.resend = widget.NewButton(lang.L("Resend"), resend)
	if en.Secret != "" {
		e.qr = qrImage(en.OTPAuthURL)
		e.secret = widget.NewLabelWithStyle(groups(en.Secret, 4), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		e.resend.Hide()
	}
	e.gate()
	return e
}

// gate keeps Submit off until the Backup key is saved and while a request runs.
func (e *enrolmentView) gate() {
	if e.saved.Checked && !e.busy() {
		e.submitBtn.Enable()
	} else {
		e.submitBtn.Disable()
	}
}

func (e *enrolmentView) setBusy(b bool) {
	enable(!b, e.code.Entry, e.saved, e.resend)
	e.gate()
}

func (e *enrolmentView) submit() {
	if e.saved.Checked {
		e.onSubmit(e.code.digits())
	}
}

func (e *enrolmentView) content() fyne.CanvasObject {
	keyHelp := widget.NewLabel(lang.L("Save this Backup key. You will need it if you ever need to recover access to your account."))
	keyHelp.Wrapping = fyne.TextWrapWord
	copyKey := widget.NewButton(lang.L("Copy"), func() { copyForAMinute(e.win, e.en.BackupKey) })
	e.saveBtn = widget.NewButton(lang.L("Save to file"), e.saveToFile)
	parts := []fyne.CanvasObject{widget.NewLabel(lang.L("Backup key")), container.NewHBox(e.key, copyKey, e.saveBtn), keyHelp, e.saved}
	if e.qr != nil {
		scan := widget.NewLabel(lang.L("Scan this code with your authenticator app, or enter the secret key by hand."))
		scan.Wrapping = fyne.TextWrapWord
		copySecret := widget.NewButton(lang.L("Copy"), func() { copyForAMinute(e.win, e.en.Secret) })
		parts = append(parts, scan, container.NewCenter(e.qr), container.NewHBox(widget.NewLabel(lang.L("Secret key")), e.secret, copySecret))
	} else {
		parts = append(parts, widget.NewLabel(fmt.Sprintf(lang.L("We sent a text message to %s."), e.en.PhoneHint)))
	}
	return container.NewVBox(append(parts, widget.NewLabel(lang.L("Authentication Code")), e.code.Entry, container.NewHBox(e.submitBtn, e.resend))...)
}

// saveToFile writes the Backup key to a file the person picks; the file is theirs to keep
// somewhere safe, so it says what the key is for.
func (e *enrolmentView) saveToFile() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			e.win.Canvas().Focus(e.saveBtn) // cancelled: back where the person was
			return
		}
		_, werr := w.Write([]byte(backupKeyFile(e.en.BackupKey)))
		if cerr := w.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			dialog.ShowInformation(lang.L("Backup key not saved"), lang.L("The file could not be written. Choose another place, or copy the key instead."), e.win)
			return
		}
		e.saved.SetChecked(true)
		e.win.Canvas().Focus(e.code.Entry) // saved: the code is what is left to do
	}, e.win)
	d.SetFileName("x360sync-backup-key.txt")
	// Shown on the next turn of the event loop: the Space that pressed Save to file is still
	// on its way as a typed character and would land in the focused file name field.
	fyne.Do(d.Show)
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
	c.SetMinSize(fyne.NewSize(220, 220))
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
