package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/app/wizard"
)

// TestSignIn_demoBannerKeepsSignInInView: the first-time-user test found the Sign in button
// below the fold at 800x600 in demo mode (the demo banner over the form), so the first thing a
// new user sees has no way forward in sight. With the banner, the whole form and its button
// show without scrolling.
func TestSignIn_demoBannerKeepsSignInInView(t *testing.T) {
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel(""))
	win.Resize(fyne.NewSize(800, 600))
	flow := wizard.At(wizard.StepServer, wizard.StepSignIn)
	flow.Server = "http://127.0.0.1:41261"
	v := newWizardView(win, flow, nil)
	v.notice = demoText(Options{Demo: true})
	win.SetContent(inMain(v.content()))
	v.show()
	s, ok := v.current.(*signInScreen)
	if !ok {
		t.Fatalf("showing %T", v.current)
	}
	if !v.shell.banner.box.Visible() {
		t.Fatal("the demo banner is not shown")
	}
	if !inView(win, win.Content(), s.signIn.box) {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.signIn.box)
		t.Errorf("Sign in is out of sight at 800x600 with the demo banner: at %v, size %v", pos, s.signIn.box.Size())
	}
}
