//go:build unix

package autostart

import (
	"fmt"
	"os"
	"path/filepath"
)

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
