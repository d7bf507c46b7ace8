package mockserver

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters for passwords and backup keys: OWASP's minimum (19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// hashSlots bounds concurrent Argon2id runs in the process: each takes 19 MiB, and a burst of
// 500 sign-ins must not take 9 GiB (tests start many servers). A server's requests first pass
// its own gate (Server.Hashing), which sheds them rather than queue them without limit.
var hashSlots = make(chan struct{}, 4)

// hashSecret returns an encoded Argon2id hash of secret with a fresh random salt.
func hashSecret(secret string) string {
	salt := randomBytes(argonSaltLen)
	key := argon2Key([]byte(secret), salt, argonTime, argonMemory, argonThreads)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// verifySecret checks secret against an encoded Argon2id hash in constant time. A malformed or
// empty hash never verifies, but costs the same work, so that unknown accounts take as long as
// known ones.
func verifySecret(encoded, secret string) bool {
	ph, ok := parseHash(encoded)
	if !ok {
		ph = phc{argonMemory, argonTime, argonThreads, make([]byte, argonSaltLen), make([]byte, argonKeyLen)}
	}
	got := argon2Key([]byte(secret), ph.salt, ph.t, ph.m, ph.p)
	return subtle.ConstantTimeCompare(got, ph.key) == 1 && ok
}

// phc is a decoded Argon2id PHC string.
type phc struct {
	m, t      uint32
	p         uint8
	salt, key []byte
}

// parseHash decodes "$argon2id$v=19$m=..,t=..,p=..$salt$key" within sane parameters.
func parseHash(encoded string) (phc, bool) {
	var ph phc
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != "v=19" {
		return ph, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &ph.m, &ph.t, &ph.p); err != nil {
		return ph, false
	}
	if ph.m < 8*1024 || ph.m > 256*1024 || ph.t < 1 || ph.t > 10 || ph.p < 1 || ph.p > 4 {
		return ph, false
	}
	var errS, errK error
	ph.salt, errS = base64.RawStdEncoding.DecodeString(parts[4])
	ph.key, errK = base64.RawStdEncoding.DecodeString(parts[5])
	return ph, errS == nil && errK == nil && len(ph.salt) >= 8 && len(ph.key) == argonKeyLen
}

// wellFormedHash says whether a fixture's precomputed hash can ever verify.
func wellFormedHash(encoded string) bool {
	_, ok := parseHash(encoded)
	return ok
}

// hashRuns counts Argon2id runs, so tests can prove that unknown accounts cost the same work.
var hashRuns atomic.Int64

func argon2Key(secret, salt []byte, t, m uint32, p uint8) []byte {
	hashRuns.Add(1)
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey(secret, salt, t, m, p, argonKeyLen)
}

// dummyHash is what unknown accounts are checked against, so they cost a real Argon2id run.
var dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("mockserver: crypto/rand failed: " + err.Error()) // never happens on supported OSes
	}
	return b
}

// newToken returns an opaque bearer token with 256 random bits and a prefix that secret scanners
// can recognise.
func newToken(prefix string) string {
	return prefix + base64.RawURLEncoding.EncodeToString(randomBytes(32))
}

// newID returns a random identifier; ids that act as secrets (challenges, enrolments) use 128 bits.
func newID(prefix string, n int) string {
	return prefix + hex.EncodeToString(randomBytes(n))
}

// digest is how tokens and one-time codes are stored: SHA-256, hex. Tokens carry 256 random bits,
// so a fast hash is enough; codes are also bound to their challenge through the context string.
func digest(context, secret string) string {
	sum := sha256.Sum256([]byte(context + "\x00" + secret))
	return hex.EncodeToString(sum[:])
}

// sameDigest compares two equal-length digests in constant time.
func sameDigest(a, b string) bool {
	return len(a) == len(b) && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// newSMSCode returns 6 uniformly random digits from crypto/rand.
func newSMSCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic("mockserver: crypto/rand failed: " + err.Error())
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// newTOTPSecret returns 20 random bytes in unpadded base32, the form authenticator apps expect.
func newTOTPSecret() string {
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(randomBytes(20))
}

// crockford is Crockford's base32 alphabet: no I, L, O or U, so a key read aloud or written down
// survives.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newBackupKey returns 80 random bits as 16 Crockford base32 characters in groups of four.
func newBackupKey() string {
	b := randomBytes(10)
	n := new(big.Int).SetBytes(b)
	out := make([]byte, 16)
	for i := 15; i >= 0; i-- {
		out[i] = crockford[new(big.Int).And(n, big.NewInt(31)).Int64()]
		n.Rsh(n, 5)
	}
	s := string(out)
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
}

// normalizeBackupKey folds what people type into the canonical 16 characters: case, spaces and
// dashes do not matter, and O, I and L read as 0, 1 and 1, as Crockford's decoding says.
func normalizeBackupKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
		case r == 'O':
			b.WriteByte('0')
		case r == 'I' || r == 'L':
			b.WriteByte('1')
		case r < 128 && strings.ContainsRune(crockford, r):
			b.WriteRune(r)
		default:
			return "" // not a backup key at all
		}
	}
	if b.Len() != 16 {
		return ""
	}
	return b.String()
}

// normalizeCode strips what a pasted code carries around it (spaces, dashes, a newline) and
// returns "" unless exactly six digits are left.
func normalizeCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\n' || r == '\r' || r == '\t':
		default:
			return ""
		}
	}
	if b.Len() != 6 {
		return ""
	}
	return b.String()
}
