package pin

import (
	"runtime"
	"sync"
)

// An Argon2id derivation allocates all of its memory (32 MiB by Default) in one piece, and
// memory fresh from the operating system costs a page fault per 4 KiB page on its first
// touch. In the app the first derivation after a launch took 345-385 ms (14 passes) where BenchmarkDerive,
// which reuses its memory, takes 210-250 ms (measured on this 2-core machine): the faults were
// about a third of the wait after Enter on the PIN. Prewarm, called while a PIN is about to be
// typed, allocates and touches that much memory ahead and holds it; derive lets go of it and
// collects it just before it allocates, so the derivation takes pages already touched.
//
// Nothing is weaker for it: the derivation's cost is unchanged, only the first touch of its
// memory is done earlier, and a machine guessing PINs never pays that twice anyway. The held
// memory holds no secret (it is written with ones).

var warm struct {
	sync.Mutex
	buf     []byte
	pending bool // a Prewarm is touching its memory
}

// pageSize is the unit the operating system faults memory in.
const pageSize = 4096

// Prewarm makes ready, in the background, the memory of one derivation with parameters p. It
// does nothing when that much is already held or being made ready.
func Prewarm(p Params) {
	if !p.valid() {
		return
	}
	n := int(p.MemoryKiB) * 1024
	warm.Lock()
	if len(warm.buf) >= n || warm.pending {
		warm.Unlock()
		return
	}
	warm.pending = true
	warm.Unlock()
	go func() {
		b := make([]byte, n)
		for i := 0; i < len(b); i += pageSize {
			b[i] = 1
		}
		warm.Lock()
		warm.buf, warm.pending = b, false
		warm.Unlock()
	}()
}

// releaseWarm lets go of the memory Prewarm holds, and collects it, so that the allocation
// that follows reuses its pages.
func releaseWarm() {
	if Cool() {
		runtime.GC()
	}
}

// Cool lets go of the memory Prewarm holds, if any (no PIN is coming: signed out), and says
// whether there was some. A Prewarm still touching its memory keeps it until the next
// derivation.
func Cool() bool {
	warm.Lock()
	defer warm.Unlock()
	held := warm.buf != nil
	warm.buf = nil
	return held
}

// warmHeld is how many bytes Prewarm holds now.
func warmHeld() int {
	warm.Lock()
	defer warm.Unlock()
	return len(warm.buf)
}
