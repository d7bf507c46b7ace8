package client

import "testing"

func TestReview_redactMissesClientRevokeKey(t *testing.T) {
	in := "revoke failed for key x3c_0123456789abcdef0123456789abcdef"
	if out := Redact(in); out == in {
		t.Errorf("Redact left the client-made revoke key: %q", out)
	}
}
