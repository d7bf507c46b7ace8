package client

import (
	"strings"
	"testing"
)

// A certificate's fields are the server's words: a forged one must not be able to add a line
// (a fake SHA-256) or send a terminal escape that hides the real fingerprint.
func TestPrintable_certificateFieldsCannotForgeLines(t *testing.T) {
	forged := "CN=x\n  SHA-256:     00:11\r\x1b[8m\u2028tail"
	got := printable(forged)
	if strings.ContainsAny(got, "\n\r\x1b\u2028") {
		t.Errorf("printable(%q) = %q keeps a control character", forged, got)
	}
	if !strings.Contains(got, `\x0A`) || !strings.Contains(got, `\x1B`) {
		t.Errorf("printable(%q) = %q does not show what was there", forged, got)
	}
	if long := printable(strings.Repeat("a", 1000)); len(long) > maxCertField+len("…") {
		t.Errorf("a 1000-byte field is shown as %d bytes", len(long))
	}
	if ok := printable("CN=sync.example.com,O=Acme"); ok != "CN=sync.example.com,O=Acme" {
		t.Errorf("a plain field changed: %q", ok)
	}
}
