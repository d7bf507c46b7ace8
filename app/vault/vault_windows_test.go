package vault

import (
	"bytes"
	"context"
	"errors"
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
	if err := k.Probe(ctx); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if _, err := k.Get(ctx, acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty Credential Manager: got %v, want ErrNotFound", err)
	}
	// MaxValue is the most the app stores: it must fit Windows' 2560-byte blob limit.
	for _, v := range [][]byte{[]byte("first"), bytes.Repeat([]byte{0x41}, MaxValue)} {
		if err := k.Set(ctx, acct, v); err != nil {
			t.Fatalf("set %d bytes: %v", len(v), err)
		}
		got, err := k.Get(ctx, acct)
		if err != nil || !bytes.Equal(got, v) {
			t.Fatalf("get: got %d bytes, %v; want %d bytes", len(got), err, len(v))
		}
	}
	if !listed(t, k.Service+":"+acct) {
		t.Errorf("the Credential Manager does not list %q", k.Service+":"+acct)
	}
	if err := k.Delete(ctx, acct); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if err := k.Delete(ctx, acct); err != nil {
		t.Errorf("deleting again: got %v, want nil", err)
	}
	if _, err := k.Get(ctx, acct); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: got %v, want ErrNotFound", err)
	}
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
