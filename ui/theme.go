package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// brandTheme is Fyne's default theme with x360Sync's brand colour, rounder corners and a
// larger heading. It passes the variant through, so the app follows the OS light/dark setting.
type brandTheme struct{ fyne.Theme }

// newBrandTheme wraps base (Fyne's default theme when nil).
func newBrandTheme(base fyne.Theme) fyne.Theme {
	if base == nil {
		base = theme.DefaultTheme()
	}
	return brandTheme{base}
}

// brandBlue is the blue of the app icon; brandBlueDark a lighter one that keeps its contrast
// on a dark background. Words on brandBlueDark are near-black: white on it reads at 2.8:1,
// under WCAG's 4.5:1 (onBrandBlueDark reads at 6.6:1; white on brandBlue at 6.1:1).
var (
	brandBlue       = color.NRGBA{R: 0x1f, G: 0x5f, B: 0xd1, A: 0xff}
	brandBlueDark   = color.NRGBA{R: 0x5b, G: 0x9b, B: 0xff, A: 0xff}
	onBrandBlueDark = color.NRGBA{R: 0x0a, G: 0x16, B: 0x2e, A: 0xff}
)

// Color gives the brand colour for primary elements, a neutral focus tint, and Fyne's colours
// otherwise.
func (t brandTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		if v == theme.VariantDark {
			return brandBlueDark
		}
		return brandBlue
	case theme.ColorNameForegroundOnPrimary:
		if v == theme.VariantDark {
			return onBrandBlueDark
		}
	case theme.ColorNameFocus:
		// Neutral, not blue: Fyne blends it over a focused button's own colour, and blue over
		// the brand-blue primary button left no trace of the focus.
		if v == theme.VariantDark {
			return color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0x50}
		}
		return color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0x40}
	}
	return t.Theme.Color(n, v)
}

// Size rounds inputs and buttons a little more and makes headings stand out from the body.
func (t brandTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 6
	case theme.SizeNameHeadingText:
		return 22
	}
	return t.Theme.Size(n)
}
