//go:build unix

package autostart

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// On Unix systems the entry is one file: each OS file gives its path (path), its text
// (content) and whether a text found there is switched on (switchedOn).

// Enable writes the entry's file atomically, replacing an older one.
func (e Entry) Enable() error {
	p, err := e.path()
	if err != nil {
		return err
	}
	return writeAtomic(p, []byte(e.content()))
}

// Disable removes the entry's file; no file is not an error.
func (e Entry) Disable() error {
	p, err := e.path()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("autostart: remove %s: %w", p, err)
	}
	return nil
}

// Enabled says whether the entry's file exists and is switched on.
func (e Entry) Enabled() (bool, error) {
	p, err := e.path()
	if err != nil {
		return false, err
	}
	raw, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: read %s: %w", p, err)
	}
	return switchedOn(string(raw)), nil
}

// writeAtomic writes a small file through a temporary one and a rename, so a session manager
// reading at the same moment never sees half an entry.
func writeAtomic(path string, data []byte) error {
	d := filepath.Dir(path)
	if err := os.MkdirAll(d, 0o700); err != nil {
		return fmt.Errorf("autostart: create %s: %w", d, err)
	}
	tmp, err := os.CreateTemp(d, ".x360sync-*")
	if err != nil {
		return fmt.Errorf("autostart: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync() // on disk before the rename: a power cut must not leave an empty entry
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("autostart: write %s: %w", path, err)
	}
	return nil
}
