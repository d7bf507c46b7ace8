package ui

import (
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// hangingWindow is a window whose event loop never returns once it runs, as Fyne 2.8.1's does
// when a quit meets a window event on its way to the main loop (see quitWatch).
type hangingWindow struct {
	fyne.Window
	entered chan struct{}
	release chan struct{}
}

func (h *hangingWindow) ShowAndRun() {
	close(h.entered)
	<-h.release
}

// runWatched runs Run on a main window whose loop hangs (hang) or returns at once, with a quit
// watch whose exit is recorded; it returns the watch and the counts of finish and exit calls.
func runWatched(t *testing.T, hang bool) (q *quitWatch, finished, exited *atomic.Int32, returned chan struct{}) {
	t.Helper()
	a := test.NewTempApp(t)
	h := &hangingWindow{Window: test.NewTempWindow(t, widget.NewLabel("x")), entered: make(chan struct{}), release: make(chan struct{})}
	if !hang {
		close(h.release)
	}
	t.Cleanup(func() {
		select {
		case <-h.release:
		default:
			close(h.release)
		}
	})
	finished, exited = new(atomic.Int32), new(atomic.Int32)
	q = newQuitWatch()
	q.grace = 50 * time.Millisecond
	q.exit = func(code int) {
		if code != 0 {
			t.Errorf("the quit watch exited with %d, want 0", code)
		}
		exited.Add(1)
	}
	mw := &mainWindow{Window: h, m: &mainView{quit: q}}
	returned = make(chan struct{})
	go func() {
		defer close(returned)
		Run(a, mw, Options{}, func() { finished.Add(1) })
	}()
	<-h.entered
	return q, finished, exited, returned
}

// A quit that Fyne never finishes is finished by the watch: the app's last work once, then
// the process ends. Seen failing with the watch's expiry doing nothing: "after a quit and
// 2s, finish ran 0 times and exit 0 times".
func TestRun_aQuitThatHangsIsFinished(t *testing.T) {
	q, finished, exited, _ := runWatched(t, true)
	q.quit(fyne.CurrentApp())() // Ctrl+Q, the tray's Quit
	deadline := time.Now().Add(2 * time.Second)
	for exited.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if finished.Load() != 1 || exited.Load() != 1 {
		t.Fatalf("after a quit and 2s, finish ran %d times and exit %d times, want 1 and 1", finished.Load(), exited.Load())
	}
}

// An app that stops as it should is finished by Run, once; the watch, armed by the quit, then
// does nothing when its time comes.
func TestRun_aQuitThatEndsIsFinishedOnceByRun(t *testing.T) {
	q, finished, exited, returned := runWatched(t, false)
	<-returned
	q.arm()
	time.Sleep(4 * q.grace)
	if finished.Load() != 1 || exited.Load() != 0 {
		t.Fatalf("Run returned: finish ran %d times and the watch exited %d times, want 1 and 0", finished.Load(), exited.Load())
	}
}

// Outside Run (in tests, before the event loop) a quit arms nothing: a test that closes the
// main window must not end the test binary five seconds later.
func TestQuitWatch_armsOnlyWhileRunning(t *testing.T) {
	q := newQuitWatch()
	q.grace = time.Millisecond
	var exited atomic.Int32
	q.exit = func(int) { exited.Add(1) }
	q.arm()
	time.Sleep(50 * time.Millisecond)
	if exited.Load() != 0 {
		t.Fatal("a quit watch armed outside Run ended the process")
	}
}
