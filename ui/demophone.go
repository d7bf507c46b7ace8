package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/demophone"
)

// demoPhoneView is the Demo phone window (demo mode only): the codes an authenticator app
// would show for every demo account, one row each with a bar of the seconds they stay valid
// and Copy, and the texts and emails the demo server sent, newest first. It reads the server
// once a second while open; that is the only thing that ticks, and only in demo mode.
type demoPhoneView struct {
	phone    *demophone.Phone
	status   *widget.Label // reading, no answer, no codes yet
	codes    *fyne.Container
	rows     []*codeRow
	messages *widget.Label
	run      runner
}

// longestDemoName is the widest demo account's name: the names' column is as wide, so every
// row's code starts at one x. A name, not a word: never translated, never shown.
const longestDemoName = "carol"

// totpPeriod is how long an authenticator code lives, the demo server's TOTP step.
const totpPeriod = 30

// codeRow is one account's code: updated in place every second, so a focused Copy keeps
// the focus.
type codeRow struct {
	name, text *widget.Label
	left       *widget.ProgressBar
	secs       *widget.Label // the seconds left, beside the bar: on it they crossed its filled edge
	copy       *button
	code       string
	box        fyne.CanvasObject
}

func newDemoPhoneView(server string) *demoPhoneView {
	v := &demoPhoneView{
		phone: &demophone.Phone{Server: server}, status: widget.NewLabel(lang.L("Reading the demo server…")),
		codes: container.NewVBox(), messages: widget.NewLabel(""),
	}
	v.messages.Wrapping = fyne.TextWrapWord
	return v
}

func (v *demoPhoneView) newRow() *codeRow {
	// One font, the window's: a monospace label switched to the proportional face from one
	// update to the next (a user test). The name and the code are labels of their own, so they
	// line up without padding with spaces; the font's digits are all one width.
	r := &codeRow{name: widget.NewLabel(""), text: widget.NewLabel(""), left: widget.NewProgressBar(), secs: widget.NewLabel("")}
	r.left.Max = totpPeriod
	r.left.TextFormatter = func() string { return "" } // the seconds are in secs, beside the bar
	r.secs.Alignment = fyne.TextAlignTrailing
	r.copy = newCopyButton(&v.run, func() string { return r.code }) // the code shown now
	name := container.New(layout.NewGridWrapLayout(widthOf(longestDemoName)), r.name)
	secs := container.New(layout.NewGridWrapLayout(widthOf(fmt.Sprintf(lang.L("%d s"), totpPeriod))), r.secs)
	r.box = container.NewBorder(nil, nil, container.NewHBox(name, r.text), container.NewHBox(secs, r.copy), r.left)
	return r
}

func (v *demoPhoneView) content() fyne.CanvasObject {
	intro := widget.NewLabel(lang.L("Demo mode: this window stands in for your phone. Use these codes and texts to finish every flow."))
	intro.Wrapping = fyne.TextWrapWord
	return container.NewPadded(container.NewBorder(container.NewVBox(intro,
		widget.NewLabelWithStyle(lang.L("Authenticator app"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.status, v.codes,
		widget.NewLabelWithStyle(lang.L("Text messages and emails"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		nil, nil, nil, container.NewVScroll(v.messages)))
}

// refresh reads the server in the background and shows what it said.
func (v *demoPhoneView) refresh() {
	var s demophone.Screen
	v.run.run(func(bool) {}, func(ctx context.Context) (err error) {
		s, err = v.phone.Read(ctx)
		return err
	}, func(err error) {
		if err != nil {
			v.status.SetText(lang.L("The demo server does not answer."))
			v.status.Show()
			return
		}
		v.show(s)
	})
}

func (v *demoPhoneView) show(s demophone.Screen) {
	v.showCodes(s.Codes)
	var msgs []string
	for _, m := range s.Messages {
		kind := lang.L("Text to")
		if m.Channel == "email" {
			kind = lang.L("Email to")
		}
		msgs = append(msgs, fmt.Sprintf(lang.L("%s %s, %s\n%s"), kind, m.To, m.At.Local().Format("15:04:05"), m.Text))
	}
	if len(msgs) == 0 {
		msgs = []string{lang.L("Nothing sent yet.")}
	}
	v.messages.SetText(strings.Join(msgs, "\n\n"))
}

// showCodes puts one row per code, reusing the rows there are.
func (v *demoPhoneView) showCodes(codes []demophone.Code) {
	v.status.Hide()
	if len(codes) == 0 {
		v.status.SetText(lang.L("No account uses an authenticator app yet."))
		v.status.Show()
	}
	for len(v.rows) < len(codes) {
		r := v.newRow()
		v.rows = append(v.rows, r)
		v.codes.Add(r.box)
	}
	for i, r := range v.rows {
		if i >= len(codes) {
			r.box.Hide()
			continue
		}
		c := codes[i]
		r.code = c.Code
		shown := c.Code
		if len(shown) == 6 {
			shown = shown[:3] + " " + shown[3:]
		}
		r.name.SetText(c.Username)
		r.text.SetText(shown)
		r.left.SetValue(float64(c.Left))
		r.secs.SetText(fmt.Sprintf(lang.L("%d s"), c.Left))
		r.box.Show()
	}
}

// widthOf is the size of a label showing text, so a column keeps its width while its text
// changes (the seconds, from "30 s" to "9 s") and the bar beside it does not jump.
func widthOf(text string) fyne.Size {
	return widget.NewLabel(text).MinSize()
}

// ShowDemoPhone opens the Demo phone window beside the main window (demo mode; where the OS
// lets an app place its windows, see place.go), leaves the keyboard focus to the main window, and reads the demo server every second until
// the window closes.
func ShowDemoPhone(a fyne.App, server string) fyne.Window {
	v := newDemoPhoneView(server)
	w := a.NewWindow(lang.L("x360Sync Demo phone"))
	w.SetContent(v.content())
	w.Resize(fyne.NewSize(420, 560))
	v.refresh()
	v.run.every(time.Second, v.refresh)
	w.SetOnClosed(v.run.stopAll) // the refresh, any Copy's countdown and its clipboard clearing
	showBesideMain(a, w)
	return w
}

// showBesideMain shows w beside the main window and gives the keyboard focus back to the
// main window: a window takes the focus as it shows, and the Demo phone shows after the main
// window's first frame, so what the person typed next (the Server address) went into it.
func showBesideMain(a fyne.App, w fyne.Window) {
	w.Show()
	if main := mainWindowBut(a, w); main != nil {
		placeBeside(main, w)
		main.RequestFocus()
	}
}
