package autostart

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestEntry_darwin runs on a Mac only (make cross compiles and vets it on Linux): the
// LaunchAgent is written under a temporary home, plutil accepts it, and it is removed.
func TestEntry_darwin(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	e := Entry{ID: ID, Name: "x360Sync", Exec: "/Applications/x360Sync.app/Contents/MacOS/x360sync", Args: []string{BackgroundFlag}}
	if err := e.Enable(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(home, "Library", "LaunchAgents", ID+".plist")
	if out, err := exec.Command("plutil", "-lint", path).CombinedOutput(); err != nil {
		t.Errorf("plutil -lint: %v\n%s", err, out)
	}
	if on, err := e.Enabled(); err != nil || !on {
		t.Errorf("Enabled() = %v, %v; want true, nil", on, err)
	}
	if err := e.Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after Disable %s still exists", path)
	}
}
