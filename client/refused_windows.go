package client

import (
	"errors"

	"golang.org/x/sys/windows"
)

// isRefused recognises Windows' own word for a refused connection (WSAECONNREFUSED, "connectex:
// No connection could be made…"), which is not syscall.ECONNREFUSED there.
func isRefused(err error) bool { return errors.Is(err, windows.WSAECONNREFUSED) }
