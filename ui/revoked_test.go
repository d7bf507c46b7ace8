package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
)

// TestMainView_revokedElsewhereSaysWhatTheServerDid: the first-time-user test saw a computer
// revoked from another device start on "This device was signed out. Sign in again." with no
// reason. The server's invalid_grant says its sign-in is no longer accepted (revoked, expired
// or a reused token: the answer does not tell them apart), so the words say that much.
func TestMainView_revokedElsewhereSaysWhatTheServerDid(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	ctx := context.Background()
	if err := finish(r.sess, ctx, r.ts.URL, "alice", "this one", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	other, _ := client.New(r.ts.URL, client.WithTokens(loginAlice(t, r.ts.URL)))
	if err := other.RevokeDevice(ctx, r.sess.Info().DeviceID); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	want := "This computer was removed from your account"
	if got := r.texts(); !strings.Contains(got, want) || !strings.Contains(got, "change your password") {
		t.Errorf("after the revocation: want %q and what to do, got:\n%s", want, got)
	}
}
