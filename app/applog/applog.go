// Package applog is the app's log file: the start of each run and one line per API request, in
// the user's cache folder, never holding a secret (the API client redacts what it logs; tests
// read the file back). It keeps two files at most: when the log passes MaxSize at start it is
// moved to x360sync.log.1, replacing the older one.
package applog

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
)

// FileName is the log's name inside Dir.
const FileName = "x360sync.log"

// MaxSize is the size past which the log is rotated at start.
const MaxSize = 1 << 20

// Dir is where the log lives: os.UserCacheDir()/x360sync (on Linux ~/.cache/x360sync).
func Dir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "x360sync"), nil
}

// Open opens (creating or rotating) the log file in dir and returns a logger writing to it
// and its path. The file is readable by its owner only.
func Open(dir string) (*slog.Logger, string, io.Closer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", nil, err
	}
	path := filepath.Join(dir, FileName)
	if fi, err := os.Stat(path); err == nil && fi.Size() > MaxSize {
		_ = os.Rename(path, path+".1")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, "", nil, err
	}
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo})), path, f, nil
}
