package vault

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// A keyring call that timed out still runs to its end (go-keyring cannot be cancelled); the
// calls made after it must land after it, or a stale write could overwrite a newer one.
func TestLimited_aTimedOutWriteNeverLandsAfterANewerOne(t *testing.T) {
	var mu sync.Mutex
	var order []string
	release := make(chan struct{})
	stale := func() (struct{}, error) {
		<-release // a keyring that hangs (an unlock prompt nobody answers)
		mu.Lock()
		order = append(order, "stale write")
		mu.Unlock()
		return struct{}{}, nil
	}
	if _, err := limited(context.Background(), "save", 20*time.Millisecond, stale); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("the hung write: %v, want ErrUnavailable after its time limit", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := limited(context.Background(), "save", time.Second, func() (struct{}, error) {
			mu.Lock()
			order = append(order, "newer write")
			mu.Unlock()
			return struct{}{}, nil
		})
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	close(release) // the hung call finally goes through
	if err := <-done; err != nil {
		t.Fatalf("the newer write: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(order) != 2 || order[0] != "stale write" || order[1] != "newer write" {
		t.Errorf("order on the keyring: %q, want the stale write first", order)
	}
}
