// Package config keeps the app's non-secret local state (server, username, device, PIN
// attempt count, a pending Idempotency-Key) as versioned JSON in the user's config folder,
// written atomically. Secrets never go here: they live in the OS keyring (app/vault).
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Version is the file format written by this build.
const Version = 1

// FileName is the state file inside Dir.
const FileName = "state.json"

// ErrCorrupt means the file existed but could not be read as state; Load then returns a fresh
// State so the app starts over instead of crashing, and the UI says why.
var ErrCorrupt = errors.New("config: local settings were damaged and have been reset")

// State is everything the app remembers between runs that is not secret.
type State struct {
	Version    int    `json:"version"`
	ServerURL  string `json:"server_url,omitempty"`
	Username   string `json:"username,omitempty"`
	DeviceID   string `json:"device_id,omitempty"`
	DeviceName string `json:"device_name,omitempty"`
	// PINSet says the keyring credential is sealed with a PIN; the salt and KDF parameters
	// travel inside the sealed blob itself.
	PINSet bool `json:"pin_set,omitempty"`
	// PINFailures counts wrong PINs; it is written before each check, so killing the app
	// mid-attempt never resets it.
	PINFailures int `json:"pin_failures,omitempty"`
	// LastPINFailure is when the last wrong PIN was typed, for the growing delay.
	LastPINFailure time.Time `json:"last_pin_failure,omitzero"`
	// AutoLockMinutes is the idle time before the app locks (0: the default of 15).
	AutoLockMinutes int `json:"auto_lock_minutes,omitempty"`
	// PendingKey is the Idempotency-Key of a sign-in step whose answer has not arrived yet, so
	// a retry after a crash is recognised by the server.
	PendingKey string `json:"pending_key,omitempty"`
	// PendingRevoke is a device id whose revocation could not reach the server (a sign-out, or
	// the wipe after ten wrong PINs); it is retried at the next start.
	PendingRevoke string `json:"pending_revoke,omitempty"`
}

// Registered says whether this computer finished registration.
func (s State) Registered() bool { return s.DeviceID != "" && s.Username != "" && s.ServerURL != "" }

// Dir is the app's config folder: os.UserConfigDir()/x360sync.
func Dir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config: no user config folder: %w", err)
	}
	return filepath.Join(base, "x360sync"), nil
}

// File is the state file in a folder.
type File struct{ Path string }

// Default is the state file in Dir.
func Default() (File, error) {
	d, err := Dir()
	return File{Path: filepath.Join(d, FileName)}, err
}

// Load reads the state. A missing file is a fresh start with no error; a damaged or
// newer-format file is a fresh start with ErrCorrupt (the damaged file is kept beside it as
// state.json.bad for a support request).
func (f File) Load() (State, error) {
	raw, err := os.ReadFile(f.Path)
	if errors.Is(err, os.ErrNotExist) {
		return State{Version: Version}, nil
	}
	if err != nil {
		return State{Version: Version}, fmt.Errorf("config: read %s: %w", f.Path, err)
	}
	var s State
	if err := json.Unmarshal(raw, &s); err != nil || s.Version != Version {
		_ = os.Rename(f.Path, f.Path+".bad")
		return State{Version: Version}, ErrCorrupt
	}
	return s, nil
}

// Save writes the state atomically: a temporary file in the same folder, fsync, rename, so a
// crash leaves either the old or the new file, never half of one.
func (f File) Save(s State) error {
	s.Version = Version
	raw, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("config: create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, FileName+".tmp*")
	if err != nil {
		return fmt.Errorf("config: write %s: %w", dir, err)
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err = tmp.Write(raw); err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f.Path)
	}
	if err != nil {
		return fmt.Errorf("config: write %s: %w", f.Path, err)
	}
	if d, err := os.Open(dir); err == nil { // make the rename itself durable
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
