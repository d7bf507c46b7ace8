//go:build linux && cgo

package ui

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

// ignoreErrors keeps a window that vanished meanwhile (BadWindow) from ending the process,
// which Xlib's default error handler would do.
static int ignoreErrors(Display *d, XErrorEvent *e) { (void)d; (void)e; return 0; }
static XErrorHandler quiet(void) { return XSetErrorHandler(ignoreErrors); }
*/
import "C"

import "fyne.io/fyne/v2/driver"

// moveBeside moves an X11 window beside another through a connection of its own (window ids
// are the X server's, not the connection's). Under XWayland the same works; a Wayland
// context gets nothing.
// mw and mh are the main window's size as Fyne applied it (see appliedPixels).
func moveBeside(mainCtx, ctx any, mw, mh int) {
	m, ok := mainCtx.(driver.X11WindowContext)
	w, ok2 := ctx.(driver.X11WindowContext)
	if !ok || !ok2 || m.WindowHandle == 0 || w.WindowHandle == 0 {
		return
	}
	dpy := C.XOpenDisplay(nil)
	if dpy == nil {
		return
	}
	defer C.XCloseDisplay(dpy)
	old := C.quiet()
	defer C.XSetErrorHandler(old)
	main, win := C.Window(m.WindowHandle), C.Window(w.WindowHandle)
	var ma, wa C.XWindowAttributes
	if C.XGetWindowAttributes(dpy, main, &ma) == 0 || C.XGetWindowAttributes(dpy, win, &wa) == 0 {
		return
	}
	var x, y C.int
	var child C.Window
	if C.XTranslateCoordinates(dpy, main, ma.root, 0, 0, &x, &y, &child) == 0 {
		return
	}
	screen := rect{w: int(C.XWidthOfScreen(ma.screen)), h: int(C.XHeightOfScreen(ma.screen))}
	nx, ny := besideOf(mainRect(rect{x: int(x), y: int(y), w: int(ma.width), h: int(ma.height)}, mw, mh), int(wa.width), screen)
	C.XMoveWindow(dpy, win, C.int(nx), C.int(ny))
	C.XSync(dpy, C.False) // errors, if any, arrive while ignoreErrors is in place
}
