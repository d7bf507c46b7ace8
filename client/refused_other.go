//go:build !windows

package client

// isRefused is syscall.ECONNREFUSED alone outside Windows (see refused_windows.go).
func isRefused(error) bool { return false }
