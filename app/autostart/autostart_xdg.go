//go:build unix && !darwin && !android

package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// dir is $XDG_CONFIG_HOME/autostart, ~/.config/autostart when it is unset (XDG Autostart
// Specification).
func dir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("autostart: no config folder: %w", err)
	}
	return filepath.Join(base, "autostart"), nil
}

func (e Entry) path() (string, error) {
	d, err := dir()
	return filepath.Join(d, e.ID+".desktop"), err
}

// Enable writes the autostart desktop file atomically.
func (e Entry) Enable() error {
	p, err := e.path()
	if err != nil {
		return err
	}
	return writeAtomic(p, []byte(desktopEntry(e)))
}

// Disable removes the desktop file.
func (e Entry) Disable() error {
	p, err := e.path()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("autostart: remove %s: %w", p, err)
	}
	return nil
}

// Enabled says whether the desktop file exists and is not switched off.
func (e Entry) Enabled() (bool, error) {
	p, err := e.path()
	if err != nil {
		return false, err
	}
	raw, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: read %s: %w", p, err)
	}
	return desktopEntryOn(string(raw)), nil
}
