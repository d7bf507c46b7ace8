package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDir_windowsIsUnderAppData: the settings live in the roaming profile, %APPDATA%\x360sync,
// and a save and load work there (run under Wine by make windows-test).
func TestDir_windowsIsUnderAppData(t *testing.T) {
	appData := os.Getenv("APPDATA")
	if appData == "" {
		t.Fatal("APPDATA is not set")
	}
	d, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(appData, "x360sync"); !strings.EqualFold(d, want) {
		t.Errorf("Dir() = %q, want %q", d, want)
	}
	// Save and load in a folder of the same kind, not the tester's own settings.
	t.Setenv("APPDATA", t.TempDir())
	f, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Save(State{ServerURL: "https://sync.example", Username: "alice", DeviceID: "dev_1"}); err != nil {
		t.Fatal(err)
	}
	s, err := f.Load()
	if err != nil || !s.Registered() || s.Username != "alice" {
		t.Errorf("Load() = %+v, %v; want alice's registration", s, err)
	}
	if !strings.HasPrefix(f.Path, os.Getenv("APPDATA")) {
		t.Errorf("state file %q is not under APPDATA %q", f.Path, os.Getenv("APPDATA"))
	}
}
