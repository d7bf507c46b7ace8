package session

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/pin"
)

// A profile moved at start and signed out before its first Unlock: the sign-out deletes the
// shared entry the credential was moved from too (it still holds what was moved), not only
// the profile's own, or this device's sealed credential would stay there for ever.
func TestSession_signOutBeforeTheFirstUnlockDeletesTheMovedSharedEntry(t *testing.T) {
	for name, store := range profileStores(t) {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, store)
			ctx := context.Background()
			m := r.register("alice", "", "")
			if err := m.SetPIN(ctx, pinA, pinA); err != nil {
				t.Fatal(err)
			}
			old, _ := r.makeOldStyle(r.file)
			next := r.manager()
			if st := startedState(next, ctx); st != Locked {
				t.Fatalf("starts %v", st)
			}
			if err := next.SignOut(ctx); err != nil {
				t.Fatalf("sign out: %v", err)
			}
			st, _ := r.file.Load()
			t.Logf("after sign-out: registered=%v legacy=%q pending=%d", st.Registered(), st.LegacyAccount, len(st.PendingRevokes))
			gone(t, store, old, "this device's sealed credential in the old shared entry, after a sign-out")
			_ = store.Delete(ctx, old)
		})
	}
}

// The same for the wipe after ten wrong PINs.
func TestSession_wipeAfterTheMoveDeletesTheMovedSharedEntry(t *testing.T) {
	r := newRig(t, dirStore{t.TempDir()})
	ctx := context.Background()
	m := r.register("alice", "", "")
	if err := m.SetPIN(ctx, pinA, pinA); err != nil {
		t.Fatal(err)
	}
	old, _ := r.makeOldStyle(r.file)
	next := r.manager()
	if st := startedState(next, ctx); st != Locked {
		t.Fatalf("starts %v", st)
	}
	var err error
	for i := 0; i < 40 && next.State() == Locked; i++ {
		err = next.Unlock(ctx, "000000")
		var soon *TooSoonError
		if errors.As(err, &soon) {
			r.clk.add(soon.Wait)
		}
	}
	if !errors.Is(err, ErrWiped) {
		t.Fatalf("last unlock: %v", err)
	}
	gone(t, r.store, old, "the sealed credential in the old shared entry, after the ten-wrong-PIN wipe")
}

// A config that says a PIN is set, with the shared entry unsealed (the Damaged case): the
// entry is not copied, and open's wipe deletes it (an unsealed credential of a PIN-protected
// registration must not stay readable).
func TestSession_unsealedSharedEntryOfAPINProfileIsDeletedNotCopied(t *testing.T) {
	r := newRig(t, dirStore{t.TempDir()})
	ctx := context.Background()
	r.register("alice", "", "")
	old, blob := r.makeOldStyle(r.file)
	if pin.IsSealed(blob) {
		t.Fatal("set-up: sealed")
	}
	raw, _ := os.ReadFile(r.file.Path)
	var f map[string]any
	_ = json.Unmarshal(raw, &f)
	f["pin_set"] = true
	raw, _ = json.Marshal(f)
	_ = os.WriteFile(r.file.Path, raw, 0o600)
	next := r.manager()
	st := startedState(next, ctx)
	t.Logf("starts %v, notice %v", st, next.TakeNotice())
	if got, err := r.store.Get(ctx, old); err == nil && !pin.IsSealed(got) {
		t.Errorf("an unsealed credential of a PIN-protected registration is still readable in %q after the Damaged wipe", old)
	}
}

// Between the move (start, sealed: the shared entry kept until the first Unlock) and the
// Unlock, another profile still running the previous version writes its own credential to the
// shared entry (every token rotation does): the Unlock must not delete it.
func TestSession_sharedEntryRewrittenSinceTheMoveIsLeftAlone(t *testing.T) {
	r := newRig(t, dirStore{t.TempDir()})
	ctx := context.Background()
	fileB := r.profile()
	a := r.register("alice", "", "")
	if err := a.SetPIN(ctx, pinA, pinA); err != nil {
		t.Fatal(err)
	}
	r.registerWith(r.managerOf(fileB), "alice", "", "")
	_, blobB := r.makeOldStyle(fileB) // b, as the previous version stored it
	old, _ := r.makeOldStyle(r.file)  // then a rotated last: the shared entry holds a's
	first := r.manager()
	if st := startedState(first, ctx); st != Locked {
		t.Fatalf("a starts %v", st)
	}
	// b's old process rotates its tokens: the previous version writes them to the shared entry.
	if err := r.store.Set(ctx, old, blobB); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Millisecond)
	if err := first.Unlock(ctx, pinA); err != nil {
		t.Fatalf("unlock a: %v", err)
	}
	if _, err := r.store.Get(ctx, old); err != nil {
		t.Errorf("a's first Unlock deleted the shared entry, which held b's live sign-in (%v)", err)
	}
}

// A profile whose tenth wrong PIN's wipe was interrupted, and whose shared entry another
// profile's (unsealed) sign-in overwrote since, must not delete that sign-in at start.
func TestSession_interruptedWipeLeavesAnotherProfilesSharedEntry(t *testing.T) {
	r := newRig(t, dirStore{t.TempDir()})
	ctx := context.Background()
	fileB := r.profile()
	a := r.register("alice", "", "")
	if err := a.SetPIN(ctx, pinA, pinA); err != nil {
		t.Fatal(err)
	}
	r.registerWith(r.managerOf(fileB), "alice", "", "")
	r.makeOldStyle(r.file)
	old, _ := r.makeOldStyle(fileB) // b's unsealed sign-in overwrote the shared entry
	raw, _ := os.ReadFile(r.file.Path)
	var f map[string]any
	_ = json.Unmarshal(raw, &f)
	f["pin_failures"] = WipeAt
	raw, _ = json.Marshal(f)
	_ = os.WriteFile(r.file.Path, raw, 0o600)
	first := r.manager()
	st := startedState(first, ctx)
	t.Logf("a starts %v, notice %v", st, first.TakeNotice())
	if _, err := r.store.Get(ctx, old); err != nil {
		t.Errorf("a's start deleted the shared entry holding b's sign-in: %v", err)
	}
}

// A profile without a PIN whose shared entry another profile's sealed sign-in overwrote: it
// is not asked for a PIN it never set (a wrong one would count toward the wipe), it is told
// the entry held another profile's sign-in, and that sign-in stays where it is.
func TestSession_sealedSharedEntryOfAProfileWithoutPINIsAnotherProfiles(t *testing.T) {
	r := newRig(t, dirStore{t.TempDir()})
	ctx := context.Background()
	fileB := r.profile()
	r.register("alice", "", "")
	b := r.registerWith(r.managerOf(fileB), "alice", "", "")
	if err := b.SetPIN(ctx, pinA, pinA); err != nil {
		t.Fatal(err)
	}
	r.makeOldStyle(r.file)
	old, blobB := r.makeOldStyle(fileB) // b's sealed sign-in overwrote the shared entry
	first := r.manager()
	if st := startedState(first, ctx); st != NoCredential {
		t.Errorf("the profile without a PIN starts %v, want NoCredential (not asked for a PIN)", st)
	}
	if n := first.TakeNotice(); n != NoticeSharedSignIn {
		t.Errorf("notice %v, want %v", n, NoticeSharedSignIn)
	}
	if got, err := r.store.Get(ctx, old); err != nil || !bytes.Equal(got, blobB) {
		t.Errorf("the shared entry no longer holds b's sign-in (%v)", err)
	}
}
