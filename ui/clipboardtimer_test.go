package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// The clipboard's clearing is the window's: closing the window stops its timer and takes the
// secret off the clipboard at once, so nothing is left there and no timer fires a minute later
// into whatever runs then (a later test: a data race under -race).
func TestClipboard_closingTheWindowStopsTheClearAndClears(t *testing.T) {
	r, _ := atSettingsConfirm(t)
	r.m.run.second = time.Millisecond // the minute is 60 ms
	var copyKey *button
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if b, ok := o.(*button); ok && b.Text == "Copy" && copyKey == nil {
			copyKey = b
		}
	}
	if copyKey == nil {
		t.Fatal("no Copy on the page")
	}
	test.Tap(copyKey)
	cb := fyne.CurrentApp().Clipboard()
	key := cb.Content()
	if key == "" || !strings.Contains(key, "-") {
		t.Fatalf("Copy put %q on the clipboard, want the Backup key", key)
	}
	r.m.closed() // what closing the window runs (the test driver's Close cannot run twice)
	if got := cb.Content(); got != "" {
		t.Errorf("after the window closed the clipboard still holds %q", got)
	}
	cb.SetContent("copied elsewhere later")
	time.Sleep(200 * time.Millisecond) // three minutes of this runner's
	select {
	case <-r.queue:
		t.Error("something was delivered after the window closed")
	default:
	}
	if got := cb.Content(); got != "copied elsewhere later" {
		t.Errorf("the clipboard holds %q", got)
	}
}
