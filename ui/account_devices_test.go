package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/x360sync/desktop/client/api"
)

// deviceCaptions is the muted caption of each device row of the account's Devices card, in
// the order shown.
func deviceCaptions(t *testing.T, a *accountScreen) []string {
	t.Helper()
	var out []string
	for _, row := range a.devices.Objects {
		if _, ok := row.(fyne.Widget); ok {
			continue // the separator between two devices
		}
		caption := ""
		for _, o := range test.LaidOutObjects(row) {
			if m, ok := o.(*mutedText); ok && m.seg.Style.SizeName == theme.SizeNameCaptionText {
				caption = m.Text()
			}
		}
		out = append(out, caption)
	}
	return out
}

// Two computers of the same name and platform are told apart by when they were registered
// and when they were last active, said in words, in local time (a user test: "alice-desktop,
// Windows" twice, and no way to know which one to revoke).
func TestAccount_devicesOfOneNameAreToldApart(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, nil)
	m := signedInMain(t, win)
	a := newAccountScreen(m)
	m.account = a
	m.set(a.content())
	now := time.Now()
	// Late in the evening somewhere west: a day later here than there, where it is UTC.
	registered := time.Date(2026, 11, 3, 23, 30, 0, 0, time.FixedZone("UTC-10", -10*3600))
	a.show(api.Me{Username: "alice"}, []api.Device{
		{ID: "dev_0001", Name: "alice-laptop", Platform: "linux", RegisteredAt: registered, LastSeenAt: now, Current: true},
		{ID: "dev_0002", Name: "alice-desktop", Platform: "windows", RegisteredAt: registered, LastSeenAt: now.Add(-time.Minute)},
		{ID: "dev_0003", Name: "alice-desktop", Platform: "windows", RegisteredAt: registered, LastSeenAt: now.AddDate(0, 0, -40)},
	})
	got := deviceCaptions(t, a)
	if len(got) != 3 {
		t.Fatalf("captions %q, want one per device", got)
	}
	day := registered.Local().Format("2 Jan 2006")
	if want := "Registered " + day + " · last active today"; got[1] != want {
		t.Errorf("the desktop active a minute ago: %q, want %q", got[1], want)
	}
	if got[1] == got[2] {
		t.Errorf("the two alice-desktop (Windows) read the same: %q", got[1])
	}
	if want := "last active " + now.AddDate(0, 0, -40).Format("2 Jan 2006"); !strings.HasSuffix(got[2], want) {
		t.Errorf("the desktop active 40 days ago: %q, want it to end %q", got[2], want)
	}
}

// The caption says yesterday and days ago in words, by the calendar here, and leaves out
// what the server did not say.
func TestLastActive_inWords(t *testing.T) {
	now := time.Date(2026, 12, 2, 0, 30, 0, 0, time.Local)
	for _, c := range []struct {
		seen time.Time
		want string
	}{
		{now.Add(-time.Hour), "last active yesterday"}, // 23:30 the day before
		{now.Add(time.Hour), "last active today"},      // the server's clock is ahead
		{now.AddDate(0, 0, -3), "last active 3 days ago"},
		{now.AddDate(0, 0, -7), "last active 25 Nov 2026"},
		{time.Time{}, ""},
	} {
		if got := lastActive(c.seen, now); got != c.want {
			t.Errorf("seen %v: %q, want %q", c.seen, got, c.want)
		}
	}
}
