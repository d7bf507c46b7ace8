package ui

import (
	"context"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"
)

// confirmScreen is "Confirm two-step authentication": the Backup key to save, the QR code and
// secret key for an authenticator app (or where the text went), and the first code.
type confirmScreen struct {
	v         *wizardView
	key       *widget.Label
	saved     *widget.Check
	qr        *canvas.Image
	secret    *widget.Label
	code      *codeEntry
	submitBtn *widget.Button
	resend    *widget.Button
}

func newConfirmScreen(v *wizardView) *confirmScreen {
	en := v.flow.Enrollment
	s := &confirmScreen{v: v}
	s.key = widget.NewLabelWithStyle(en.BackupKey, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	s.key.SizeName = "headingText"
	s.saved = widget.NewCheck("I have saved my backup key", func(bool) { s.gate() })
	s.submitBtn = widget.NewButton("Submit", s.onSubmit)
	s.submitBtn.Importance = widget.HighImportance
	s.code = newCodeEntry(v, s.onSubmit)
	s.resend = widget.NewButton("Resend", func() { v.do(func(ctx context.Context) error { return v.flow.Resend(ctx) }) })
	if en.Secret != "" {
		s.qr = qrImage(en.OTPAuthURL)
		s.secret = widget.NewLabelWithStyle(groups(en.Secret, 4), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		s.resend.Hide()
	}
	s.gate()
	return s
}

// gate keeps Submit (and the automatic submit) off until the Backup key is saved.
func (s *confirmScreen) gate() {
	if s.saved.Checked && !s.v.run.busyNow() {
		s.submitBtn.Enable()
	} else {
		s.submitBtn.Disable()
	}
}

func (s *confirmScreen) content() fyne.CanvasObject {
	keyHelp := widget.NewLabel("Save this Backup key. You will need it if you ever need to recover access to your account.")
	keyHelp.Wrapping = fyne.TextWrapWord
	copyKey := widget.NewButton("Copy", func() { copyForAMinute(s.v.win, s.v.flow.Enrollment.BackupKey) })
	parts := []fyne.CanvasObject{widget.NewLabel("Backup key"), container.NewHBox(s.key, copyKey), keyHelp, s.saved}
	if s.qr != nil {
		scan := widget.NewLabel("Scan this code with your authenticator app, or enter the secret key by hand.")
		scan.Wrapping = fyne.TextWrapWord
		copySecret := widget.NewButton("Copy", func() { copyForAMinute(s.v.win, s.v.flow.Enrollment.Secret) })
		parts = append(parts, scan, container.NewCenter(s.qr), container.NewHBox(widget.NewLabel("Secret key"), s.secret, copySecret))
	} else {
		parts = append(parts, widget.NewLabel("We sent a text message to "+s.v.flow.Enrollment.PhoneHint+"."))
	}
	return container.NewVBox(append(parts, widget.NewLabel("Authentication Code"), s.code.Entry, container.NewHBox(s.submitBtn, s.resend))...)
}
func (s *confirmScreen) first() fyne.Focusable { return s.code.Entry }
func (s *confirmScreen) setBusy(b bool) {
	enable(!b, s.code.Entry, s.saved, s.resend)
	s.gate()
}
func (s *confirmScreen) onSubmit() {
	if !s.saved.Checked {
		s.v.msg.SetText("Save your Backup key and tick \"I have saved my backup key\" first.")
		return
	}
	c := s.code.digits()
	s.v.do(func(ctx context.Context) error { return s.v.flow.SubmitConfirm(ctx, c) })
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

func (s *confirmScreen) submit() { s.onSubmit() }
