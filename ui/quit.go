package ui

import (
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
)

// quitGrace is how long the app may take to stop after it was asked to quit before the
// quit watch finishes it.
const quitGrace = 5 * time.Second

// quitWatch makes sure that asking the app to quit ends the process. Fyne 2.8.1 can hang in
// its own shutdown: when the quit comes while the event queue hands a window event to the main
// loop, the loop drains its queue and stops without answering that call, and the driver then
// waits for the event queue for ever (glfw/loop.go's drain, driver.go's WaitForEvents). The
// process is left with no window, holding the single-instance lock, so the next launch only
// raises a window that is not there (make e2e caught it after a SIGTERM). Every way to quit
// arms the watch; if Run has not returned quitGrace later, the watch finishes and exits.
type quitWatch struct {
	grace    time.Duration
	exit     func(code int)
	finish   func() // the app's last work (the session's close), run once
	finished sync.Once
	armed    sync.Once
	running  atomic.Bool // Run started the app: before (and in tests, which never call Run) arm does nothing
	returned atomic.Bool // Run returned: it finishes, the watch does nothing
}

func newQuitWatch() *quitWatch {
	return &quitWatch{grace: quitGrace, exit: os.Exit, finish: func() {}}
}

// arm starts the watch (once): the app was asked to quit.
func (q *quitWatch) arm() {
	if !q.running.Load() {
		return
	}
	q.armed.Do(func() { time.AfterFunc(q.grace, q.expire) })
}

// quit arms the watch and asks the app to quit: what Ctrl+Q, the tray's Quit and the app's
// own quits call instead of a.Quit.
func (q *quitWatch) quit(a fyne.App) func() {
	return func() {
		q.arm()
		a.Quit()
	}
}

// expire ends a quit that did not end: the app's last work, then the process.
func (q *quitWatch) expire() {
	if q.returned.Load() {
		return
	}
	q.done()
	q.exit(0)
}

// done runs finish once, whoever gets there first; a second caller waits for the first.
func (q *quitWatch) done() {
	q.finished.Do(q.finish)
}

// onSignals arms the watch on SIGINT and SIGTERM (a logout, kill, Ctrl+C in a terminal), which
// Fyne answers with a quit of its own.
func (q *quitWatch) onSignals() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-c
		q.arm()
	}()
}
