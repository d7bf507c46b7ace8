package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// Fyne 2.8 has no API to place a window. The Demo phone goes beside the main window where the
// OS lets an app say where its window goes: on X11 and Windows, through the native handle
// Fyne hands out (driver.NativeWindow) and a small platform file (place_x11.go,
// place_windows.go). macOS would need Objective-C that cannot be run here; Wayland does not
// let a client place its windows. Elsewhere the window manager places it, as before.

// placeGap is the space left between the two windows, in pixels.
const placeGap = 16

// placeBeside moves w next to main: to its right, or to its left when the screen ends there,
// else against the screen's edge where it is least covered. It does nothing where the OS has
// no way, or when either window has no native handle yet.
func placeBeside(main, w fyne.Window) {
	mw, mh := appliedPixels(main.Canvas())
	mn, ok := main.(driver.NativeWindow)
	wn, ok2 := w.(driver.NativeWindow)
	if !ok || !ok2 {
		return // the test driver, or a driver without native windows
	}
	var mainCtx, ctx any
	mn.RunNative(func(c any) { mainCtx = c })
	wn.RunNative(func(c any) { ctx = c })
	moveBeside(mainCtx, ctx, mw, mh)
}

// appliedPixels is the size Fyne has given the window of c, in pixels. Resize sets it at once,
// while the window system may still report the size the window opened at: at a relaunch the
// saved size is applied after the window opens (see NewMainWindow).
func appliedPixels(c fyne.Canvas) (w, h int) {
	s, sc := c.Size(), c.Scale()
	return int(s.Width*sc + 0.5), int(s.Height*sc + 0.5)
}

// mainRect is the main window as the window system reports it, at least as large as the
// size Fyne applied (w, h pixels).
func mainRect(reported rect, w, h int) rect {
	reported.w, reported.h = max(reported.w, w), max(reported.h, h)
	return reported
}

// rect is a window's or a screen's place in pixels.
type rect struct{ x, y, w, h int }

// besideOf is where a window of width w goes next to main on a screen: to the right of main
// if it fits, else to its left. Where neither fits, it goes against the screen's edge on the
// side with more room, over main's edge: the window manager put it at 0,0, wholly behind a
// large main window, and a keyboard user could not bring it back. The top edges line up.
func besideOf(main rect, w int, screen rect) (x, y int) {
	right, left := main.x+main.w+placeGap, main.x-placeGap-w
	switch {
	case right+w <= screen.x+screen.w:
		return right, main.y
	case left >= screen.x:
		return left, main.y
	case screen.x+screen.w-(main.x+main.w) >= main.x-screen.x:
		return screen.x + screen.w - w, main.y
	default:
		return screen.x, main.y
	}
}

// mainWindowBut is the main window, which exists before the Demo phone opens: the window
// titled Title, else the app's first window other than w (a driver may hold windows of its
// own: the test driver does).
func mainWindowBut(a fyne.App, w fyne.Window) fyne.Window {
	var first fyne.Window
	for _, o := range a.Driver().AllWindows() {
		if o == w {
			continue
		}
		if o.Title() == Title {
			return o
		}
		if first == nil {
			first = o
		}
	}
	return first
}
