package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// focusedButton is the text of the button with the focus, or what else has it.
func (r *mainRig) focusedButton() string {
	f := r.win.Canvas().Focused()
	if b, ok := f.(fyne.CanvasObject); ok {
		if k, ok := asButton(b); ok {
			return k.Text
		}
	}
	if f == nil {
		return "nothing"
	}
	return "a " + strings.TrimPrefix(strings.TrimPrefix(typeName(f), "*"), "ui.")
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// After Set PIN, the account's Security card has the focus where Set a PIN was (now Change
// PIN): a user test found nothing focused and Tab starting again at Refresh.
func TestAccount_focusReturnsToTheOpenerAfterAPage(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	setPIN := r.button("Set a PIN")
	tabTo(t, r.win.Canvas(), r.focusable(setPIN), 20)
	pressSpace(r.win.Canvas())
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	if got := r.focusedButton(); got != "Change PIN" {
		t.Errorf("after Set PIN the focus is on %s, want Change PIN", got)
	}

	// Back from a page (Esc) puts it on the button that opened it too.
	tabTo(t, r.win.Canvas(), r.focusable(r.button("Remove PIN")), 20)
	pressSpace(r.win.Canvas())
	hit(r.win.Canvas().Focused(), fyne.KeyEscape)
	if got := r.focusedButton(); got != "Remove PIN" || r.m.account == nil {
		t.Errorf("after Esc on Remove PIN the focus is on %s, want the account's Remove PIN", got)
	}
}

// Esc on the Remove PIN confirmation gives the focus back to the page's Remove PIN button.
func TestAccount_escOnRemovePINConfirmationFocusesRemovePIN(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	test.Tap(r.button("Set a PIN"))
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext()
	r.typeAndEnter("204913")
	test.Tap(r.button("Remove PIN"))
	test.Type(r.focusedEntry(), "204913")
	r.win.Canvas().FocusNext() // the page's Remove PIN
	pressAsTheDriver(r.win.Canvas(), fyne.KeySpace)
	if r.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Enter did not ask to confirm")
	}
	pressAsTheDriver(r.win.Canvas(), fyne.KeyEscape)
	if r.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Esc left the confirmation up")
	}
	if got := r.focusedButton(); got != "Remove PIN" {
		t.Errorf("after Esc on the confirmation the focus is on %s, want Remove PIN", got)
	}
}

// Refresh keeps the focus, and says it ran.
func TestAccount_refreshKeepsTheFocusAndSaysSo(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	tabTo(t, r.win.Canvas(), r.focusable(r.button("Refresh")), 5)
	pressSpace(r.win.Canvas())
	r.wait()
	if got := r.focusedButton(); got != "Refresh" {
		t.Errorf("after Refresh the focus is on %s, want Refresh", got)
	}
	if !strings.Contains(r.texts(), "Updated") {
		t.Errorf("Refresh says nothing:\n%s", r.texts())
	}
}

// focusable is the focusable widget of b (ours embeds widget.Button).
func (r *mainRig) focusable(b fyne.CanvasObject) fyne.Focusable {
	r.t.Helper()
	for _, o := range test.LaidOutObjects(r.win.Content()) {
		if k, ok := o.(*button); ok && &k.Button == b {
			return k
		}
	}
	if f, ok := b.(fyne.Focusable); ok {
		return f
	}
	r.t.Fatal("not focusable")
	return nil
}

// Esc on the two-step page gives the focus back to its button, once the account is read again
// (the button shows only then).
func TestAccount_focusReturnsToTheTwoStepButton(t *testing.T) {
	r := signedInAs(t, "alice", loginAlice)
	tabTo(t, r.win.Canvas(), r.focusable(r.button("Enable two-step authentication")), 20)
	pressSpace(r.win.Canvas())
	if _, page := r.m.current.(*settingsForm); !page {
		t.Fatalf("Enable two-step authentication opened %T, not its page", r.m.current)
	}
	pressAsTheDriver(r.win.Canvas(), fyne.KeyEscape)
	r.wait()
	if got := r.focusedButton(); got != "Enable two-step authentication" || r.m.current != r.m.account {
		t.Errorf("after Esc on the two-step page the focus is on %s, want Enable two-step authentication", got)
	}
}
