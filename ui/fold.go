package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fold is a part of a screen that stays closed until the person opens it ("Can't scan? Show
// the secret key", About, Details): a link with a disclosure arrow, and the content under it.
// Fyne's Accordion is not used: its header drops the focus when pressed and ignores Enter.
type fold struct {
	button         *button
	content        fyne.CanvasObject
	box            *fyne.Container
	closed, opened string // the link's words either way
}

func newFold(closed, opened string, content fyne.CanvasObject) *fold {
	f := &fold{content: content, closed: closed, opened: opened}
	f.button = newButton(closed, f.toggle)
	f.button.Importance = widget.LowImportance
	f.button.Alignment = widget.ButtonAlignLeading
	f.box = container.NewVBox(container.NewHBox(f.button), content)
	f.setOpen(false)
	return f
}

// isOpen says whether the content shows.
func (f *fold) isOpen() bool { return f.content.Visible() }

// toggle opens a closed fold and closes an open one. The focus stays on the link (Fyne's
// button gives it up when pressed), so Tab goes on into what it opened; what it opened is
// scrolled into view, the link kept in view first (it has the focus), or the content stayed
// below the window's edge and the press seemed to do nothing.
func (f *fold) toggle() {
	f.setOpen(!f.isOpen())
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.button); c != nil {
		c.Focus(f.button)
	}
	if f.isOpen() {
		reveal(f.content)
		reveal(f.button.self)
	}
}

func (f *fold) setOpen(open bool) {
	if open {
		f.content.Show()
		f.button.SetText(f.opened)
		f.button.SetIcon(theme.MenuDropDownIcon())
	} else {
		f.content.Hide()
		f.button.SetText(f.closed)
		f.button.SetIcon(theme.MenuExpandIcon())
	}
	f.box.Refresh()
}
