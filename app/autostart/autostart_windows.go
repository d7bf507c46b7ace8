package autostart

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// runKey is the per-user Run key: Windows starts each value's command line at sign-in, and
// Settings > Apps > Startup lists it by value name.
const runKey = `Software\Microsoft\Windows\CurrentVersion\Run`

// commandLine is the Run value: the program and its arguments, quoted as
// CommandLineToArgvW expects (the program always, since Program Files has a space).
func (e Entry) commandLine() string {
	parts := []string{`"` + e.Exec + `"`}
	for _, a := range e.Args {
		parts = append(parts, windows.EscapeArg(a))
	}
	return strings.Join(parts, " ")
}

// Enable writes the Run value named e.Name.
func (e Entry) Enable() error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("autostart: open the Run key: %w", err)
	}
	defer k.Close()
	if err := k.SetStringValue(e.Name, e.commandLine()); err != nil {
		return fmt.Errorf("autostart: write the Run value: %w", err)
	}
	return nil
}

// Disable deletes the Run value; no value is not an error.
func (e Entry) Disable() error {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.SET_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("autostart: open the Run key: %w", err)
	}
	defer k.Close()
	if err := k.DeleteValue(e.Name); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("autostart: delete the Run value: %w", err)
	}
	return nil
}

// Enabled says whether the Run value exists.
func (e Entry) Enabled() (bool, error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, runKey, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: open the Run key: %w", err)
	}
	defer k.Close()
	_, _, err = k.GetStringValue(e.Name)
	if errors.Is(err, registry.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: read the Run value: %w", err)
	}
	return true, nil
}
