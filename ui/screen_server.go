package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// serverScreen asks for the server address (skipped in demo mode).
type serverScreen struct {
	v       *wizardView
	address *widget.Entry
	next    *widget.Button
}

func newServerScreen(v *wizardView) *serverScreen {
	s := &serverScreen{v: v}
	s.address = entry("https://sync.example.com", s.submit)
	s.address.SetText(v.flow.Server)
	s.next = widget.NewButton(lang.L("Continue"), s.submit)
	s.next.Importance = widget.HighImportance
	return s
}

func (s *serverScreen) content() fyne.CanvasObject {
	return container.NewVBox(widget.NewLabel(lang.L("Server address")), s.address, s.next)
}
func (s *serverScreen) first() fyne.Focusable { return s.address }
func (s *serverScreen) setBusy(b bool)        { enable(!b, s.address, s.next) }
func (s *serverScreen) submit() {
	addr := s.address.Text
	s.v.do(func(ctx context.Context) error { return s.v.flow.SubmitServer(ctx, addr) })
}
