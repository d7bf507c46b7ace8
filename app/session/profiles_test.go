package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
)

// Two profiles of one OS user (two config folders: two HOME or XDG_CONFIG_HOME) share the
// keyring. Registered for the same user on the same server, each must keep its own entry.

// profileStores are the keyrings the profile tests run on: a folder always, and the real
// Secret Service when .ci/with-keyring.sh provides a private one.
func profileStores(t *testing.T) map[string]vault.Store {
	stores := map[string]vault.Store{"folder": dirStore{t.TempDir()}}
	if os.Getenv("X360SYNC_REAL_KEYRING") == "1" {
		stores["keyring"] = vault.Keyring{Service: vault.Service + ".test.profiles"}
	}
	return stores
}

// profile is a second config folder on the rig's keyring and server.
func (r *rig) profile() config.File {
	return config.File{Path: filepath.Join(r.t.TempDir(), "x360sync", config.FileName)}
}

// managerOf is a fresh Manager of the profile whose config is file, as after a restart.
func (r *rig) managerOf(file config.File) *Manager {
	m := r.manager()
	m.Config = file
	return m
}

// opensAs starts the profile of file again and checks that it opens as device (with pin,
// when one is set) and that the server answers it as that device.
func opensAs(t *testing.T, m *Manager, device, p string) {
	t.Helper()
	ctx := context.Background()
	if err := m.Start(ctx); err != nil {
		t.Fatalf("start: %v", err)
	}
	if p != "" && m.State() == Locked {
		if err := m.Unlock(ctx, p); err != nil {
			t.Fatalf("unlock: %v", err)
		}
	}
	if m.State() != Unlocked {
		t.Fatalf("the profile of device %s starts %v (%v), want Unlocked", device, m.State(), m.TakeNotice())
	}
	me, err := m.Account(ctx)
	if err != nil {
		t.Fatalf("account: %v", err)
	}
	if me.DeviceID != device || m.Info().DeviceID != device {
		t.Fatalf("the profile of device %s opened with the sign-in of device %s", device, me.DeviceID)
	}
}

func TestSession_twoProfilesOfOneUserKeepTheirOwnCredential(t *testing.T) {
	for name, store := range profileStores(t) {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, store)
			ctx := context.Background()
			fileB := r.profile()
			a := r.register("alice", "", "")
			b := r.registerWith(r.managerOf(fileB), "alice", "", "")
			devA, devB := a.Info().DeviceID, b.Info().DeviceID
			if a.Info().KeyringAccount == b.Info().KeyringAccount {
				t.Errorf("both profiles store their sign-in under %q", a.Info().KeyringAccount)
			}
			opensAs(t, r.manager(), devA, "")
			opensAs(t, r.managerOf(fileB), devB, "")
			// Signing out of one leaves the other signed in.
			outA := r.manager()
			opensAs(t, outA, devA, "")
			if err := outA.SignOut(ctx); err != nil {
				t.Fatalf("sign out of the first profile: %v", err)
			}
			opensAs(t, r.managerOf(fileB), devB, "")
			if st := startedState(r.manager(), ctx); st != NoCredential {
				t.Errorf("the signed-out profile starts %v", st)
			}
			outB := r.managerOf(fileB)
			_ = outB.Start(ctx)
			if err := outB.SignOut(ctx); err != nil {
				t.Errorf("sign out of the second profile: %v", err)
			}
		})
	}
}

// makeOldStyle rewrites the registration of file as the previous version stored it: its
// credential under the account "<server host>/<username>" that every profile shares, and a
// config naming that account. It returns the account and the credential.
func (r *rig) makeOldStyle(file config.File) (string, []byte) {
	r.t.Helper()
	ctx := context.Background()
	st, err := file.Load()
	if err != nil || !st.Registered() {
		r.t.Fatalf("no registration to make old: %v", err)
	}
	old := vault.Account(strings.TrimPrefix(r.ts.URL, "http://"), st.Username)
	blob, err := r.store.Get(ctx, accountOf(st))
	if err != nil {
		r.t.Fatal(err)
	}
	if accountOf(st) != old {
		if err := r.store.Set(ctx, old, blob); err != nil {
			r.t.Fatal(err)
		}
		if err := r.store.Delete(ctx, accountOf(st)); err != nil {
			r.t.Fatal(err)
		}
	}
	// The previous version's file: only the fields it knew.
	raw, err := os.ReadFile(file.Path)
	if err != nil {
		r.t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		r.t.Fatal(err)
	}
	known := map[string]bool{
		"version": true, "server_url": true, "username": true, "device_id": true, "device_name": true,
		"organization": true, "pin_set": true, "pin_failures": true, "last_pin_failure": true,
		"auto_lock_minutes": true, "account": true, "revoke_ref": true, "journal": true,
		"pending_revokes": true, "pins": true,
	}
	for k := range fields {
		if !known[k] {
			delete(fields, k)
		}
	}
	fields["account"] = old
	if raw, err = json.Marshal(fields); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(file.Path, raw, 0o600); err != nil {
		r.t.Fatal(err)
	}
	return old, blob
}

// movedFrom checks that the profile of file no longer names the old account, and that its
// own entry holds want (nil: anything).
func (r *rig) movedFrom(t *testing.T, file config.File, old string, want []byte) string {
	t.Helper()
	st, _ := file.Load()
	acct := accountOf(st)
	if acct == old || !strings.HasPrefix(acct, old+"/") {
		t.Fatalf("after the upgrade the profile stores its sign-in under %q, want one of its own beside %q", acct, old)
	}
	got, err := r.store.Get(context.Background(), acct)
	if err != nil {
		t.Fatalf("the profile's own entry: %v", err)
	}
	if want != nil && !bytes.Equal(got, want) {
		t.Errorf("the entry was not copied as it was")
	}
	return acct
}

func gone(t *testing.T, s vault.Store, acct, what string) {
	t.Helper()
	if _, err := s.Get(context.Background(), acct); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("%s is still in the keyring (%v)", what, err)
	}
}

func TestSession_oldStyleEntryIsMovedToOneOfItsOwn(t *testing.T) {
	for name, store := range profileStores(t) {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, store)
			dev := r.register("alice", "", "").Info().DeviceID
			old, _ := r.makeOldStyle(r.file)
			opensAs(t, r.manager(), dev, "")
			r.movedFrom(t, r.file, old, nil)
			gone(t, store, old, "the old shared entry")
			opensAs(t, r.manager(), dev, "") // and again, once moved
			if i := r.manager(); i.Start(context.Background()) == nil {
				_ = i.SignOut(context.Background())
			}
		})
	}
}

func TestSession_oldStyleSealedEntryIsCopiedSealed(t *testing.T) {
	r := newRig(t, dirStore{t.TempDir()})
	ctx := context.Background()
	m := r.register("alice", "", "")
	if err := m.SetPIN(ctx, pinA, pinA); err != nil {
		t.Fatal(err)
	}
	dev := m.Info().DeviceID
	old, blob := r.makeOldStyle(r.file)
	if !pin.IsSealed(blob) {
		t.Fatal("the set-up stored no sealed credential")
	}
	next := r.manager()
	if st := startedState(next, ctx); st != Locked {
		t.Fatalf("the upgraded profile starts %v, want Locked", st)
	}
	r.movedFrom(t, r.file, old, blob) // the sealed blob as it was: never opened, never unsealed
	if err := next.Unlock(ctx, pinA); err != nil {
		t.Fatalf("unlock: %v", err)
	}
	if me, err := next.Account(ctx); err != nil || me.DeviceID != dev {
		t.Fatalf("after the unlock: %+v %v", me, err)
	}
	gone(t, r.store, old, "the old shared entry, once the PIN showed it was this profile's")
	opensAs(t, r.manager(), dev, pinA)
}

// Before this version, the second profile's registration overwrote the first one's shared
// entry: the first profile must not open with the second's sign-in, nor take it away.
func TestSession_oldStyleEntryOfAnotherProfileIsLeftToIt(t *testing.T) {
	// The PINs of the first profile and of the second, whose sign-in the shared entry holds.
	for _, pins := range [][2]string{{"", ""}, {pinA, pinA}, {pinA, ""}, {"", pinA}} {
		t.Run(fmt.Sprintf("PINs %q", pins), func(t *testing.T) {
			r := newRig(t, dirStore{t.TempDir()})
			ctx := context.Background()
			fileB := r.profile()
			a := r.register("alice", "", "")
			b := r.registerWith(r.managerOf(fileB), "alice", "", "")
			for i, m := range []*Manager{a, b} {
				if pins[i] != "" {
					if err := m.SetPIN(ctx, pins[i], pins[i]); err != nil {
						t.Fatal(err)
					}
				}
			}
			p := pins[1]
			devB := b.Info().DeviceID
			r.makeOldStyle(r.file) // a's entry, under the shared name
			old, blobB := r.makeOldStyle(fileB)
			// then b's registration overwrote it (makeOldStyle(fileB) wrote b's blob there)
			if got, _ := r.store.Get(ctx, old); !bytes.Equal(got, blobB) {
				t.Fatal("the set-up did not leave b's credential in the shared entry")
			}
			first := r.manager()
			err := first.Start(ctx)
			locked := first.State() == Locked
			if locked { // the second's PIN seals it: the same person may know it
				err = first.Unlock(ctx, p)
			}
			if locked && pins[0] == "" {
				t.Errorf("the profile without a PIN asks for one (the other profile's)")
			}
			if first.State() != NoCredential || (locked && !errors.Is(err, ErrSignedOut)) {
				t.Errorf("the profile whose entry was overwritten: %v (%v), want signed out", first.State(), err)
			}
			if n := first.TakeNotice(); n != NoticeSharedSignIn {
				t.Errorf("notice %v, want %v", n, NoticeSharedSignIn)
			}
			opensAs(t, r.managerOf(fileB), devB, p)
		})
	}
}
