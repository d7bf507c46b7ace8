package config

import (
	"os"
	"path/filepath"
	"testing"
)

// The main window's size is remembered: kept within 640x480..7680x4320 when it is read, and
// anything that is not a size (hand-edited, damaged) is ignored without losing the rest of
// the state, the registration above all.
func TestFile_windowSizeIsClampedAndGarbageIgnored(t *testing.T) {
	for _, c := range []struct {
		name, window string
		want         WindowSize
	}{
		{"as saved", `{"width":1024,"height":700}`, WindowSize{Width: 1024, Height: 700}},
		{"too small", `{"width":100,"height":50}`, WindowSize{Width: 640, Height: 480}},
		{"too big", `{"width":99999,"height":88888}`, WindowSize{Width: 7680, Height: 4320}},
		{"negative", `{"width":-5,"height":700}`, WindowSize{}},
		{"no height", `{"width":1024}`, WindowSize{}},
		{"text", `{"width":"wide","height":700}`, WindowSize{}},
		{"not an object", `"big"`, WindowSize{}},
		{"fractions", `{"width":1024.5,"height":700.25}`, WindowSize{Width: 1024, Height: 700}},
		{"huge", `{"width":1e300,"height":700}`, WindowSize{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := File{Path: filepath.Join(t.TempDir(), FileName)}
			raw := `{"version":1,"server_url":"http://127.0.0.1:8787","username":"bob","device_id":"dev_1","revoke_ref":"r1","window":` + c.window + `}`
			if err := os.WriteFile(f.Path, []byte(raw), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := f.Load()
			if err != nil || !s.Registered() {
				t.Fatalf("Load: registered %v, %v", s.Registered(), err)
			}
			if s.Window != c.want {
				t.Errorf("window %s loads as %+v, want %+v", c.window, s.Window, c.want)
			}
		})
	}
}

func TestFile_windowSizeRoundTrip(t *testing.T) {
	f := File{Path: filepath.Join(t.TempDir(), FileName)}
	if err := f.Save(State{Version: Version, Window: WindowSize{Width: 1280, Height: 800}}); err != nil {
		t.Fatal(err)
	}
	if s, err := f.Load(); err != nil || s.Window != (WindowSize{Width: 1280, Height: 800}) {
		t.Errorf("got %+v, %v", s.Window, err)
	}
}
