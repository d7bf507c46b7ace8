// Package pin checks local PINs and seals the stored credential with a key derived from one.
// The PIN never leaves the machine and no hash of it is stored anywhere: a wrong PIN simply
// fails to open the sealed blob (Argon2id key, XChaCha20-Poly1305).
package pin

import (
	"errors"
)

// PIN rules: 6 to 12 digits, not all the same, not a straight run.
const (
	MinLength = 6
	MaxLength = 12
)

// Reasons a PIN is refused; the UI words each one.
var (
	ErrLength   = errors.New("pin: must be 6 to 12 digits")
	ErrDigits   = errors.New("pin: digits only")
	ErrRepeated = errors.New("pin: all digits the same")
	ErrSequence = errors.New("pin: a straight run of digits")
	ErrMismatch = errors.New("pin: the PIN and its confirmation differ")
)

// Validate is the pure check used both by the PIN entry and by the core.
func Validate(p string) error {
	for _, r := range p {
		if r < '0' || r > '9' {
			return ErrDigits
		}
	}
	if len(p) < MinLength || len(p) > MaxLength {
		return ErrLength
	}
	same, up, down := true, true, true
	for i := 1; i < len(p); i++ {
		d := (int(p[i]) - int(p[i-1]) + 10) % 10
		same = same && d == 0
		up = up && d == 1     // 123456, 789012
		down = down && d == 9 // 654321, 210987
	}
	switch {
	case same:
		return ErrRepeated
	case up || down:
		return ErrSequence
	}
	return nil
}

// ValidatePair checks a new PIN and its confirmation, as every "set PIN" form asks for both.
func ValidatePair(p, confirm string) error {
	if err := Validate(p); err != nil {
		return err
	}
	if p != confirm {
		return ErrMismatch
	}
	return nil
}
