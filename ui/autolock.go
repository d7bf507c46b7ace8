package ui

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// idleLock locks the account window after the chosen idle time. Activity only records the
// time; the single timer, armed while the account window is unlocked behind a PIN, wakes once
// per idle period and re-arms for the remainder when there was activity meanwhile, so nothing
// ticks while the app is idle.
type idleLock struct {
	mu    sync.Mutex
	last  time.Time
	timer interface{ Stop() bool }
	armed bool

	// now and afterFunc are time.Now and time.AfterFunc; tests replace them.
	now       func() time.Time
	afterFunc func(time.Duration, func()) interface{ Stop() bool }
}

func (l *idleLock) clock() time.Time {
	if l.now != nil {
		return l.now()
	}
	return time.Now()
}

func (l *idleLock) schedule(d time.Duration, f func()) interface{ Stop() bool } {
	if l.afterFunc != nil {
		return l.afterFunc(d, f)
	}
	return time.AfterFunc(d, f)
}

// touch records activity.
func (l *idleLock) touch() {
	l.mu.Lock()
	l.last = l.clock()
	l.mu.Unlock()
}

// arm starts watching for idleness; expired runs on the UI goroutine (through deliver) after
// idle has passed with no activity and must say whether it locked (false: look again later,
// for example while a call is in flight).
func (l *idleLock) arm(idle time.Duration, deliver func(func()), expired func() bool) {
	l.disarm()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last, l.armed = l.clock(), true
	var check func()
	check = func() {
		l.mu.Lock()
		if !l.armed {
			l.mu.Unlock()
			return
		}
		if left := l.last.Add(idle).Sub(l.clock()); left > 0 {
			l.timer = l.schedule(left, check)
			l.mu.Unlock()
			return
		}
		l.mu.Unlock()
		deliver(func() {
			if !expired() {
				l.touch()
				l.mu.Lock()
				if l.armed {
					l.timer = l.schedule(idle, check)
				}
				l.mu.Unlock()
			}
		})
	}
	l.timer = l.schedule(idle, check)
}

// disarm stops watching (the window is locked, signed out or in the wizard).
func (l *idleLock) disarm() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.armed = false
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
}

// activityArea lies under a screen's widgets and reports the pointer moving or clicking over
// the parts of the window that no widget takes (labels, margins, gaps) as activity. Fyne has
// no window-wide input hook; keys, edits and calls are reported where they happen.
type activityArea struct {
	widget.BaseWidget
	touch func()
}

func newActivityArea(touch func()) *activityArea {
	a := &activityArea{touch: touch}
	a.ExtendBaseWidget(a)
	return a
}

func (a *activityArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{})
}

func (a *activityArea) Tapped(*fyne.PointEvent)          { a.touch() }
func (a *activityArea) TappedSecondary(*fyne.PointEvent) { a.touch() }
func (a *activityArea) MouseIn(*desktop.MouseEvent)      { a.touch() }
func (a *activityArea) MouseMoved(*desktop.MouseEvent)   { a.touch() }
func (a *activityArea) MouseOut()                        {}
