package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestFile_roundTripAndFreshStart(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), "x360sync", FileName)}
	s, err := f.Load()
	if err != nil || s.Registered() || s.Version != Version {
		t.Fatalf("missing file: %+v %v", s, err)
	}
	want := State{ServerURL: "http://127.0.0.1:8787", Username: "bob", DeviceID: "dev_1", DeviceName: "laptop", PINSet: true, PINFailures: 3}
	if err := f.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := f.Load()
	want.Version = Version
	if err != nil || !reflect.DeepEqual(got, want) || !got.Registered() {
		t.Fatalf("got %+v %v, want %+v", got, err, want)
	}
	info, _ := os.Stat(filepath.Dir(f.Path))
	if info.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(f.Path))
	if len(entries) != 1 {
		t.Errorf("left %d files behind, want only %s", len(entries), FileName)
	}
}

func TestFile_corruptFileIsAFreshStartNotACrash(t *testing.T) {
	for name, content := range map[string]string{"garbage": "{not json", "newer": `{"version": 99}`, "empty": ""} {
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
