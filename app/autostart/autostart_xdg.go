//go:build unix && !darwin && !android

package autostart

import (
	"fmt"
	"os"
	"path/filepath"
)

// path is $XDG_CONFIG_HOME/autostart/<ID>.desktop, ~/.config/autostart when it is unset (XDG
// Autostart Specification).
func (e Entry) path() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("autostart: no config folder: %w", err)
	}
	return filepath.Join(base, "autostart", e.ID+".desktop"), nil
}

func (e Entry) content() string { return desktopEntry(e) }

// switchedOn: desktop environments switch an entry off in place (Hidden=true).
func switchedOn(text string) bool { return desktopEntryOn(text) }
