package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// shownItem is one thing a page shows, as the eye reads it: its kind, words and style, and
// how far below the one before it it starts.
type shownItem struct {
	what string
	gap  float32
}

// formItems is what win shows from the "Authentication Mode" label to Submit, in tree order:
// the visible labels, muted texts, options and buttons, with their styles.
func formItems(t *testing.T, win fyne.Window) []shownItem {
	t.Helper()
	var out []shownItem
	on, lastY := false, float32(0)
	var walk func(o fyne.CanvasObject, at float32)
	add := func(y float32, what string) {
		if !on && strings.HasPrefix(what, "label Authentication Mode ") {
			on = true
		}
		if !on {
			return
		}
		out = append(out, shownItem{what, y - lastY})
		lastY = y
	}
	walk = func(o fyne.CanvasObject, at float32) {
		if o == nil || !o.Visible() {
			return
		}
		y := at + o.Position().Y
		switch x := o.(type) {
		case *widget.Label:
			add(y, fmt.Sprintf("label %s bold=%v importance=%v size=%s", x.Text, x.TextStyle.Bold, x.Importance, x.SizeName))
		case *mutedText:
			add(y, fmt.Sprintf("muted %s size=%s", x.Text(), x.seg.Style.SizeName))
		case *choiceItem:
			add(y, "option "+x.label)
		case *button:
			add(y, fmt.Sprintf("button %s importance=%v", x.Text, x.Importance))
			if x.Text == "Submit" {
				on = false
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, y)
			}
		case fyne.Widget:
			if _, ok := o.(*textEntry); ok {
				return // a field's own texts (placeholder, the reveal button) are not the page's
			}
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, y)
			}
		}
	}
	walk(win.Content(), 0)
	if len(out) == 0 {
		t.Fatal("no Authentication Mode on the page")
	}
	out[0].gap = 0
	return out
}

// withoutPasswords is items less the account page's own fields (the wizard's person has just
// signed in): Current Password and Confirm Password, and the gap to what follows them.
func withoutPasswords(items []shownItem) []shownItem {
	var out []shownItem
	skipped := false
	for _, it := range items {
		if strings.HasPrefix(it.what, "label Current Password ") || strings.HasPrefix(it.what, "label Confirm Password ") {
			skipped = true
			continue
		}
		if skipped {
			it.gap, skipped = -1, false // after the fields: the gap is theirs
		}
		out = append(out, it)
	}
	return out
}

// gapsOfWrappedText forgets the gaps below text that wraps: the wizard's card and the
// account page's are not the same width.
func gapsOfWrappedText(items []shownItem) []shownItem {
	out := slices.Clone(items)
	for i := 1; i < len(out); i++ {
		if prev := out[i-1].what; strings.HasPrefix(prev, "muted ") || len(prev) > 60 {
			out[i].gap = -1
		}
	}
	return out
}

// The account window's "Enable Two-Step Authentication" is the wizard's Enable step, with
// the account's Current Password and Confirm Password: the same words, the same styles and
// gaps, for either Authentication Mode (a user test found the labels' weight, the apps named,
// the note on text messages and the gap different).
func TestEnableTwoStep_accountPageIsTheWizardsStep(t *testing.T) {
	for _, mode := range []string{modeApp, modeText} {
		t.Run(mode, func(t *testing.T) {
			test.NewTempApp(t)
			wiz := render(t, fixtureNamed(t, "enroll"))
			acc := render(t, fixtureNamed(t, "enable-two-step"))
			for _, win := range []fyne.Window{wiz, acc} {
				for _, o := range test.LaidOutObjects(win.Content()) {
					if it, ok := o.(*choiceItem); ok && it.label == mode {
						test.Tap(it)
					}
				}
				win.Resize(fyne.NewSize(800, 601)) // laid out anew: what the choice showed and hid
				win.Resize(fyne.NewSize(800, 600))
			}
			want := gapsOfWrappedText(formItems(t, wiz))
			got := gapsOfWrappedText(withoutPasswords(formItems(t, acc)))
			if !slices.Equal(got, want) {
				t.Errorf("the account's page differs from the wizard's step:\naccount: %v\nwizard:  %v", got, want)
			}
		})
	}
}
