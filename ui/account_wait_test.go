package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// drainUntil runs the window's deliveries (answers and countdown ticks) until done or limit.
func (r *mainRig) drainUntil(limit time.Duration, done func() bool) {
	r.t.Helper()
	deadline := time.After(limit)
	for !done() {
		select {
		case f := <-r.queue:
			f()
		case <-deadline:
			r.t.Fatalf("still waiting after %v:\n%s", limit, r.texts())
		}
	}
}

// The account's "Confirm two-step authentication" page counts a too-many-attempts wait down as
// the wizard's does (a user test saw the account's pages say the wait once and leave Submit
// on): Submit is off, not busy, and reads "Try again in N s"; when the wait is over it reads
// Submit again and the refused code is emptied and focused.
func TestAccount_tooManyConfirmCodesCountsDownOnSubmit(t *testing.T) {
	r, _ := atSettingsConfirm(t)
	r.m.run.second = 5 * time.Millisecond // a wait of 30 "seconds" ends in 150 ms
	r.tick("I have saved my Backup key")
	f := r.m.current.(*settingsForm)
	code := r.codeField()
	for i := 1; i <= 8 && !strings.Contains(f.banner.text.Text, "Too many attempts"); i++ {
		code.SetText("")
		test.Type(code, fmt.Sprintf("00000%d", i)) // submitted by its 6th digit
		r.m.run.wg.Wait()
		(<-r.queue)() // the answer only: the ticks are drained below
	}
	if !strings.Contains(f.banner.text.Text, "Too many attempts") {
		t.Fatalf("never throttled: %q", f.banner.text.Text)
	}
	var submit *button
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if b, ok := o.(*button); ok && strings.HasPrefix(b.Text, "Try again in ") {
			submit = b
		}
	}
	if submit == nil || !submit.Disabled() {
		t.Fatalf("during the wait no disabled \"Try again in N s\" button:\n%s", r.texts())
	}
	if f.backB.Text != "Back" {
		t.Errorf("during the wait the Back bar reads %q: no call runs", f.backB.Text)
	}
	r.drainUntil(5*time.Second, func() bool { return submit.Text == "Submit" })
	if submit.Disabled() {
		t.Error("after the wait Submit is still off")
	}
	if code.Text != "" || r.win.Canvas().Focused() != code {
		t.Errorf("after the wait: code %q, focus on %T, want the code emptied and focused", code.Text, r.win.Canvas().Focused())
	}
}
