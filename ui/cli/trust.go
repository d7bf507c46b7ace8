package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
)

// trust answers the certificate question of the Server step: with --trust-fingerprint the
// certificate is trusted only if it is that one (another is refused as a changed certificate);
// otherwise the person at the terminal is shown it and asked, and without a terminal the
// answer is no. untrusted is SubmitServer's error, returned when nothing was trusted.
func trust(ctx context.Context, f *wizard.Flow, in *prompter, given string, untrusted error) error {
	c := f.Certificate.Cert
	if given != "" {
		want, err := client.NormalizeFingerprint(given)
		if err != nil {
			return fmt.Errorf("%w: --trust-fingerprint is not a SHA-256 fingerprint (64 hex digits)", errUsage)
		}
		if want != c.Fingerprint {
			return &client.CertChangedError{Pinned: want, Cert: c}
		}
		return f.TrustCertificate(ctx)
	}
	if f.Replaces != "" {
		return trustChanged(ctx, f, in)
	}
	fmt.Fprint(in.out, certText(f.Server, f.Certificate))
	if !in.terminal() {
		fmt.Fprintln(in.out, "Trust this certificate? [y/N] no (no terminal to ask at)")
		return untrusted
	}
	answer, err := in.line("Trust this certificate? [y/N] ")
	if err != nil {
		return err
	}
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return untrusted
	}
	return f.TrustCertificate(ctx)
}

// trustChanged asks about a certificate that replaces the one trusted for the server until
// now, as the desktop app does: it says so, shows both fingerprints, and takes only a typed
// "yes" (a reflex "y" is no). Otherwise it ends with the changed-certificate error (exit 6).
func trustChanged(ctx context.Context, f *wizard.Flow, in *prompter) error {
	c := f.Certificate.Cert
	refused := &client.CertChangedError{Pinned: f.Replaces, Cert: c}
	fmt.Fprintf(in.out, "The certificate of %s has CHANGED since you trusted it.\n  trusted until now: %s\n  presented now:     %s\n",
		f.Server, f.Replaces, c.Fingerprint)
	fmt.Fprintf(in.out, "  subject:     %s\n  issuer:      %s\n  valid:       %s to %s\n",
		c.Subject, c.Issuer, c.NotBefore.UTC().Format(time.DateOnly), c.NotAfter.UTC().Format(time.DateOnly))
	fmt.Fprintln(in.out, "Trust the new one only if your administrator told you the certificate changed; otherwise someone may be in the way.")
	if !in.terminal() {
		fmt.Fprintln(in.out, "Type yes to trust the new certificate: no (no terminal to ask at)")
		return refused
	}
	answer, err := in.line("Type yes to trust the new certificate: ")
	if err != nil {
		return err
	}
	if strings.ToLower(strings.TrimSpace(answer)) != "yes" {
		return refused
	}
	return f.TrustCertificate(ctx)
}

// certText shows what a person needs to decide, fingerprint last so it can be compared with
// what the administrator sent.
func certText(server string, e *client.UntrustedCertError) string {
	why := "it is not issued by an authority this computer trusts (self-signed or a private one)"
	switch {
	case e.Reason&client.NameMismatch != 0 && e.Reason&client.UnknownAuthority != 0:
		why += ", and it is not made out to this address"
	case e.Reason&client.NameMismatch != 0:
		why = "it is not made out to this address"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "This computer does not trust the certificate of %s: %s.\n", server, why)
	fmt.Fprintf(&b, "  subject:     %s\n  issuer:      %s\n  valid:       %s to %s\n",
		e.Cert.Subject, e.Cert.Issuer, e.Cert.NotBefore.UTC().Format(time.DateOnly), e.Cert.NotAfter.UTC().Format(time.DateOnly))
	if len(e.Cert.Names) > 0 {
		fmt.Fprintf(&b, "  valid for:   %s\n", strings.Join(e.Cert.Names, ", "))
	}
	fmt.Fprintf(&b, "  SHA-256:     %s\n", e.Cert.Fingerprint)
	b.WriteString("Trust it only if this fingerprint is the one your administrator gave you.\n")
	return b.String()
}

// changedMessage words a certificate that is not the trusted one.
func changedMessage(err error) string {
	var ce *client.CertChangedError
	if !errors.As(err, &ce) {
		return "The server's certificate changed. Nothing was sent to it."
	}
	return fmt.Sprintf("The server's certificate is not the trusted one, so nothing was sent to it.\n"+
		"  trusted:   %s\n  presented: %s\n"+
		"If your administrator replaced the certificate, check the new fingerprint with them and register again with --trust-fingerprint.",
		ce.Pinned, ce.Cert.Fingerprint)
}

// ConnMessage words a failure to reach a server, by the stage that failed, with its fix.
func ConnMessage(err error) string {
	var ie *client.InvalidCertError
	switch {
	case errors.As(err, &ie):
		return invalidCertMessage(ie)
	case errors.Is(err, client.ErrUntrustedCertificate):
		return "Can't reach the server securely: this computer does not trust its certificate. Run the command at a terminal to check it, or pass --trust-fingerprint with the fingerprint your administrator gave you."
	case errors.Is(err, client.ErrNameNotFound):
		return "Can't reach the server: its name could not be found. Check the address for typos."
	case errors.Is(err, client.ErrRefused):
		return "Can't reach the server: nothing answers at that address and port. Check the address and port, or ask your administrator whether the server is running."
	case errors.Is(err, client.ErrTimeout):
		return "Can't reach the server: it did not answer in time. Check your connection and proxy, or try again later."
	case errors.Is(err, client.ErrProxyAuth):
		return "Can't reach the server: your proxy asks for a sign-in, which x360Sync cannot give. Ask your administrator to let x360Sync through the proxy."
	case errors.Is(err, client.ErrProxy):
		return "Can't reach the server: the proxy could not be reached. Check the proxy settings (HTTPS_PROXY, or the system's)."
	case errors.Is(err, client.ErrTLS):
		return "Can't reach the server: a secure connection could not be made (no HTTPS at that address, or an outdated protocol). Check the address, or ask your administrator."
	case errors.Is(err, client.ErrNotX360Sync):
		return "Something answered at that address, but it is not an x360Sync server. Check the address with your administrator."
	case errors.Is(err, client.ErrUnsupportedAPI):
		return "That x360Sync server uses a version this app does not support. Update x360Sync, or ask your administrator."
	}
	return "Can't reach the server. Check the address and your connection, then try again."
}

func invalidCertMessage(e *client.InvalidCertError) string {
	switch {
	case e.Expired:
		return fmt.Sprintf("Can't reach the server securely: its certificate expired on %s. Ask your administrator to renew it.", e.Cert.NotAfter.UTC().Format(time.DateOnly))
	case e.NotYetValid:
		return fmt.Sprintf("Can't reach the server securely: its certificate is valid only from %s. Check this computer's date and time, or ask your administrator.", e.Cert.NotBefore.UTC().Format(time.DateOnly))
	}
	return "Can't reach the server securely: its certificate cannot be used for a server. Ask your administrator."
}

// detailsLine is the "Details" of a connection failure, for a support ticket.
func detailsLine(d client.Details) string {
	or := func(s, none string) string {
		if s == "" {
			return none
		}
		return s
	}
	return fmt.Sprintf("Details: address %s, IP %s, proxy %s, TLS %s", d.Address, or(d.ResolvedIP, "unknown"), or(d.Proxy, "none"), or(d.TLSVersion, "not established"))
}
