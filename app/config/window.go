package config

import (
	"encoding/json"
	"math"
)

// The sizes a remembered main window may have, in the UI toolkit's device-independent units:
// from the smallest the screens are made for to an 8K display.
const (
	MinWindowWidth, MinWindowHeight = 640, 480
	MaxWindowWidth, MaxWindowHeight = 7680, 4320
)

// WindowSize is the main window's size as last seen, restored at the next launch. The zero
// value is none remembered (the app's default size).
type WindowSize struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// IsZero says no size is remembered.
func (w WindowSize) IsZero() bool { return w == WindowSize{} }

// Clamped is w within MinWindow..MaxWindow, or the zero value when w is not a size (a side
// missing, zero or negative).
func (w WindowSize) Clamped() WindowSize {
	if w.Width <= 0 || w.Height <= 0 {
		return WindowSize{}
	}
	return WindowSize{
		Width:  min(max(w.Width, MinWindowWidth), MaxWindowWidth),
		Height: min(max(w.Height, MinWindowHeight), MaxWindowHeight),
	}
}

// UnmarshalJSON reads a size and ignores anything that is not one, rather than failing the
// whole file: a hand-edited or damaged window size must never reset the registration beside it.
func (w *WindowSize) UnmarshalJSON(raw []byte) error {
	*w = WindowSize{}
	var v struct{ Width, Height float64 }
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	side := func(f float64) int {
		if math.IsNaN(f) || f < 1 || f > 1<<20 { // not a size: no display is a million units wide
			return 0
		}
		return int(f)
	}
	*w = WindowSize{Width: side(v.Width), Height: side(v.Height)}.Clamped()
	return nil
}
