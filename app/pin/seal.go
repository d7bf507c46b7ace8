package pin

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

// Blob layout, version 1 (all integers big-endian):
//
//	[0] version (1)  [1] kind (0 open, 1 PIN-sealed)
//	open:   payload
//	sealed: memory KiB u32, time u32, threads u8, salt[16], nonce[24], ciphertext+tag
//
// The header is authenticated as additional data, so parameters cannot be swapped.
const (
	version    = 1
	kindOpen   = 0
	kindSealed = 1
	saltLen    = 16
	headerLen  = 2 + 4 + 4 + 1 + saltLen + chacha20poly1305.NonceSizeX
)

// Errors from Open.
var (
	ErrWrongPIN    = errors.New("pin: wrong PIN")
	ErrCorrupt     = errors.New("pin: stored credential is damaged")
	ErrVersion     = errors.New("pin: stored credential is from another version of the app")
	ErrNeedsPIN    = errors.New("pin: the credential is locked with a PIN")
	ErrBadParams   = errors.New("pin: key derivation parameters out of range")
	ErrNotSealable = errors.New("pin: nothing to seal")
	ErrNoKey       = errors.New("pin: the PIN key was forgotten (locked)")
)

// Params are the Argon2id cost parameters, stored with each blob.
type Params struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// Default is 32 MiB x 12 passes with 2 lanes, for two asks that pull apart: issue #4's
// derivation of about 250 ms, and issue #12's 300 ms from Enter on the PIN to the account
// window's first frame, most of which is the derivation (the screen's first frame takes about
// 50 ms more). Measured on this 2-core machine, quiet: BenchmarkDerive, which reuses its
// memory, 195-209 ms at 12 passes (210-249 ms at 14); in the app, where the first derivation
// also faulted its 32 MiB in (until Prewarm, warm.go), the derivation itself took 345-385 ms
// at 14 passes, 250-320 ms with Prewarm.
// 12 passes with Prewarm: Enter to the account window 255-354 ms, median 290 (8 runs; 14
// passes with Prewarm: median 316). 12 passes is still about ten times the work of the
// security checklist's floor (Argon2id 19 MiB, 2 passes, 1 lane). A blob keeps the parameters
// it was sealed with, so credentials sealed before still open (at their old cost).
var Default = Params{MemoryKiB: 32 * 1024, Time: 12, Threads: 2}

// Bounds on parameters read back from a blob: a damaged or crafted blob must not make the
// app allocate gigabytes or spin for minutes.
func (p Params) valid() bool {
	return p.MemoryKiB >= 19*1024 && p.MemoryKiB <= 1024*1024 && p.Time >= 1 && p.Time <= 64 && p.Threads >= 1 && p.Threads <= 16
}

func derive(pin string, salt []byte, p Params) []byte {
	releaseWarm() // the pages Prewarm touched, for the allocation inside IDKey (warm.go)
	return argon2.IDKey([]byte(pin), salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
}

// Key is a key derived from a PIN, with the salt and cost it was derived with. An unlocked
// session holds one so that a rotated credential is sealed again (fresh nonce, same salt)
// without deriving the key anew, and without keeping the PIN itself; Zero forgets it.
type Key struct {
	params Params
	salt   [saltLen]byte
	key    []byte
}

// NewKey derives a key from pin with a fresh salt. The PIN must already have passed Validate.
func NewKey(pin string, p Params) (*Key, error) {
	if !p.valid() {
		return nil, ErrBadParams
	}
	k := &Key{params: p}
	if _, err := rand.Read(k.salt[:]); err != nil {
		return nil, fmt.Errorf("pin: no randomness: %w", err)
	}
	k.key = derive(pin, k.salt[:], p)
	return k, nil
}

// Seal encrypts payload under the key; it fails once the key was zeroed, so a locked session
// can never write a credential that is not sealed.
func (k *Key) Seal(payload []byte) ([]byte, error) {
	if len(payload) == 0 {
		return nil, ErrNotSealable
	}
	if k == nil || k.key == nil {
		return nil, ErrNoKey
	}
	hdr := make([]byte, headerLen)
	hdr[0], hdr[1] = version, kindSealed
	binary.BigEndian.PutUint32(hdr[2:], k.params.MemoryKiB)
	binary.BigEndian.PutUint32(hdr[6:], k.params.Time)
	hdr[10] = k.params.Threads
	copy(hdr[11:], k.salt[:])
	if _, err := rand.Read(hdr[11+saltLen:]); err != nil { // nonce
		return nil, fmt.Errorf("pin: no randomness: %w", err)
	}
	aead, err := chacha20poly1305.NewX(k.key)
	if err != nil {
		return nil, err
	}
	return aead.Seal(hdr, hdr[11+saltLen:], payload, hdr), nil
}

// Zero overwrites the key in memory; the Key cannot seal afterwards.
func (k *Key) Zero() {
	if k == nil {
		return
	}
	clear(k.key)
	k.key = nil
}

// Seal encrypts payload under pin with a fresh salt. The PIN must already have passed Validate.
func Seal(pin string, payload []byte, p Params) ([]byte, error) {
	if len(payload) == 0 {
		return nil, ErrNotSealable
	}
	k, err := NewKey(pin, p)
	if err != nil {
		return nil, err
	}
	defer k.Zero()
	return k.Seal(payload)
}

// Wrap stores payload without a PIN (the keyring alone protects it).
func Wrap(payload []byte) []byte { return append([]byte{version, kindOpen}, payload...) }

// IsSealed says whether a blob needs a PIN to open.
func IsSealed(blob []byte) bool { return len(blob) >= 2 && blob[0] == version && blob[1] == kindSealed }

// Open returns the payload of a blob: a wrapped blob needs no PIN (pass ""), a sealed one the
// right PIN. It never panics on any input and never returns a payload it did not authenticate.
func Open(pin string, blob []byte) ([]byte, error) {
	out, k, err := OpenKey(pin, blob)
	k.Zero()
	return out, err
}

// OpenKey is Open that also returns the key the blob was sealed with (nil for a wrapped blob),
// for sealing the next version of the credential.
func OpenKey(pin string, blob []byte) ([]byte, *Key, error) {
	if len(blob) < 2 {
		return nil, nil, ErrCorrupt
	}
	if blob[0] != version {
		return nil, nil, ErrVersion
	}
	switch blob[1] {
	case kindOpen:
		if len(blob) == 2 {
			return nil, nil, ErrCorrupt
		}
		return append([]byte(nil), blob[2:]...), nil, nil
	case kindSealed:
	default:
		return nil, nil, ErrCorrupt
	}
	if len(blob) < headerLen+chacha20poly1305.Overhead+1 {
		return nil, nil, ErrCorrupt
	}
	if pin == "" {
		return nil, nil, ErrNeedsPIN
	}
	p := Params{MemoryKiB: binary.BigEndian.Uint32(blob[2:]), Time: binary.BigEndian.Uint32(blob[6:]), Threads: blob[10]}
	if !p.valid() {
		return nil, nil, ErrBadParams
	}
	hdr := blob[:headerLen]
	k := &Key{params: p}
	copy(k.salt[:], hdr[11:11+saltLen])
	k.key = derive(pin, k.salt[:], p)
	aead, err := chacha20poly1305.NewX(k.key)
	if err != nil {
		return nil, nil, err
	}
	out, err := aead.Open(nil, hdr[11+saltLen:], blob[headerLen:], hdr)
	if err != nil {
		// A wrong PIN and a damaged blob look the same to the AEAD; the attempt counter
		// counts both, which is the safe side.
		k.Zero()
		return nil, nil, ErrWrongPIN
	}
	return out, k, nil
}
