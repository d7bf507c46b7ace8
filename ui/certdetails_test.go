package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

// hexRun is a run of hex digits and colons long enough to be part of a fingerprint.
var hexRun = regexp.MustCompile(`[0-9A-F:]{5,}`)

// wholeBytes is a piece of a fingerprint that holds whole bytes only.
var wholeBytes = regexp.MustCompile(`^:?([0-9A-F]{2}:)*[0-9A-F]{2}:?$`)

// splitBytes lists the lines drawn under o in which a fingerprint is cut inside a byte.
func splitBytes(o fyne.CanvasObject) []string {
	var bad []string
	for _, c := range shown(o) {
		t, ok := c.(*canvas.Text)
		if !ok {
			continue
		}
		for _, run := range hexRun.FindAllString(t.Text, -1) {
			// Two colons at least: a port ("127.0.0.1:8443") is not a fingerprint.
			if strings.Count(run, ":") >= 2 && !wholeBytes.MatchString(run) {
				bad = append(bad, t.Text)
			}
		}
	}
	return bad
}

const otherFingerprint = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99"

// After a sign-out whose revocation is still owed, the server's pin stays; a new certificate
// there is a changed certificate, said as such with both fingerprints, and Trust replaces it.
func TestServerScreen_newCertificateWherePinnedIsShownAsChanged(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newWizardRig(t)
	if err := r.view.flow.Trust(context.Background(), m.Base, otherFingerprint); err != nil {
		t.Fatal(err)
	}
	s := r.serverAt(m.Base)
	if !s.cert.Visible() {
		t.Fatalf("no certificate question; message %q", r.view.msg.Text)
	}
	got := shownTexts(r.win.Content())
	if !strings.Contains(got, "certificate has changed") || !shows(r.win.Content(), fingerprintLines(otherFingerprint)) || !shows(r.win.Content(), fingerprintLines(m.Fingerprint)) {
		t.Fatalf("a new certificate where one is pinned is not shown as changed (old and new):\n%s", got)
	}
	test.Tap(s.trust)
	r.wait()
	if r.step() != wizard.StepSignIn {
		t.Fatalf("after Trust: at %v, message %q", r.step(), r.view.msg.Text)
	}
}

// The same certificate that is pinned (a sign-out kept the pin) is trusted without asking.
func TestServerScreen_pinnedCertificateIsNotAskedAgain(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newWizardRig(t)
	if err := r.view.flow.Trust(context.Background(), m.Base, m.Fingerprint); err != nil {
		t.Fatal(err)
	}
	r.serverAt(m.Base)
	if r.step() != wizard.StepSignIn {
		t.Fatalf("a pinned certificate was asked about again: at %v, message %q", r.step(), r.view.msg.Text)
	}
}

// The Details fold of a certificate that was received does not say no secure connection was
// made; a server that is not x360Sync has its HTTP status said.
func TestServerScreen_detailsSayWhatHappened(t *testing.T) {
	m := tlstest.Start(t, mockserver.Options{Addr: "127.0.0.1:0"})
	r := newWizardRig(t)
	s := r.serverAt(m.Base)
	if !s.details.box.Visible() || strings.Contains(s.detail.Text, "no secure connection made") {
		t.Errorf("details of a certificate received: %q", s.detail.Text)
	}
	test.Tap(s.decline)

	ts := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(ts.Close)
	s = r.serverAt(ts.URL)
	if !strings.Contains(r.view.msg.Text, "The server answered HTTP 404") {
		t.Errorf("message for a 404: %q", r.view.msg.Text)
	}
	if !strings.Contains(s.detail.Text, "HTTP status: 404 Not Found") {
		t.Errorf("details for a 404: %q", s.detail.Text)
	}
}

// Fingerprints never wrap inside a byte: not in the certificate question, not in the banner
// of a changed certificate, not in About, in a wide window or a narrow one.
func TestFingerprints_neverSplitInsideAByte(t *testing.T) {
	changed := &client.CertChangedError{Pinned: otherFingerprint, Cert: fixedCertificate.Cert}
	for _, width := range []float32{800, 420} {
		test.NewTempApp(t)
		win := test.NewTempWindow(t, nil)
		flow := flowAt(func(f *wizard.Flow) { f.Certificate = fixedCertificate })
		v := newWizardView(win, flow, nil)
		win.SetContent(inMain(v.content()))
		win.Resize(fyne.NewSize(width, 600))
		v.show()
		v.sayError(changed, nil, nil)
		win.Resize(fyne.NewSize(width, 601))
		if !shows(win.Content(), "certificate has changed") {
			t.Fatalf("no banner:\n%s", shownTexts(win.Content()))
		}
		if bad := splitBytes(win.Content()); len(bad) > 0 {
			t.Errorf("at %v wide, a fingerprint is cut inside a byte in %q", width, bad)
		}
	}
}
