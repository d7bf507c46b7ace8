//go:build !windows

package ui

import (
	"os"
	"syscall"
	"testing"
	"time"
)

// SIGTERM (a logout, kill) arms the watch, as make e2e's kill did when the app hung after it.
// Seen failing with the watch's expiry doing nothing: "after SIGTERM and 2s, finish ran 0
// times and exit 0 times".
func TestRun_aSIGTERMThatHangsIsFinished(t *testing.T) {
	_, finished, exited, _ := runWatched(t, true)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for exited.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if finished.Load() != 1 || exited.Load() != 1 {
		t.Fatalf("after SIGTERM and 2s, finish ran %d times and exit %d times, want 1 and 1", finished.Load(), exited.Load())
	}
}
