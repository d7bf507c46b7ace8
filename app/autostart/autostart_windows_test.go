package autostart

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/windows/registry"
)

// TestEntry_windows writes a real Run value under its own name (so a developer's own entry is
// never touched), reads it back through the registry and with reg query, and removes it.
func TestEntry_windows(t *testing.T) {
	e := Entry{ID: ID, Name: fmt.Sprintf("x360Sync test %d", os.Getpid()), Exec: `C:\Users\a b\AppData\Local\Programs\x360Sync\x360sync.exe`, Args: []string{BackgroundFlag}}
	t.Cleanup(func() { _ = e.Disable() })
	if on, err := e.Enabled(); err != nil || on {
		t.Fatalf("before Enable: Enabled() = %v, %v; want false, nil", on, err)
	}
	if err := e.Enable(); err != nil {
		t.Fatal(err)
	}
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := k.GetStringValue(e.Name)
	k.Close()
	want := `"C:\Users\a b\AppData\Local\Programs\x360Sync\x360sync.exe" --background`
	if err != nil || got != want {
		t.Errorf("Run value = %q, %v; want %q", got, err, want)
	}
	out, err := exec.Command("reg", "query", `HKCU\`+runKey, "/v", e.Name).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "x360sync.exe") {
		t.Errorf("reg query: %v\n%s", err, out)
	}
	if on, err := e.Enabled(); err != nil || !on {
		t.Errorf("after Enable: Enabled() = %v, %v; want true, nil", on, err)
	}
	if err := e.Disable(); err != nil {
		t.Fatal(err)
	}
	if on, _ := e.Enabled(); on {
		t.Error("still enabled after Disable")
	}
	if err := e.Disable(); err != nil {
		t.Errorf("Disable with no value: %v, want nil", err)
	}
}
