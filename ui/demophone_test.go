package ui

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/demophone"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

func TestDemoPhone_showsCodesAndTheTextJustSent(t *testing.T) {
	test.NewTempApp(t)
	ts := httptest.NewServer(mockserver.New())
	defer ts.Close()
	v := newDemoPhoneView(ts.URL)
	queue := make(chan func(), 4)
	v.run.deliver = func(f func()) { queue <- f }
	test.NewTempWindow(t, v.content())

	c, _ := client.New(ts.URL)
	if _, err := c.Login(context.Background(), api.LoginRequest{Username: "carol", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "x"}}, ""); err != nil {
		t.Fatal(err)
	}
	shown := func(at time.Time) string {
		code, _ := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at)
		return "bob\n" + code[:3] + " " + code[3:] // the name and the code, labels of their own
	}
	before := shown(time.Now())
	v.refresh()
	v.run.wg.Wait()
	(<-queue)()
	after := shown(time.Now()) // the code may turn over during the read
	if got := shownTexts(v.codes); !strings.Contains(got, before) && !strings.Contains(got, after) {
		t.Errorf("codes, want %q:\n%s", before, got)
	}
	if !strings.Contains(v.messages.Text, "Text to +12025550143") || !strings.Contains(v.messages.Text, "Your x360Sync authentication code is") {
		t.Errorf("messages:\n%s", v.messages.Text)
	}
}

// One row per code: who, the code, a bar of the seconds left and Copy, which copies that code.
func TestDemoPhone_oneRowPerCodeWithProgressAndCopy(t *testing.T) {
	test.NewTempApp(t)
	v := newDemoPhoneView("")
	t.Cleanup(v.run.stopAll) // what closing the Demo phone runs: Copy's countdown and clearing
	win := test.NewTempWindow(t, v.content())
	v.show(demophone.Screen{Codes: []demophone.Code{{Username: "bob", Code: "492039", Left: 17}, {Username: "erin", Code: "118204", Left: 4}}})
	var bars []*widget.ProgressBar
	var copies []*button
	for _, o := range test.LaidOutObjects(win.Content()) {
		switch x := o.(type) {
		case *widget.ProgressBar:
			bars = append(bars, x)
		case *button:
			if x.Text == "Copy" {
				copies = append(copies, x)
			}
		}
	}
	if len(bars) != 2 || len(copies) != 2 {
		t.Fatalf("%d progress bars and %d Copy buttons for 2 codes, want 2 and 2:\n%s", len(bars), len(copies), shownTexts(win.Content()))
	}
	if bars[0].Value != 17 || bars[1].Value != 4 || bars[0].Max != 30 {
		t.Errorf("bars at %v and %v of %v, want 17 and 4 of 30", bars[0].Value, bars[1].Value, bars[0].Max)
	}
	if !shows(win.Content(), "erin 118 204") {
		t.Errorf("rows:\n%s", shownTexts(win.Content()))
	}
	test.Tap(copies[1])
	if got := fyne.CurrentApp().Clipboard().Content(); got != "118204" {
		t.Errorf("Copy on erin's row copied %q, want 118204", got)
	}
	// The next second updates the rows in place: a focused Copy keeps the focus.
	win.Canvas().Focus(copies[0])
	v.show(demophone.Screen{Codes: []demophone.Code{{Username: "bob", Code: "492039", Left: 16}, {Username: "erin", Code: "118204", Left: 3}}})
	if bars[0].Value != 16 || win.Canvas().Focused() != copies[0] {
		t.Errorf("after a second: bar at %v, focus on %T", bars[0].Value, win.Canvas().Focused())
	}
}

func TestPlace_besideOf(t *testing.T) {
	screen := rect{w: 1920, h: 1080}
	for _, c := range []struct {
		name string
		main rect
		w    int
		x, y int
	}{
		{"room on the right", rect{x: 100, y: 80, w: 800, h: 600}, 420, 100 + 800 + placeGap, 80},
		{"right edge: to the left", rect{x: 1000, y: 50, w: 800, h: 600}, 420, 1000 - placeGap - 420, 50},
		{"just fits on the right", rect{x: 0, y: 0, w: 1920 - 420 - placeGap, h: 600}, 420, 1920 - 420, 0},
		// No room either side: against the screen's edge on the side with more room, over the
		// main window's edge but not wholly behind it (a user test found it at 0,0, under it).
		{"no room: more on the right", rect{x: 100, y: 0, w: 1400, h: 900}, 420, 1920 - 420, 0},
		{"no room: more on the left", rect{x: 400, y: 30, w: 1400, h: 900}, 420, 0, 30},
	} {
		x, y := besideOf(c.main, c.w, screen)
		if x != c.x || y != c.y {
			t.Errorf("%s: got (%d, %d), want (%d, %d)", c.name, x, y, c.x, c.y)
		}
	}
}

// The main window's size is the one Fyne applied, even when the window system still reports
// the size it opened at: after a relaunch the saved 1000x880 was applied after the window
// opened at 800x600, and the Demo phone went where the main window was about to grow.
func TestPlace_usesTheMainWindowsAppliedSize(t *testing.T) {
	screen := rect{w: 1280, h: 900}
	reported := rect{x: 0, y: 0, w: 800, h: 600}
	x, _ := besideOf(mainRect(reported, 1000, 880), 420, screen)
	if x < 1000-420+1 {
		t.Errorf("Demo phone at x=%d, wholly behind a 1000 px main window at x=0 on a 1280 px screen; want it at %d", x, 1280-420)
	}
	if got := mainRect(rect{x: 5, y: 6, w: 1200, h: 700}, 1000, 880); got != (rect{x: 5, y: 6, w: 1200, h: 880}) {
		t.Errorf("mainRect = %+v, want the larger of each side", got)
	}
}

// appliedPixels is the size Fyne gave a window, in pixels, from its canvas: what Resize set
// before the window system caught up.
func TestPlace_appliedPixels(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow(Title)
	w.Resize(fyne.NewSize(1000, 880))
	if gw, gh := appliedPixels(w.Canvas()); gw != 1000 || gh != 880 {
		t.Errorf("applied %dx%d, want 1000x880", gw, gh)
	}
}
