package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/demophone"
)

// demoPhoneView is the Demo phone window (demo mode only): the codes an authenticator app
// would show for every demo account, with the seconds they stay valid, and the texts and
// emails the demo server sent, newest first. It reads the server once a second while open;
// that is the only thing that ticks, and only in demo mode.
type demoPhoneView struct {
	phone    *demophone.Phone
	codes    *widget.Label
	messages *widget.Label
	run      runner
}

func newDemoPhoneView(server string) *demoPhoneView {
	v := &demoPhoneView{phone: &demophone.Phone{Server: server}, codes: widget.NewLabel(lang.L("Reading the demo server…")), messages: widget.NewLabel("")}
	v.codes.TextStyle.Monospace = true
	v.messages.Wrapping = fyne.TextWrapWord
	return v
}

func (v *demoPhoneView) content() fyne.CanvasObject {
	intro := widget.NewLabel(lang.L("Demo mode: this window stands in for your phone. Use these codes and texts to finish every flow."))
	intro.Wrapping = fyne.TextWrapWord
	return container.NewPadded(container.NewBorder(container.NewVBox(intro,
		widget.NewLabelWithStyle(lang.L("Authenticator app"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.codes,
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
			v.codes.SetText(lang.L("The demo server does not answer."))
			return
		}
		v.show(s)
	})
}

func (v *demoPhoneView) show(s demophone.Screen) {
	var codes []string
	for _, c := range s.Codes {
		codes = append(codes, fmt.Sprintf("%-6s %s %s   %2d s", c.Username, c.Code[:3], c.Code[3:], c.Left))
	}
	if len(codes) == 0 {
		codes = []string{lang.L("No account uses an authenticator app yet.")}
	}
	v.codes.SetText(strings.Join(codes, "\n"))
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

// ShowDemoPhone opens the Demo phone window beside the main window (demo mode) and reads the
// demo server every second until the window closes.
func ShowDemoPhone(a fyne.App, server string) fyne.Window {
	v := newDemoPhoneView(server)
	w := a.NewWindow(lang.L("x360Sync Demo phone"))
	w.SetContent(v.content())
	w.Resize(fyne.NewSize(420, 560))
	v.refresh()
	w.SetOnClosed(v.run.every(time.Second, v.refresh))
	w.Show()
	return w
}
