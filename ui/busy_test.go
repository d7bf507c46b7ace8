package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// The busy primary button ("Signing in…" with its indicator) keeps the brand look and stays
// legible: on the pixels as painted, its words stand out from the button's colour by at least
// WCAG's 4.5:1, in light and dark. It is still not pressable. (It was grey on grey: Fyne paints
// a disabled button in its disabled colours.)
func TestBusyButton_busyWordsAreLegible(t *testing.T) {
	for _, variant := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a := test.NewTempApp(t)
		th := variantTheme{newBrandTheme(nil), variant}
		a.Settings().SetTheme(th)
		taps := 0
		b := newBusyButton("Sign in", "Signing in…", func() { taps++ })
		win := test.NewTempWindow(t, container.NewVBox(b.box))
		win.Resize(fyne.NewSize(420, 120))
		b.setBusy(true)
		test.Tap(b.button)
		if taps != 0 || !b.Disabled() {
			t.Errorf("variant %v: the busy button was pressed (%d taps), or is not disabled", variant, taps)
		}
		name := map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[variant]
		checkPrimaryLook(t, name+", busy", win, b, th.Color(theme.ColorNamePrimary, variant))
		b.setBusy(false)
		checkPrimaryLook(t, name+", idle", win, b, th.Color(theme.ColorNamePrimary, variant))
	}
}

// checkPrimaryLook reads b's pixels in win: painted in primary, with words that stand out
// from it by at least 4.5:1.
func checkPrimaryLook(t *testing.T, state string, win fyne.Window, b *busyButton, primary color.Color) {
	t.Helper()
	img := win.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b.button)
	size := b.button.Size()
	// The button's own colour beside its words, and the words: the painted pixel that differs
	// most from it in the middle of the button (the indicator is at the end).
	bg := img.At(int(pos.X)+8, int(pos.Y+size.Height/2))
	ratio := 0.0
	var fg color.Color
	for x := int(pos.X + size.Width/4); x < int(pos.X+size.Width*3/4); x++ {
		for y := int(pos.Y) + 6; y < int(pos.Y+size.Height)-6; y++ {
			if r := contrast(img.At(x, y), bg); r > ratio {
				ratio, fg = r, img.At(x, y)
			}
		}
	}
	t.Logf("%s: words %v on %v: %.2f:1", state, fg, bg, ratio)
	if !sameColour(bg, primary) {
		t.Errorf("%s: the button is painted %v, not the brand colour %v", state, bg, primary)
	}
	if ratio < 4.5 {
		t.Errorf("%s: words %v on %v: contrast %.2f:1, want at least 4.5:1", state, fg, bg, ratio)
	}
}

func sameColour(a, b color.Color) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	near := func(x, y uint32) bool { return math.Abs(float64(x>>8)-float64(y>>8)) <= 2 }
	return near(ar, br) && near(ag, bg) && near(ab, bb)
}

// contrast is WCAG 2's contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
