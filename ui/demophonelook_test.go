package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/demophone"
)

// A code row keeps one font from one second to the next (a user test saw its name and code
// switch between monospace and proportional), and its seconds stand beside the bar, not on it:
// "17 s" drawn across the bar's filled edge was dark on dark blue.
func TestDemoPhone_rowKeepsOneFontAndItsSecondsBesideTheBar(t *testing.T) {
	test.NewTempApp(t)
	v := newDemoPhoneView("")
	t.Cleanup(v.run.stopAll)
	win := test.NewTempWindow(t, v.content())
	win.Resize(fyne.NewSize(420, 560))
	for _, left := range []int{17, 9} {
		v.show(demophone.Screen{Codes: []demophone.Code{{Username: "bob", Code: "492039", Left: left}}})
		r := v.rows[0]
		if got := r.left.TextFormatter; got == nil || got() != "" {
			t.Errorf("%d s left: the bar draws text %q on itself, want none", left, callOr(got))
		}
		var secs *canvas.Text
		for _, o := range test.LaidOutObjects(r.box) {
			tx, ok := o.(*canvas.Text)
			if !ok || tx.Text == "" || tx.Text == "Copy" { // Copy is a button, bold as every button
				continue
			}
			if tx.TextStyle != (fyne.TextStyle{}) {
				t.Errorf("%d s left: %q drawn in %+v, want the window's regular font", left, tx.Text, tx.TextStyle)
			}
			if tx.Text == fmtSeconds(left) {
				secs = tx
			}
		}
		if secs == nil {
			t.Fatalf("%d s left: no %q beside the bar:\n%s", left, fmtSeconds(left), shownTexts(r.box))
		}
		d := fyne.CurrentApp().Driver()
		bar := d.AbsolutePositionForObject(r.left)
		at := d.AbsolutePositionForObject(r.secs) // the label that draws the seconds
		if at.X < bar.X+r.left.Size().Width {
			t.Errorf("%d s left: the seconds start at x=%v, inside the bar (x=%v..%v)", left, at.X, bar.X, bar.X+r.left.Size().Width)
		}
	}
}

func callOr(f func() string) string {
	if f == nil {
		return "(the bar's default percentage)"
	}
	return f()
}

func fmtSeconds(n int) string {
	return map[int]string{17: "17 s", 9: "9 s"}[n]
}
