// Package config keeps the app's non-secret local state (server, username, device, PIN
// attempt count, the journal of a change in progress) as versioned JSON in the user's config
// folder, written atomically; Update changes it under a file lock, so that two processes never
// lose each other's writes (the PIN attempt count above all). Secrets never go here: they live
// in the OS keyring (app/vault).
package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/gofrs/flock"
)

// Version is the file format written by this build.
const Version = 1

// FileName is the state file inside Dir.
const FileName = "state.json"

// ErrCorrupt means the file existed but could not be read as state; Load then returns a fresh
// State so the app starts over instead of crashing, and the UI says why.
var ErrCorrupt = errors.New("config: local settings were damaged and have been reset")

// ErrNewer means the file was written by a newer version of the app; Load leaves it alone.
var ErrNewer = errors.New("config: local settings are from a newer version of x360Sync")

// State is everything the app remembers between runs that is not secret.
type State struct {
	Version    int    `json:"version"`
	ServerURL  string `json:"server_url,omitempty"`
	Username   string `json:"username,omitempty"`
	DeviceID   string `json:"device_id,omitempty"`
	DeviceName string `json:"device_name,omitempty"`
	// Organization is the account's organization as the server named it, so that a locked
	// launch can say whose account it opens. Added within version 1: files without it load
	// and name none (and older builds ignore it).
	Organization string `json:"organization,omitempty"`
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
	// Account is the keyring account of the registration's credential, fixed when it was
	// registered (the server address may be rewritten later, as demo mode does).
	Account string `json:"account,omitempty"`
	// KeyringID is the registration's own part of Account ("<server host>/<username>/<id>"),
	// made at random when it registered, so that two profiles of one OS user (two config
	// folders) registered for the same user and server each have an entry of their own.
	// Empty in files of versions before it, whose Account every such profile shared: the
	// session moves their credential to an account of its own at start (OpMoveCredential).
	KeyringID string `json:"keyring_id,omitempty"`
	// LegacyAccount is the shared entry the credential was moved from, still to be deleted:
	// only once the credential opened shows it is this profile's (at once when it is not
	// sealed, at the first Unlock when it is), since it may hold another profile's sign-in.
	LegacyAccount string `json:"legacy_account,omitempty"`
	// LegacyDigest is the SHA-256 (hex) of the value moved from LegacyAccount: the shared
	// entry is deleted only while it still holds that value (or this device's unsealed
	// credential), never what another profile of a previous version wrote there since.
	LegacyDigest string `json:"legacy_digest,omitempty"`
	// RevokeRef names the keyring entry holding the registration's revoke key ("revoke:<ref>"):
	// made before the sign-in, so even a registration whose answer was lost can be revoked.
	RevokeRef string `json:"revoke_ref,omitempty"`
	// Journal is the multi-step change in progress (see Change): written before its first step,
	// cleared with its last, so the next start can finish or roll back what a crash interrupted.
	Journal Change `json:"journal,omitzero"`
	// PendingRevokes are the revoke entries (see RevokeRef) whose revocation has not reached
	// the server yet (a sign-out or a wipe while offline, a registration abandoned or
	// interrupted); the app sends them at every start until the server has them.
	PendingRevokes []string `json:"pending_revokes,omitempty"`
	// LegacyPendingRevoke is the single owed revocation of files written before
	// PendingRevokes; Load moves it there.
	LegacyPendingRevoke string `json:"pending_revoke,omitempty"`
	// Pins are certificates trusted by a person, by fingerprint, per server (see pins.go).
	Pins map[string]string `json:"pins,omitempty"`
	// Window is the main window's size as last seen (see WindowSize); Load keeps it within
	// bounds and drops one that is not a size. Added within version 1: older files have none.
	Window WindowSize `json:"window,omitzero"`
}

// Clone is a copy of s that shares no slice or map with it.
func (s State) Clone() State {
	s.PendingRevokes = slices.Clone(s.PendingRevokes)
	s.Pins = maps.Clone(s.Pins)
	return s
}

// The changes the journal records. Each one's steps and what the next start does with an
// unfinished one are described in app/session (recover.go).
const (
	OpRegister  = "register"   // a new device's revoke key and credential are being stored
	OpSetPIN    = "set_pin"    // the credential is being sealed under a first PIN
	OpChangePIN = "change_pin" // the credential is being sealed under another PIN
	OpRemovePIN = "remove_pin" // the credential is being stored without a PIN
	OpSignOut   = "sign_out"   // the credential is being wiped and the device revoked
	// OpMoveCredential: a previous version's shared credential is being copied to the
	// profile's own account (To).
	OpMoveCredential = "move_credential"
)

// Change is one journal entry: what was being changed, and for which device.
type Change struct {
	Op       string `json:"op,omitempty"`
	DeviceID string `json:"device_id,omitempty"`
	Server   string `json:"server,omitempty"`
	Username string `json:"username,omitempty"`
	Account  string `json:"account,omitempty"`
	// To is the account a credential is being moved to (OpMoveCredential).
	To string `json:"to,omitempty"`
	// RevokeRef names the keyring entry of the change's revoke key (see State.RevokeRef).
	RevokeRef string `json:"revoke_ref,omitempty"`
}

// Registered says whether this computer finished registration.
func (s State) Registered() bool { return s.DeviceID != "" && s.Username != "" && s.ServerURL != "" }

// Owe records that the revocation with the revoke entry ref has not reached the server yet.
func (s *State) Owe(ref string) {
	if ref != "" && !slices.Contains(s.PendingRevokes, ref) {
		s.PendingRevokes = append(s.PendingRevokes, ref)
	}
}

// Paid records that ref's revocation reached the server (or is no longer needed).
func (s *State) Paid(ref string) {
	s.PendingRevokes = slices.DeleteFunc(s.PendingRevokes, func(d string) bool { return d == ref })
	if len(s.PendingRevokes) == 0 {
		s.PendingRevokes = nil
	}
}

// Dir is the app's config folder: os.UserConfigDir()/x360sync.
func Dir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("config: no user config folder: %w", err)
	}
	return filepath.Join(base, "x360sync"), nil
}

// File is the state file in a folder.
type File struct {
	Path string
	// BeforeWrite, if set, is called before each write of the file: the crash tests kill
	// their process there. Nil in the app.
	BeforeWrite func()
}

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
	if err := json.Unmarshal(raw, &s); err == nil && s.Version > Version {
		// Written by a newer x360Sync: resetting it would forget a registration (and the
		// revocations owed) that the newer version still knows. Leave it untouched.
		return State{Version: Version}, ErrNewer
	}
	if err := json.Unmarshal(raw, &s); err != nil || s.Version != Version {
		_ = os.Rename(f.Path, f.Path+".bad")
		return State{Version: Version}, ErrCorrupt
	}
	if s.Registered() && s.RevokeRef == "" {
		s.RevokeRef = s.DeviceID // registered before revoke entries had refs: "revoke:<device>"
	}
	if s.LegacyPendingRevoke != "" {
		s.Owe(s.LegacyPendingRevoke)
		s.LegacyPendingRevoke = ""
	}
	return s, nil
}

// Peek reads the state as Load does, but never moves a damaged file away and reports no
// error: a zero State when there is nothing usable. It is for a glance before Start (the
// window's size), which must leave a damaged file for Load to find and report.
func (f File) Peek() State {
	raw, err := os.ReadFile(f.Path)
	var s State
	if err != nil || json.Unmarshal(raw, &s) != nil || s.Version != Version {
		return State{}
	}
	return s
}

// Save writes the state atomically: a temporary file in the same folder, fsync, rename, so a
// crash leaves either the old or the new file, never half of one.
func (f File) Save(s State) error {
	if f.BeforeWrite != nil {
		f.BeforeWrite()
	}
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

// lockWait bounds how long Update waits for another process holding the state file.
const lockWait = 10 * time.Second

// ErrBusy means another process kept the state file locked for longer than Update waits.
var ErrBusy = errors.New("config: the settings are in use by another copy of x360Sync")

// Update reads the state, lets change edit it and writes it back, all under an exclusive lock
// on a file beside the state (state.json.lock), so changes from two processes are applied one
// after the other on the latest state instead of one overwriting the other. When change
// returns an error nothing is written and the error is returned with the state as read.
func (f File) Update(change func(*State) error) (State, error) {
	if err := os.MkdirAll(filepath.Dir(f.Path), 0o700); err != nil {
		return State{Version: Version}, fmt.Errorf("config: create %s: %w", filepath.Dir(f.Path), err)
	}
	lock := flock.New(f.Path + ".lock")
	ctx, cancel := context.WithTimeout(context.Background(), lockWait)
	defer cancel()
	ok, err := lock.TryLockContext(ctx, 20*time.Millisecond)
	if err != nil || !ok {
		return State{Version: Version}, ErrBusy
	}
	defer func() { _ = lock.Unlock() }()
	s, err := f.Load()
	if err != nil && !errors.Is(err, ErrCorrupt) {
		return s, err
	}
	if err := change(&s); err != nil {
		return s, err
	}
	return s, f.Save(s)
}
