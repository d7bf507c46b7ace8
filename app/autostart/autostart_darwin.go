package autostart

import (
	"fmt"
	"os"
	"path/filepath"
)

// path is ~/Library/LaunchAgents/<ID>.plist; launchd reads the folder at every sign-in, so
// the entry takes effect at the next one without launchctl.
func (e Entry) path() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("autostart: no home folder: %w", err)
	}
	return filepath.Join(home, "Library", "LaunchAgents", e.ID+".plist"), nil
}

func (e Entry) content() string { return launchAgent(e) }

// switchedOn: a LaunchAgent in the folder is on (System Settings switches it off elsewhere).
func switchedOn(string) bool { return true }
