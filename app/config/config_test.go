package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

func TestFile_roundTripAndFreshStart(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), "x360sync", FileName)}
	s, err := f.Load()
	if err != nil || s.Registered() || s.Version != Version {
		t.Fatalf("missing file: %+v %v", s, err)
	}
	want := State{ServerURL: "http://127.0.0.1:8787", Username: "bob", DeviceID: "dev_1", DeviceName: "laptop", PINSet: true, PINFailures: 3, RevokeRef: "r1"}
	if err := f.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := f.Load()
	want.Version = Version
	if err != nil || !reflect.DeepEqual(got, want) || !got.Registered() {
		t.Fatalf("got %+v %v, want %+v", got, err, want)
	}
	// Windows has no mode bits; there the folder is private because %APPDATA% is.
	info, _ := os.Stat(filepath.Dir(f.Path))
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(f.Path))
	if len(entries) != 1 {
		t.Errorf("left %d files behind, want only %s", len(entries), FileName)
	}
}

func TestFile_corruptFileIsAFreshStartNotACrash(t *testing.T) {
	for name, content := range map[string]string{"garbage": "{not json", "empty": ""} {
		t.Run(name, func(t *testing.T) {
			f := File{Path: filepath.Join(t.TempDir(), FileName)}
			if err := os.WriteFile(f.Path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := f.Load()
			if !errors.Is(err, ErrCorrupt) || s.Registered() || s.Version != Version {
				t.Fatalf("got %+v %v, want a fresh state and ErrCorrupt", s, err)
			}
			if _, err := os.Stat(f.Path + ".bad"); err != nil {
				t.Errorf("the damaged file was not kept aside: %v", err)
			}
			if err := f.Save(State{Username: "bob"}); err != nil {
				t.Errorf("saving after a reset: %v", err)
			}
		})
	}
}

func TestFile_newerFileIsLeftAlone(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), FileName)}
	newer := `{"version": 99, "device_id": "dev_1"}`
	if err := os.WriteFile(f.Path, []byte(newer), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Load(); !errors.Is(err, ErrNewer) {
		t.Fatalf("got %v, want ErrNewer", err)
	}
	if raw, _ := os.ReadFile(f.Path); string(raw) != newer {
		t.Errorf("the newer file was changed: %s", raw)
	}
}

func TestFile_attemptCountSurvivesARestart(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), FileName)}
	s, _ := f.Load()
	for range 4 {
		s.PINFailures++
		if err := f.Save(s); err != nil {
			t.Fatal(err)
		}
	}
	again, _ := File{Path: f.Path}.Load()
	if again.PINFailures != 4 {
		t.Errorf("got %d failures after reloading, want 4", again.PINFailures)
	}
}

// A registration saved before revoke entries had refs names its entry by device id.
func TestFile_oldRegistrationGetsItsRevokeRef(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), FileName)}
	old := `{"version": 1, "server_url": "http://127.0.0.1:1", "username": "bob", "device_id": "dev_1", "pending_revoke": "dev_0"}`
	if err := os.WriteFile(f.Path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := f.Load()
	if err != nil || s.RevokeRef != "dev_1" || !reflect.DeepEqual(s.PendingRevokes, []string{"dev_0"}) {
		t.Errorf("got %+v %v, want revoke ref dev_1 and dev_0 owed", s, err)
	}
}
