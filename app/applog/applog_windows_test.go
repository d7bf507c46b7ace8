package applog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDir_windowsIsUnderLocalAppData: the log stays on this computer, %LOCALAPPDATA%\x360sync,
// not in the roaming profile (run under Wine by make windows-test).
func TestDir_windowsIsUnderLocalAppData(t *testing.T) {
	local := os.Getenv("LOCALAPPDATA")
	if local == "" {
		t.Fatal("LOCALAPPDATA is not set")
	}
	d, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(local, "x360sync"); !strings.EqualFold(d, want) {
		t.Errorf("Dir() = %q, want %q", d, want)
	}
	logger, path, f, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	logger.Info("x360sync started")
	f.Close()
	raw, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(raw), "x360sync started") {
		t.Errorf("log %s: %q, %v", path, raw, err)
	}
}
