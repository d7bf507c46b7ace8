package pin

import (
	"testing"
	"time"
)

// waitWarm waits until Prewarm holds at least n bytes.
func waitWarm(t *testing.T, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); warmHeld() < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("Prewarm holds %d bytes after 5 s, want %d", warmHeld(), n)
		}
	}
}

// TestPrewarm_heldUntilTheNextDerivation: Prewarm holds the memory of one derivation, once
// however often it is asked; the next derivation lets go of it (and still opens the blob);
// Cool lets go of it without one.
func TestPrewarm_heldUntilTheNextDerivation(t *testing.T) {
	Cool()
	blob, err := Seal("204913", []byte("payload"), cheap)
	if err != nil {
		t.Fatal(err)
	}
	n := int(cheap.MemoryKiB) * 1024
	Prewarm(cheap)
	Prewarm(cheap)
	waitWarm(t, n)
	if got := warmHeld(); got != n {
		t.Errorf("after two Prewarms: %d bytes held, want %d", got, n)
	}
	out, err := Open("204913", blob)
	if err != nil || string(out) != "payload" || warmHeld() != 0 {
		t.Fatalf("Open after Prewarm: %q, %v, %d bytes still held", out, err, warmHeld())
	}
	Prewarm(cheap)
	waitWarm(t, n)
	if !Cool() || warmHeld() != 0 || Cool() {
		t.Errorf("Cool: %d bytes still held", warmHeld())
	}
}

// TestPrewarm_refusesCostlyParameters: parameters out of range prepare nothing.
func TestPrewarm_refusesCostlyParameters(t *testing.T) {
	Cool()
	Prewarm(Params{MemoryKiB: 1 << 30, Time: 1, Threads: 1})
	warm.Lock()
	defer warm.Unlock()
	if warm.buf != nil || warm.pending {
		t.Errorf("parameters out of range: %d bytes held, one being prepared %v", len(warm.buf), warm.pending)
	}
}
