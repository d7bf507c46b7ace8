package session

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
)

// dirStore is a vault.Store in a folder, one file per account, so that several processes of
// the test binary share one "keyring" the way they share the OS keyring.
type dirStore struct{ dir string }

func (d dirStore) path(a string) string { return filepath.Join(d.dir, hex.EncodeToString([]byte(a))) }

func (d dirStore) Get(_ context.Context, a string) ([]byte, error) {
	b, err := os.ReadFile(d.path(a))
	if errors.Is(err, os.ErrNotExist) {
		return nil, vault.ErrNotFound
	}
	return b, err
}

func (d dirStore) Set(_ context.Context, a string, v []byte) error {
	tmp := d.path(a) + ".tmp" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(tmp, v, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, d.path(a))
}

func (d dirStore) Delete(_ context.Context, a string) error {
	err := os.Remove(d.path(a))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// fastClock runs a million times faster than real time from a base shared by every process,
// so the growing delay between PIN attempts passes in milliseconds, the same for all.
func fastClock(base time.Time) func() time.Time {
	return func() time.Time { return base.Add(time.Since(base) * 1_000_000) }
}

// TestMain lets the test binary act as one copy of the app that types wrong PINs.
func TestMain(m *testing.M) {
	if dir := os.Getenv("X360SYNC_TEST_PIN_CHILD"); dir != "" {
		os.Exit(pinChild(dir))
	}
	if spec := os.Getenv("X360SYNC_TEST_CRASH"); spec != "" {
		os.Exit(crashChild(spec))
	}
	os.Exit(m.Run())
}

// pinChild types wrong PINs until the session refuses to take more, and prints how many the
// session evaluated (a wrong PIN, or the one that wiped).
func pinChild(dir string) int {
	base, _ := time.Parse(time.RFC3339Nano, os.Getenv("X360SYNC_TEST_CLOCK"))
	m := &Manager{
		Vault: dirStore{dir}, Config: config.File{Path: filepath.Join(dir, "state.json")}, KDF: cheapKDF,
		Now: fastClock(base), ClientOptions: []client.Option{client.WithRetryWait(time.Millisecond)},
	}
	for range 200 { // wait for the others, so the three really type at once
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = m.Start(context.Background())
	evaluated := 0
	for range 30 {
		err := m.Unlock(context.Background(), "111111")
		var soon *TooSoonError
		switch {
		case errors.Is(err, ErrWrongPIN):
			evaluated++
		case errors.Is(err, ErrWiped):
			evaluated++
		case errors.As(err, &soon):
			time.Sleep(soon.Wait / 1_000_000)
			continue
		default:
			fmt.Println(evaluated)
			return 0
		}
	}
	fmt.Println(evaluated)
	return 0
}

func TestSession_threeProcessesShareTenPINAttempts(t *testing.T) {
	dir := t.TempDir()
	r := newRig(t, dirStore{dir})
	r.file = config.File{Path: filepath.Join(dir, "state.json")}
	r.register("erin", erinSecret, "739205")
	clock := time.Now().Format(time.RFC3339Nano)
	var wg sync.WaitGroup
	counts := make([]int, 3)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "X360SYNC_TEST_PIN_CHILD="+dir, "X360SYNC_TEST_CLOCK="+clock)
			out, err := cmd.Output()
			if err != nil {
				t.Errorf("child %d: %v", i, err)
				return
			}
			counts[i], _ = strconv.Atoi(strings.TrimSpace(string(out)))
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(dir, "go"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	total := counts[0] + counts[1] + counts[2]
	if total > WipeAt {
		t.Errorf("three processes had %d wrong PINs evaluated (%v), want at most %d", total, counts, WipeAt)
	}
	if _, err := r.store.Get(context.Background(), r.erinAccount()); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("after every process gave up the credential is still there: %v", err)
	}
}
