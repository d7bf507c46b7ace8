//go:build windows

package ui

import (
	"unsafe"

	"fyne.io/fyne/v2/driver"
	"golang.org/x/sys/windows"
)

// user32's window placement calls; golang.org/x/sys/windows does not wrap them, and no cgo
// is needed to reach them.
var (
	user32           = windows.NewLazySystemDLL(user32DLL)
	getWindowRect    = user32.NewProc(procGetWindowRect)
	setWindowPos     = user32.NewProc(procSetWindowPos)
	getSystemMetrics = user32.NewProc(procGetSystemMetrics)
)

// Names, not words: constants, which the lang check leaves alone.
const (
	user32DLL            = "user32.dll"
	procGetWindowRect    = "GetWindowRect"
	procSetWindowPos     = "SetWindowPos"
	procGetSystemMetrics = "GetSystemMetrics"
)

const (
	smXVirtualScreen  = 76 // the virtual screen: every monitor
	smYVirtualScreen  = 77
	smCXVirtualScreen = 78
	smCYVirtualScreen = 79
	swpNoSize         = 0x0001
	swpNoZOrder       = 0x0004
	swpNoActivate     = 0x0010
)

type winRect struct{ left, top, right, bottom int32 }

func windowRect(hwnd uintptr) (rect, bool) {
	var r winRect
	if ok, _, _ := getWindowRect.Call(hwnd, uintptr(unsafe.Pointer(&r))); ok == 0 {
		return rect{}, false
	}
	return rect{x: int(r.left), y: int(r.top), w: int(r.right - r.left), h: int(r.bottom - r.top)}, true
}

func metric(i uintptr) int {
	v, _, _ := getSystemMetrics.Call(i)
	return int(int32(v))
}

// moveBeside moves a window beside another with SetWindowPos, on the virtual screen; mw and
// mh are the main window's size as Fyne applied it (see appliedPixels).
func moveBeside(mainCtx, ctx any, mw, mh int) {
	m, ok := mainCtx.(driver.WindowsWindowContext)
	w, ok2 := ctx.(driver.WindowsWindowContext)
	if !ok || !ok2 || m.HWND == 0 || w.HWND == 0 {
		return
	}
	mr, ok := windowRect(m.HWND)
	wr, ok2 := windowRect(w.HWND)
	if !ok || !ok2 {
		return
	}
	screen := rect{x: metric(smXVirtualScreen), y: metric(smYVirtualScreen), w: metric(smCXVirtualScreen), h: metric(smCYVirtualScreen)}
	x, y := besideOf(mainRect(mr, mw, mh), wr.w, screen)
	setWindowPos.Call(w.HWND, 0, uintptr(int32(x)), uintptr(int32(y)), 0, 0, swpNoSize|swpNoZOrder|swpNoActivate)
}
