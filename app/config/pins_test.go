package config

import (
	"path/filepath"
	"testing"
)

func TestState_pinsSurviveSaveAndLoad(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), FileName)}
	const fp = "AB:CD"
	s := State{Version: Version}.WithPin("https://Sync.Example.com:8443/", fp)
	if err := f.Save(s); err != nil {
		t.Fatal(err)
	}
	got, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, server := range []string{"https://sync.example.com:8443", "https://sync.example.com:8443/api", " HTTPS://SYNC.EXAMPLE.COM:8443 "} {
		if p := got.Pin(server); p != fp {
			t.Errorf("Pin(%q) = %q, want %q", server, p, fp)
		}
	}
	if p := got.Pin("https://sync.example.com"); p != "" {
		t.Errorf("another port has the pin %q", p)
	}
	if p := got.Pin("http://sync.example.com:8443"); p != "" {
		t.Errorf("another scheme has the pin %q", p)
	}
}

func TestState_withPinCopiesAndForgets(t *testing.T) {
	a := State{}.WithPin("https://a.test", "1")
	b := a.WithPin("https://b.test", "2")
	if a.Pin("https://b.test") != "" {
		t.Error("WithPin changed the state it was called on")
	}
	c := b.WithPin("https://a.test", "").WithPin("https://b.test", "")
	if c.Pins != nil || b.Pin("https://a.test") != "1" {
		t.Errorf("forgetting: got %v, and b is %v", c.Pins, b.Pins)
	}
}
