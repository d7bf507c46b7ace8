// Package ui holds the Fyne screens of x360Sync Desktop. It renders what the app core
// decides and forwards the user's events to it; it decides nothing on its own.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/assets"
)

// AppID is the application's reverse-DNS identifier; FyneApp.toml carries the same string.
const AppID = "com.x360sync.desktop"

// Title is the main window's title.
const Title = "x360Sync"

// Icon is the application icon as a Fyne resource.
var Icon = fyne.NewStaticResource("icon.png", assets.IconPNG)

// NewMainWindow builds the main window of the app, titled and iconed, with the welcome content.
func NewMainWindow(a fyne.App) fyne.Window {
	a.SetIcon(Icon)
	w := a.NewWindow(Title)
	w.SetIcon(Icon)
	welcome := widget.NewLabelWithStyle("Welcome to x360Sync", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	w.SetContent(container.NewCenter(welcome))
	w.Resize(fyne.NewSize(640, 480))
	return w
}
