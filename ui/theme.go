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

// brandBlue is the blue of the app icon, a shade darker; brandBlueDark a lighter one that
// keeps its contrast on a dark background. Both read at 5.5:1 or more as caption text on the
// badge's tint of themselves (antialiased small text was measured a point under its colours'
// ratio); white on brandBlue reads at 7.1:1, near-black onBrandBlueDark on brandBlueDark at
// 8:1 (white on it would read at 2.2:1).
var (
	brandBlue       = color.NRGBA{R: 0x1a, G: 0x52, B: 0xb8, A: 0xff}
	brandBlueDark   = color.NRGBA{R: 0x7a, G: 0xae, B: 0xff, A: 0xff}
	onBrandBlueDark = color.NRGBA{R: 0x0a, G: 0x16, B: 0x2e, A: 0xff}
)

// Muted and disabled text that reaches WCAG AA's 4.5:1 on every background it is drawn on
// (card, backdrop, entry, disabled button): Fyne's light placeholder reads at 3.2:1 on the
// backdrop and its disabled colours at 1.2–1.6:1, which made a countdown such as
// "Resend (29 s)" unreadable.
var (
	mutedLight    = color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff}
	disabledLight = color.NRGBA{R: 0x6e, G: 0x6e, B: 0x6e, A: 0xff}
	disabledDark  = color.NRGBA{R: 0x94, G: 0x94, B: 0x94, A: 0xff}
)

// Error and warning colours for the light theme that read as text at WCAG AA's 4.5:1 on the
// card: Fyne's #f44336 reads at 3.7:1 there (and white on it, a danger button, as little),
// its #ff9800 at 2.2:1. Both read at 5.6:1; white on errorLight too. Fyne's dark ones already
// read at 4.9:1 and 8.3:1 on the dark card.
var (
	errorLight   = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	warningLight = color.NRGBA{R: 0xa3, G: 0x52, B: 0x00, A: 0xff}
)

// lightOnly are the colours the light theme changes and the dark one keeps: Fyne's dark
// placeholder reads at 7.6:1 or more already.
var lightOnly = map[fyne.ThemeColorName]color.Color{
	theme.ColorNamePlaceHolder: mutedLight,
	theme.ColorNameError:       errorLight,
	theme.ColorNameWarning:     warningLight,
}

// Color gives the brand colour for primary elements, a neutral focus tint, muted, disabled,
// error and warning text that can be read, and Fyne's colours otherwise.
func (t brandTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := lightOnly[n]; ok && v != theme.VariantDark {
		return c
	}
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
	case theme.ColorNameDisabled:
		if v == theme.VariantDark {
			return disabledDark
		}
		return disabledLight
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
