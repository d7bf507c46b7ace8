//go:build !windows && !(linux && cgo)

package ui

// moveBeside does nothing here: no way to place a window that can be tested (see place.go).
func moveBeside(_, _ any, _, _ int) {}
