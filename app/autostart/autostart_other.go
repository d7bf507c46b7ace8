//go:build (!unix && !windows) || android

package autostart

// Enable reports ErrUnsupported: this OS has no mechanism the package knows.
func (Entry) Enable() error { return ErrUnsupported }

// Disable has nothing to remove.
func (Entry) Disable() error { return nil }

// Enabled is always false.
func (Entry) Enabled() (bool, error) { return false, nil }
