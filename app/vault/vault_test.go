package vault

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// realKeyring skips unless make test started a private Secret Service (.ci/with-keyring.sh).
func realKeyring(t *testing.T) Keyring {
	t.Helper()
	if os.Getenv("X360SYNC_REAL_KEYRING") != "1" {
		t.Skip("no private Secret Service; run through make test")
	}
	return Keyring{Service: Service + ".test." + t.Name()}
}

func TestKeyring_realSecretServiceRoundTrip(t *testing.T) {
	k := realKeyring(t)
	acct := Account("127.0.0.1:8787", "bob")
	setAndGet(t, k, acct)
	// The entry is really in the Secret Service, under our service and account.
	out, err := exec.Command("secret-tool", "lookup", "service", k.Service, "username", acct).Output()
	if err != nil || !strings.HasPrefix(string(out), "AAAA") {
		t.Errorf("secret-tool lookup: %v, got %d bytes", err, len(out))
	}
	deleteTwice(t, k, acct)
}

// setAndGet probes an empty keyring, then stores and reads back a short value and one of
// MaxValue bytes (the most the app stores: within Windows' 2560-byte limit) for acct.
func setAndGet(t *testing.T, k Keyring, acct string) {
	t.Helper()
	ctx := context.Background()
	if err := k.Probe(ctx); err != nil {
		t.Fatalf("probe: %v", err)
	}
	if _, err := k.Get(ctx, acct); !errors.Is(err, ErrNotFound) {
		t.Fatalf("empty keyring: got %v, want ErrNotFound", err)
	}
	for _, v := range [][]byte{[]byte("first"), bytes.Repeat([]byte{0x41}, MaxValue)} {
		if err := k.Set(ctx, acct, v); err != nil {
			t.Fatalf("set %d bytes: %v", len(v), err)
		}
		got, err := k.Get(ctx, acct)
		if err != nil || !bytes.Equal(got, v) {
			t.Fatalf("get: got %d bytes, %v; want %d bytes", len(got), err, len(v))
		}
	}
}

// deleteTwice deletes acct's value, deletes it again (not an error), and finds nothing.
func deleteTwice(t *testing.T, k Keyring, acct string) {
	t.Helper()
	ctx := context.Background()
	if err := k.Delete(ctx, acct); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if err := k.Delete(ctx, acct); err != nil {
		t.Errorf("deleting again: got %v, want nil", err)
	}
	if _, err := k.Get(ctx, acct); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: got %v, want ErrNotFound", err)
	}
}

func TestKeyring_refusesValuesOverTheWindowsLimit(t *testing.T) {
	err := Keyring{}.Set(context.Background(), "a", make([]byte, MaxValue+1))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
	if MaxValue >= 2560 {
		t.Errorf("MaxValue %d does not stay under Windows' 2560 bytes", MaxValue)
	}
}

func TestLimited_timeOutIsUnavailableWithRetry(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	_, err := limited(context.Background(), "read", 50*time.Millisecond, func() (string, error) {
		<-release
		return "", nil
	})
	var ue *UnavailableError
	if !errors.Is(err, ErrUnavailable) || !errors.As(err, &ue) || ue.Remedy != RemedyRetry {
		t.Fatalf("got %v, want ErrUnavailable with RemedyRetry", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Error("the time limit did not hold")
	}
}

func TestMemory_isAStoreForThisRunOnly(t *testing.T) {
	m := &Memory{}
	ctx := context.Background()
	if _, err := m.Get(ctx, "a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v", err)
	}
	v := []byte("value")
	_ = m.Set(ctx, "a", v)
	v[0] = 'X' // the store keeps its own copy
	if got, _ := m.Get(ctx, "a"); string(got) != "value" || !m.SessionOnly() {
		t.Errorf("got %q", got)
	}
	_ = m.Delete(ctx, "a")
	if _, err := m.Get(ctx, "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
}
