package vault

import (
	"context"
	"testing"

	"github.com/danieljoos/wincred"
)

// TestKeyring_windowsCredentialManagerRoundTrip round-trips the real Credential Manager (under
// Wine in make windows-test) and reads the entry back beside go-keyring, with the Credential
// Manager's own list, so the credential is known to be where Windows users look for it.
func TestKeyring_windowsCredentialManagerRoundTrip(t *testing.T) {
	k := Keyring{Service: Service + ".test." + t.Name()}
	ctx := context.Background()
	acct := Account("127.0.0.1:8787", "bob")
	t.Cleanup(func() { _ = k.Delete(ctx, acct) })
	setAndGet(t, k, acct)
	if !listed(t, k.Service+":"+acct) {
		t.Errorf("the Credential Manager does not list %q", k.Service+":"+acct)
	}
	deleteTwice(t, k, acct)
	if listed(t, k.Service+":"+acct) {
		t.Errorf("the Credential Manager still lists %q after delete", k.Service+":"+acct)
	}
}

func listed(t *testing.T, target string) bool {
	t.Helper()
	creds, err := wincred.List()
	if err != nil {
		t.Fatalf("wincred.List: %v", err)
	}
	for _, c := range creds {
		if c.TargetName == target {
			return true
		}
	}
	return false
}
