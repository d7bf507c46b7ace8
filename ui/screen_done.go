package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// doneScreen says the computer is registered.
type doneScreen struct{ text *widget.Label }

func newDoneScreen(v *wizardView) *doneScreen {
	t := widget.NewLabel(fmt.Sprintf(lang.L("This computer is registered as %q for %s. Your credentials are stored in the system keyring."), v.flow.DeviceName, v.flow.Username))
	t.Wrapping = fyne.TextWrapWord
	return &doneScreen{text: t}
}

func (s *doneScreen) content() fyne.CanvasObject { return container.NewVBox(s.text) }
func (s *doneScreen) first() fyne.Focusable      { return nil }
func (s *doneScreen) setBusy(bool)               {}
func (s *doneScreen) submit()                    {}
