package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

// serverAt types an address on the Server step and presses Enter.
func (r *wizardRig) serverAt(addr string) *serverScreen {
	r.t.Helper()
	s, ok := r.view.current.(*serverScreen)
	if !ok {
		r.t.Fatalf("at %T, want the Server step", r.view.current)
	}
	s.address.SetText(addr)
	r.win.Canvas().Focus(s.address)
	r.enter()
	return s
}

func TestServerScreen_trustSelfSignedCertificate(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newWizardRig(t)
	var trusted []string
	r.view.flow.Trust = func(_ context.Context, server, fp string) error {
		trusted = append(trusted, server+" "+fp)
		return nil
	}
	s := r.serverAt(m.Base)
	if !s.cert.Visible() || strings.ReplaceAll(s.print.Text, "\n", ":") != m.Fingerprint {
		t.Fatalf("certificate shown %v with %q, want the server's %s", s.cert.Visible(), s.print.Text, m.Fingerprint)
	}
	if !strings.Contains(s.certBox.Text, "Issued to: CN=x360Sync mock server") || !strings.Contains(s.certBox.Text, "self-signed") {
		t.Errorf("certificate details: %q", s.certBox.Text)
	}
	if !strings.Contains(r.view.msg.Text, "does not trust the server's certificate") || r.view.retry.Visible() {
		t.Errorf("message %q, retry shown %v", r.view.msg.Text, r.view.retry.Visible())
	}
	if !s.address.Disabled() || !s.details.box.Visible() || !strings.Contains(s.detail.Text, "Resolved IP: 127.0.0.1") {
		t.Errorf("address disabled %v, details %q", s.address.Disabled(), s.detail.Text)
	}
	if r.win.Canvas().Focused() != s.decline {
		t.Errorf("focus on %T, want Cancel", r.win.Canvas().Focused())
	}
	r.win.Canvas().FocusPrevious()
	if r.win.Canvas().Focused() != s.trust {
		t.Errorf("Shift+Tab from Cancel: focus on %T, want Trust", r.win.Canvas().Focused())
	}
	r.win.Canvas().Focus(s.address)
	r.enter() // Enter does not trust: only the button does
	if r.step() != wizard.StepServer || len(trusted) != 0 {
		t.Fatalf("Enter moved on to %v, trusted %v", r.step(), trusted)
	}
	test.Tap(s.trust)
	r.wait()
	if r.step() != wizard.StepSignIn || len(trusted) != 1 || trusted[0] != m.Base+" "+m.Fingerprint {
		t.Fatalf("after Trust: %v, trusted %v", r.step(), trusted)
	}
}

func TestServerScreen_cancelTrustsNothing(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newWizardRig(t)
	r.view.flow.Trust = func(context.Context, string, string) error { t.Error("trusted after Cancel"); return nil }
	s := r.serverAt(m.Base)
	test.Tap(s.decline)
	if s.cert.Visible() || s.address.Disabled() || r.view.msg.Text != "" || r.win.Canvas().Focused() != s.address {
		t.Errorf("after Cancel: certificate shown %v, address disabled %v, message %q", s.cert.Visible(), s.address.Disabled(), r.view.msg.Text)
	}
	if r.view.flow.Certificate != nil || r.step() != wizard.StepServer {
		t.Errorf("flow after Cancel: %v at %v", r.view.flow.Certificate, r.step())
	}
}

func TestServerScreen_expiredAndChangedCertificates(t *testing.T) {
	now := time.Now()
	expired := tlstest.Serve(t, tlstest.Certificate(t, now.Add(-48*time.Hour), now.Add(-time.Hour)), mockserver.New())
	r := newWizardRig(t)
	s := r.serverAt(expired.URL)
	if s.cert.Visible() || !strings.Contains(r.view.msg.Text, "expired on") {
		t.Errorf("expired: certificate offered %v, message %q", s.cert.Visible(), r.view.msg.Text)
	}

	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r.view.flow.Trust = func(context.Context, string, string) error { return nil }
	s = r.serverAt(m.Base)
	m.Stop()
	again := tlstest.Start(t, mockserver.Options{Addr: m.Addr()})
	test.Tap(s.trust)
	r.wait()
	want := "Trusted: " + fingerprintGroups(m.Fingerprint, " ") + ". Now: " + fingerprintGroups(again.Fingerprint, " ") + "."
	if r.step() != wizard.StepServer || !strings.Contains(r.view.msg.Text, want) {
		t.Errorf("changed while shown: at %v, message %q, want it to contain %q", r.step(), r.view.msg.Text, want)
	}
}

func TestServerScreen_withoutTrustHookSaysSo(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newWizardRig(t)
	r.view.flow.Trust = nil // a flow not made by the session
	s := r.serverAt(m.Base)
	test.Tap(s.trust)
	r.wait()
	if r.step() != wizard.StepServer || !strings.Contains(r.view.msg.Text, "nothing was trusted") {
		t.Errorf("at %v, message %q", r.step(), r.view.msg.Text)
	}
}

func TestServerScreen_trustedThroughTheSessionThenSignIn(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newWizardRig(t) // the session's own flow: Trust pins in its config
	s := r.serverAt(m.Base)
	test.Tap(s.trust)
	r.wait()
	if r.step() != wizard.StepSignIn {
		t.Fatalf("after Trust: at %v, message %q", r.step(), r.view.msg.Text)
	}
	r.typeInFocused("alice")
	r.tab()
	r.typeInFocused("x360sync-demo")
	r.enter()
	if r.step() != wizard.StepDone || len(r.fin) != 1 || r.fin[0] != "alice/" {
		t.Fatalf("sign-in through the pin: at %v, finished %v, message %q", r.step(), r.fin, r.view.msg.Text)
	}
}
