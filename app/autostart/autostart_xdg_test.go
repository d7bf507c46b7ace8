//go:build unix && !darwin && !android

package autostart

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEntry_xdg writes, validates, switches off and removes a real autostart file.
func TestEntry_xdg(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	e := Entry{ID: ID, Name: "x360Sync", Exec: "/opt/x360 Sync/x360sync", Args: []string{BackgroundFlag}}
	path := filepath.Join(cfg, "autostart", ID+".desktop")

	if on, err := e.Enabled(); err != nil || on {
		t.Fatalf("before Enable: Enabled() = %v, %v; want false, nil", on, err)
	}
	if err := e.Enable(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("Enable wrote no %s: %v", path, err)
	}
	if !strings.Contains(string(raw), "\nExec=\"/opt/x360 Sync/x360sync\" --background\n") {
		t.Errorf("Exec line is wrong:\n%s", raw)
	}
	if out, err := exec.Command("desktop-file-validate", path).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("desktop-file-validate %s: %v\n%s", path, err, out)
	}
	if on, err := e.Enabled(); err != nil || !on {
		t.Errorf("after Enable: Enabled() = %v, %v; want true, nil", on, err)
	}
	// A desktop environment switches an entry off in place.
	off := strings.Replace(string(raw), "X-GNOME-Autostart-enabled=true", "Hidden=true", 1)
	if err := os.WriteFile(path, []byte(off), 0o644); err != nil {
		t.Fatal(err)
	}
	if on, _ := e.Enabled(); on {
		t.Error("an entry with Hidden=true reads as enabled")
	}
	// Enable again replaces it with a switched-on entry.
	if err := e.Enable(); err != nil {
		t.Fatal(err)
	}
	if on, _ := e.Enabled(); !on {
		t.Error("Enable did not switch a hidden entry back on")
	}
	if err := e.Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("after Disable %s still exists (%v)", path, err)
	}
	if err := e.Disable(); err != nil {
		t.Errorf("Disable with no entry: %v, want nil", err)
	}
	if left, _ := os.ReadDir(filepath.Dir(path)); len(left) != 0 {
		t.Errorf("files left in the autostart folder: %v", left)
	}
}

// TestEnable_default is the package-level API the UI calls: the running program, with
// BackgroundFlag.
func TestEnable_default(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	if err := Enable(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(cfg, "autostart", ID+".desktop"))
	if err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	if want := "\nExec=" + execQuote(exe) + " --background\n"; !strings.Contains(string(raw), want) {
		t.Errorf("entry lacks %q:\n%s", want, raw)
	}
	if on, err := Enabled(); err != nil || !on {
		t.Errorf("Enabled() = %v, %v; want true, nil", on, err)
	}
	if err := Disable(); err != nil {
		t.Fatal(err)
	}
	if on, _ := Enabled(); on {
		t.Error("still enabled after Disable")
	}
}
