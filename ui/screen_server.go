package ui

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/x360sync/desktop/client"
)

// serverScreen asks for the server address (skipped in demo mode). When the server's
// certificate is not trusted by this computer it shows the certificate with "Trust this
// certificate" and Cancel; after a failed connection, a Details fold for a support ticket.
type serverScreen struct {
	v       *wizardView
	address *textEntry
	field   *field
	next    *busyButton

	cert      *fyne.Container // the certificate question; hidden unless the flow holds one
	certTitle *widget.Label   // not trusted, or changed
	certBox   *widget.Label   // subject, issuer, dates, names
	print     *widget.Label   // the SHA-256 fingerprint, to compare with the admin's
	oldBox    *fyne.Container // the fingerprint trusted until now, when the certificate changed
	oldPrint  *widget.Label
	trust     *button
	decline   *button
	details   *fold // hidden unless the last failure carried details
	detail    *widget.Label
	lastErr   error // the last SubmitServer's error, written before the UI is told (see setBusy)
}

func newServerScreen(v *wizardView) *serverScreen {
	s := &serverScreen{v: v}
	s.address = entry(lang.L("e.g. https://sync.example.com"), s.submit)
	s.address.SetText(v.flow.Server)
	s.field = newField(lang.L("Server address"), s.address)
	s.next = newBusyButton(lang.L("Continue"), lang.L("Checking the server…"), s.submit)

	s.certBox = widget.NewLabel("")
	s.certBox.Wrapping = fyne.TextWrapWord
	s.print = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	// Trust and Cancel scroll into view when they get the focus: in an 800x600 window (or at
	// FYNE_SCALE=2) the question is taller than the window.
	s.trust = newButton(lang.L("Trust this certificate"), s.onTrust)
	s.trust.Importance = widget.WarningImportance
	s.decline = newButton(lang.L("Cancel"), s.onDecline)
	s.certTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.certTitle.Wrapping = fyne.TextWrapWord
	s.oldPrint = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	s.oldBox = container.NewVBox(widget.NewLabel(lang.L("Trusted until now")), s.oldPrint)
	s.cert = container.NewVBox(s.certTitle, s.certBox, s.oldBox,
		widget.NewLabel(lang.L("SHA-256 fingerprint")), s.print,
		inTextColumn(container.NewHBox(s.trust, s.decline)),
	)
	s.detail = widget.NewLabel("")
	s.detail.Wrapping = fyne.TextWrapBreak
	s.details = newFold(lang.L("Details"), lang.L("Details"), s.detail)
	s.refresh()
	return s
}

func (s *serverScreen) subtitle() string {
	return lang.L("Enter the address your organization gave you for x360Sync.")
}

func (s *serverScreen) content() fyne.CanvasObject {
	return container.NewVBox(s.field.box, s.next.box, s.cert, s.details.box)
}

// markMissing says under the field that the address is needed.
func (s *serverScreen) markMissing() bool {
	s.field.setError(lang.L("Enter the server address."))
	return true
}

// first is the address, or Cancel while the certificate question is open: the safe answer
// has the focus, and Shift+Tab reaches Trust.
func (s *serverScreen) first() fyne.Focusable {
	if s.v.flow.Certificate != nil {
		return s.decline
	}
	return s.address
}

// setBusy(false) comes when an answer has arrived, just before its message: the screen then
// shows what the flow holds (a certificate to decide on) and the failure's details.
func (s *serverScreen) setBusy(b bool) {
	enable(!b, s.address, s.trust, s.decline)
	s.next.setBusy(b)
	if !b {
		s.refresh()
	}
}

func (s *serverScreen) submit() {
	if s.v.flow.Certificate != nil {
		return // the certificate question is open: Trust or Cancel first
	}
	s.field.setError("")
	addr := s.address.Text
	s.v.do(func(ctx context.Context) error {
		err := s.v.flow.SubmitServer(ctx, addr)
		s.lastErr = err
		return err
	})
}

func (s *serverScreen) onTrust() {
	s.v.do(func(ctx context.Context) error {
		err := s.v.flow.TrustCertificate(ctx)
		s.lastErr = err
		return err
	})
}

// onDecline is Cancel on the certificate: nothing is trusted, the address can be changed.
func (s *serverScreen) onDecline() {
	s.v.flow.DeclineCertificate()
	s.lastErr = nil
	s.v.say(bannerInfo, "")
	s.refresh()
	s.v.win.Canvas().Focus(s.address)
}

// refresh shows the certificate question and the details the flow and the last answer hold.
func (s *serverScreen) refresh() {
	if c := s.v.flow.Certificate; c != nil {
		s.showQuestion(c, s.v.flow.Replaces)
		if s.address.Text == "" {
			s.address.SetText(s.v.flow.Server) // the address was given (--server), not typed
		}
		s.address.Disable()
		s.next.Disable()
		s.next.box.Hide() // Trust and Cancel answer now; the question stands where it was
		if !s.cert.Visible() && s.v.current == s {
			s.cert.Show()
			s.v.win.Canvas().Focus(s.decline)
		}
		s.cert.Show()
	} else {
		s.cert.Hide()
		s.next.box.Show()
		if !s.v.run.busyNow() {
			enable(true, s.address, s.next)
		}
	}
	if d, ok := client.DetailsOf(s.lastErr); ok {
		s.detail.SetText(detailsText(d))
		s.details.box.Show()
	} else {
		s.details.box.Hide()
	}
}

// showQuestion words the certificate question: a certificate this computer does not trust,
// or one that replaces the certificate trusted for this server until now.
func (s *serverScreen) showQuestion(c *client.UntrustedCertError, replaces string) {
	s.certBox.SetText(certText(c))
	s.print.SetText(fingerprintLines(c.Cert.Fingerprint))
	if replaces == "" {
		s.certTitle.SetText(lang.L("This computer does not trust the server's certificate"))
		s.trust.SetText(lang.L("Trust this certificate"))
		s.oldBox.Hide()
		return
	}
	s.certTitle.SetText(lang.L("The server's certificate has changed since you trusted it"))
	s.trust.SetText(lang.L("Trust the new certificate"))
	s.oldPrint.SetText(fingerprintLines(replaces))
	s.oldBox.Show()
}

// certText is what a person needs to decide: why it is not trusted, who it names, who
// issued it and when it is valid.
func certText(e *client.UntrustedCertError) string {
	why := lang.L("It is not issued by an authority this computer trusts (it is self-signed, or from a private authority).")
	switch {
	case e.Reason&client.NameMismatch != 0 && e.Reason&client.UnknownAuthority != 0:
		why = lang.L("It is not issued by an authority this computer trusts, and it is not made out to this address.")
	case e.Reason&client.NameMismatch != 0:
		why = lang.L("It is not made out to this address.")
	}
	lines := []string{
		why,
		fmt.Sprintf(lang.L("Issued to: %s"), e.Cert.Subject),
		fmt.Sprintf(lang.L("Issued by: %s"), e.Cert.Issuer),
		fmt.Sprintf(lang.L("Valid from %s to %s"), e.Cert.NotBefore.Local().Format("2 Jan 2006"), e.Cert.NotAfter.Local().Format("2 Jan 2006")),
	}
	if len(e.Cert.Names) > 0 {
		lines = append(lines, fmt.Sprintf(lang.L("Valid for: %s"), strings.Join(e.Cert.Names, lang.L(", "))))
	}
	return strings.Join(lines, "\n")
}

// fingerprintLines puts a colon-separated fingerprint in lines of 8 bytes, for a monospace
// label: narrow enough for any window, read and compared a line at a time, never split
// inside a byte.
func fingerprintLines(fp string) string { return fingerprintGroups(fp, "\n") }

// fingerprintGroups joins a fingerprint's groups of 8 bytes with sep: in running text a
// space, so that wrapping breaks between groups and never inside a byte.
func fingerprintGroups(fp, sep string) string {
	const group = 8*3 - 1 // "AB:" a byte, without the last colon
	var out []string
	for len(fp) > group && fp[group] == ':' {
		out = append(out, fp[:group])
		fp = fp[group+1:]
	}
	return strings.Join(append(out, fp), sep)
}

// plainHTTP starts an address that no TLS protects (allowed for a server on this computer).
const plainHTTP = "http://"

// detailsText is the Details fold: what a support ticket needs, never a secret.
func detailsText(d client.Details) string {
	or := func(s, none string) string {
		if s == "" {
			return none
		}
		return s
	}
	lines := []string{
		fmt.Sprintf(lang.L("Address tried: %s"), d.Address),
		fmt.Sprintf(lang.L("Resolved IP: %s"), or(d.ResolvedIP, lang.L("unknown"))),
		fmt.Sprintf(lang.L("Proxy: %s"), or(d.Proxy, lang.L("none (direct connection)"))),
	}
	// The version is known once a handshake completed. One that stopped at the certificate
	// did negotiate a version, but Go does not tell it: then the line says nothing.
	switch {
	case d.TLSVersion != "":
		lines = append(lines, fmt.Sprintf(lang.L("TLS version: %s"), d.TLSVersion))
	case strings.HasPrefix(d.Address, plainHTTP):
		lines = append(lines, lang.L("TLS version: none (plain HTTP)"))
	}
	if d.HTTPStatus != 0 {
		lines = append(lines, fmt.Sprintf(lang.L("HTTP status: %d %s"), d.HTTPStatus, http.StatusText(d.HTTPStatus)))
	}
	return strings.Join(lines, "\n")
}
