package assets

import (
	"bytes"
	"image/png"
	"testing"
)

// The logo on the screens is pre-sized: a 512 px image here would be decoded and scaled
// down before the first frame again.
func TestLogoPNG_is128px(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(LogoPNG))
	if err != nil {
		t.Fatalf("logo.png: %v", err)
	}
	if cfg.Width != 128 || cfg.Height != 128 {
		t.Errorf("logo.png is %dx%d, want 128x128", cfg.Width, cfg.Height)
	}
}
