package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// A finding is an object a person can focus or tap that a screen reader cannot name.
type finding struct {
	path, why string
}

// interactive says whether a person can reach o with the keyboard or the pointer.
func interactive(o fyne.CanvasObject) bool {
	switch o.(type) {
	case fyne.Focusable, fyne.Tappable, fyne.DoubleTappable, fyne.SecondaryTappable:
		return true
	}
	return false
}

// accessibleLeaf is what Fyne 2.8's Windows and macOS bridges report as one element: an
// fyne.Accessible whose role is not a container.
func accessibleLeaf(o fyne.CanvasObject) (fyne.Accessible, bool) {
	a, ok := o.(fyne.Accessible)
	if !ok || a.AccessibilityRole() == fyne.AccessibleRoleContainer {
		return nil, false
	}
	return a, true
}

// genericLabel is a label that names no action: empty, Fyne's "Container", or the name of an
// icon (what widget.Button says when it has no text).
func genericLabel(o fyne.CanvasObject, label string) bool {
	if strings.TrimSpace(label) == "" || label == "Container" {
		return true
	}
	if btn, isBtn := asButton(o); isBtn && btn.Icon != nil && label == btn.Icon.Name() {
		return true
	}
	return false
}

// audit walks the whole tree as it is drawn, renderers included, and reports every visible
// interactive object that the bridges' walk does not reach or that has no useful label.
// reachable is whether the bridges got this far: they start at the window content and the
// overlays and descend only through *fyne.Container (macOS stops at anything not Accessible,
// Windows never looks inside a widget), so nothing under a widget's renderer is reached.
func audit(o fyne.CanvasObject, path string, reachable bool, out *[]finding) {
	if o == nil || !o.Visible() {
		return
	}
	switch o.(type) {
	case *activityArea, *scrollMask:
		// The idle timer's watcher under a screen (autolock.go) and the masks over scrolled
		// content outside the view (fitscroll.go) take the pointer where no control is; they
		// are no control a person operates, so a screen reader has nothing to say of them.
		return
	}
	path += "/" + fmt.Sprintf("%T", o)
	leaf, isLeaf := accessibleLeaf(o)
	if interactive(o) {
		switch {
		case !isLeaf:
			*out = append(*out, finding{path, "not fyne.Accessible"})
		case !reachable:
			*out = append(*out, finding{path + " " + fmt.Sprintf("%q", leaf.AccessibilityLabel()), "inside a widget: the bridge never reaches it"})
		case genericLabel(o, leaf.AccessibilityLabel()):
			*out = append(*out, finding{path + " " + fmt.Sprintf("%q", leaf.AccessibilityLabel()), "no label that says what it is"})
		}
	}
	if isLeaf {
		return // one element for the bridge: its inside (an Entry's reveal button) is its own
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			audit(c, path, reachable, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			audit(c, path, false, out)
		}
	}
}

// auditCanvas audits the content and every overlay (confirmations) of a window.
func auditCanvas(c fyne.Canvas) []finding {
	var out []finding
	audit(c.Content(), "", true, &out)
	for _, o := range c.Overlays().List() {
		audit(o, "overlay", true, &out)
	}
	return out
}

// TestScreens_everyInteractiveObjectIsNamedForScreenReaders: on every screen, each object a
// person can focus or tap is one the Windows and macOS screen reader bridges reach and name,
// in the 800x600 window, where five screens scroll, and at 400x300 (what an 800x600-pixel
// window holds at FYNE_SCALE=2), where more do.
func TestScreens_everyInteractiveObjectIsNamedForScreenReaders(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			test.NewTempApp(t)
			win := render(t, f)
			for _, bad := range auditCanvas(win.Canvas()) {
				t.Errorf("%s: %s", bad.path, bad.why)
			}
			win.Resize(fyne.NewSize(400, 300))
			for _, bad := range auditCanvas(win.Canvas()) {
				t.Errorf("at 400x300: %s: %s", bad.path, bad.why)
			}
		})
	}
}

// TestScreens_aScreenTallerThanTheWindowScrolls: the screens named in the README as scrolling
// at 800x600 do, so the test above covers scrolled content.
func TestScreens_aScreenTallerThanTheWindowScrolls(t *testing.T) {
	scrolling := map[string]bool{}
	for _, f := range fixtures() {
		test.NewTempApp(t)
		win := render(t, f)
		if scrolls(win.Content()) {
			scrolling[f.name] = true
		}
	}
	// Confirm two-step authentication fits 800x600 now (parts 1 and 2 side by side).
	for _, name := range []string{"server-certificate", "account"} {
		if !scrolling[name] {
			t.Errorf("%s does not scroll at 800x600: the screen-reader test no longer covers scrolled content there", name)
		}
	}
}

// scrolls says whether something scrolls in the tree outside any widget's inside (an Entry has
// its own): a container.Scroll, or a fitScroll whose content is taller than its view.
func scrolls(o fyne.CanvasObject) bool {
	if !o.Visible() {
		return false
	}
	switch v := o.(type) {
	case *container.Scroll:
		return true
	case *fyne.Container:
		if f, ok := v.Layout.(*fitScroll); ok && f.height > f.view.Height {
			return true
		}
		for _, c := range v.Objects {
			if scrolls(c) {
				return true
			}
		}
	}
	return false
}

// bridgeWalk lists what the Windows bridge reports, in its order: each visible Accessible
// that is not a container, found by descending through *fyne.Container only.
func bridgeWalk(o fyne.CanvasObject, out *[]string) {
	if o == nil || !o.Visible() {
		return
	}
	if a, ok := accessibleLeaf(o); ok {
		*out = append(*out, string(a.AccessibilityRole())+" "+a.AccessibilityLabel())
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			bridgeWalk(child, out)
		}
	}
}

// TestScreens_screenReaderReadsTheCodeStep pins what a screen reader is given on the code
// step, in reading order: the labels say what each thing is, the code's value is never read.
func TestScreens_screenReaderReadsTheCodeStep(t *testing.T) {
	test.NewTempApp(t)
	found := false
	defer func() {
		if !found {
			t.Fatal("no code-app fixture")
		}
	}()
	for _, f := range fixtures() {
		if f.name != "code-app" {
			continue
		}
		found = true
		win := render(t, f)
		for _, o := range test.LaidOutObjects(win.Content()) {
			if e, ok := o.(*textEntry); ok {
				test.Type(e, "123")
			}
		}
		var got []string
		bridgeWalk(win.Content(), &got)
		joined := strings.Join(got, "\n")
		for _, want := range []string{"button Back", "text Step 3", "text Authentication Code", "button Next"} {
			if !strings.Contains(joined, want) {
				t.Errorf("the screen reader is not told %q; it is told:\n%s", want, joined)
			}
		}
		if strings.Contains(joined, "123") {
			t.Errorf("the screen reader is told the code typed:\n%s", joined)
		}
	}
}
