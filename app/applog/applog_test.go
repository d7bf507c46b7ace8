package applog

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestOpen_appendsOwnerOnlyAndRotatesPastMaxSize(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x360sync")
	l, path, c, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	l.Info("first run")
	c.Close()
	// Windows has no mode bits (Go reports 0666); there the log is owner-only because
	// %LOCALAPPDATA% is, and TestDir_windowsIsUnderLocalAppData checks the folder.
	if fi, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600) {
		t.Fatalf("log file: %v %v, want mode 0600", fi, err)
	}
	l, _, c, _ = Open(dir)
	l.Info("second run")
	c.Close()
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), "first run") || !strings.Contains(string(raw), "second run") {
		t.Fatalf("the log was not appended to:\n%s", raw)
	}
	if err := os.WriteFile(path, make([]byte, MaxSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	l, _, c, _ = Open(dir)
	l.Info("after rotation")
	c.Close()
	raw, _ = os.ReadFile(path)
	old, err := os.Stat(path + ".1")
	if err != nil || old.Size() != MaxSize+1 || !strings.Contains(string(raw), "after rotation") || len(raw) > 1000 {
		t.Errorf("rotation: old %v %v, new log %d bytes", old, err, len(raw))
	}
}
