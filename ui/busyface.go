package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// busyFace is what a busy primary button shows over itself. Fyne paints a disabled button
// in its disabled colours, grey on grey, and the busy button must stay disabled (not
// pressable, and said so to screen readers); so while a call runs the button keeps its brand
// look through this face on top: the primary colour, the busy words and the indicator in
// the colour made to be read on it (ForegroundOnPrimary). It holds nothing tappable, so a
// tap still reaches the disabled button beneath, which ignores it.
type busyFace struct {
	root  *container.ThemeOverride
	bg    *panel
	words *widget.Label
}

func newBusyFace(act *widget.Activity) *busyFace {
	f := &busyFace{bg: newBackground(theme.ColorNamePrimary, "", 0), words: widget.NewLabel("")}
	f.words.Alignment, f.words.TextStyle.Bold = fyne.TextAlignCenter, true
	f.words.Truncation = fyne.TextTruncateEllipsis
	f.root = container.NewThemeOverride(container.NewStack(f.bg, f.words,
		container.NewHBox(layout.NewSpacer(), container.NewPadded(act))), onPrimaryTheme{})
	f.root.Hide()
	return f
}

// show puts the face over the button with words, rounded as the theme rounds buttons now.
func (f *busyFace) show(words string) {
	f.bg.radius = fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameInputRadius)
	f.words.SetText(words)
	f.root.Show()
	f.bg.Refresh()
}

func (f *busyFace) hide() { f.root.Hide() }

// onPrimaryTheme is the app's theme with the foreground made for the primary colour, for
// what the busy face draws on it (the words, the indicator's dots).
type onPrimaryTheme struct{}

func (onPrimaryTheme) base() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t onPrimaryTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		n = theme.ColorNameForegroundOnPrimary
	}
	return t.base().Color(n, v)
}

func (t onPrimaryTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base().Font(s) }
func (t onPrimaryTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base().Icon(n) }
func (t onPrimaryTheme) Size(n fyne.ThemeSizeName) float32       { return t.base().Size(n) }
