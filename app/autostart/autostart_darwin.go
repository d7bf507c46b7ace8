package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// path is ~/Library/LaunchAgents/<ID>.plist; launchd reads the folder at every sign-in.
func (e Entry) path() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("autostart: no home folder: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents", e.ID+".plist"), nil
}

// Enable writes the LaunchAgent; it takes effect at the next sign-in.
func (e Entry) Enable() error {
	p, err := e.path()
	if err != nil {
		return err
	}
	return writeAtomic(p, []byte(launchAgent(e)))
}

// Disable removes the LaunchAgent.
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

// Enabled says whether the LaunchAgent is in place.
func (e Entry) Enabled() (bool, error) {
	p, err := e.path()
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: %s: %w", p, err)
	}
	return true, nil
}
