package session

import (
	"context"
	"testing"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
)

// BenchmarkUnlock is the app core's part of Enter on the PIN with the PIN cost the app ships
// (pin.Default): the keyring read, the attempt written to the config file (fsync) before the
// check, the key derivation and opening the credential, and the reset of the count.
func BenchmarkUnlock(b *testing.B) {
	r := newRig(b, &vault.Memory{})
	m := r.manager()
	m.KDF = pin.Default
	r.registerWith(m, "erin", erinSecret, "204913")
	ctx := context.Background()
	for b.Loop() {
		m.Lock()
		if err := m.Unlock(ctx, "204913"); err != nil {
			b.Fatal(err)
		}
	}
}
