package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// drawnTexts is every text the window paints.
func drawnTexts(w fyne.Window) []string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			out = append(out, t.Text)
		}
	}
	return out
}

// TestShell_changedSubtitleIsRepainted: the shell's muted texts are redrawn when they change
// (a step's subtitle must not linger on the next step's card).
func TestShell_changedSubtitleIsRepainted(t *testing.T) {
	test.NewTempApp(t)
	s := newShell(func() {})
	w := test.NewTempWindow(t, s.root)
	w.Resize(fyne.NewSize(800, 600))
	s.setHeader("Sign in", "Use your x360Sync account on sync.example.com.", true)
	s.step.SetText("Step 2")
	if len(drawnTexts(w)) == 0 { // painted once, as the window does before the next step
		t.Fatal("nothing painted")
	}
	s.setHeader("This computer is registered", "You're all set.", true)
	s.step.SetText("")
	for _, txt := range drawnTexts(w) {
		if txt == "Use your x360Sync account on sync.example.com." || txt == "Step 2" {
			t.Errorf("the old text %q is still painted; painted: %q", txt, drawnTexts(w))
		}
	}
	found := false
	for _, txt := range drawnTexts(w) {
		found = found || txt == "You're all set."
	}
	if !found {
		t.Errorf("the new subtitle is not painted: %q", drawnTexts(w))
	}
}

// TestEnrolmentView_copySaysWhenTheClipboardClears: Copy puts the Backup key on the clipboard
// and says "Copied — clears in 60 s" on itself.
func TestEnrolmentView_copySaysWhenTheClipboardClears(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	run := &runner{}
	e := newEnrolmentView(w, fixedEnrollment, run, func(string) {}, func() {}, 0)
	w.SetContent(e.content())
	defer run.stopAll() // the countdown, and the clearing a minute later
	var copyKey *widget.Button
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := asButton(o); ok && b.Text == "Copy" && copyKey == nil {
			copyKey = b
		}
	}
	test.Tap(copyKey)
	if copyKey.Text != "Copied — clears in 60 s" || a.Clipboard().Content() != fixedEnrollment.BackupKey {
		t.Errorf("after Copy: button %q, clipboard %q", copyKey.Text, a.Clipboard().Content())
	}
}
