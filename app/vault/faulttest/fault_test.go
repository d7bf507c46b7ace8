package faulttest

import (
	"context"
	"errors"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"

	"github.com/x360sync/desktop/app/vault"
)

func TestKeyring_faultsBecomeUnavailableWithARemedy(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want vault.Remedy
	}{
		{"no provider", dbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown", Body: []any{"The name org.freedesktop.secrets was not provided by any .service files"}}, vault.RemedyInstall},
		{"no session bus", errors.New(`exec: "dbus-launch": executable file not found in $PATH`), vault.RemedyInstall},
		{"locked", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), vault.RemedyUnlock},
		{"other", errors.New("boom"), vault.RemedyRetry},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keyring.MockInitWithError(tc.err)
			k := vault.Keyring{}
			for op, err := range map[string]error{
				"probe": k.Probe(context.Background()),
				"set":   k.Set(context.Background(), "a", []byte("v")),
				"get":   func() error { _, err := k.Get(context.Background(), "a"); return err }(),
			} {
				var ue *vault.UnavailableError
				if !errors.Is(err, vault.ErrUnavailable) || errors.Is(err, vault.ErrNotFound) || !errors.As(err, &ue) || ue.Remedy != tc.want {
					t.Errorf("%s: got %v, want unavailable with remedy %d", op, err, tc.want)
				}
			}
		})
	}
}

func TestKeyring_mockNotFoundIsTheOnlyNoCredential(t *testing.T) {
	keyring.MockInit()
	k := vault.Keyring{}
	if _, err := k.Get(context.Background(), "a"); !errors.Is(err, vault.ErrNotFound) || errors.Is(err, vault.ErrUnavailable) {
		t.Errorf("got %v, want only ErrNotFound", err)
	}
}
