package mockserver

import (
	"crypto/subtle"
	"encoding/base32"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters every authenticator app understands (RFC 6238 defaults).
const (
	totpPeriod = 30
	// totpWindow is how many steps either side of now are accepted: t-1..t+1.
	totpWindow = 1
	// skewWindow is how far a code may match and still be recognised as "your clock is off"
	// rather than simply wrong.
	skewWindow = 10
	// minSecretBytes: RFC 4226 requires at least 128 bits of shared secret.
	minSecretBytes = 16
)

type totpResult int

const (
	totpWrong totpResult = iota
	totpOK
	totpUsed // matched a step this account already consumed: a replay
	totpSkew // matched a step 2..10 away: the authenticator's clock is off
)

// checkTOTP checks a 6-digit code against secret at now. pquerna/otp has no replay protection
// (its issue #61), so the caller passes the account's last consumed step and stores the returned
// step on success. Secrets shorter than 128 bits never validate.
func checkTOTP(secret, code string, now time.Time, lastStep int64) (totpResult, int64) {
	return checkTOTPDigits(secret, code, now, lastStep, otp.DigitsSix)
}

func checkTOTPDigits(secret, code string, now time.Time, lastStep int64, digits otp.Digits) (totpResult, int64) {
	if !secretLongEnough(secret) || len(code) != digits.Length() {
		return totpWrong, 0
	}
	current := now.Unix() / totpPeriod
	for d := int64(-totpWindow); d <= totpWindow; d++ {
		step := current + d
		if codeMatches(secret, code, step, digits) {
			if step <= lastStep {
				return totpUsed, step
			}
			return totpOK, step
		}
	}
	for d := int64(totpWindow + 1); d <= skewWindow; d++ {
		if codeMatches(secret, code, current-d, digits) || codeMatches(secret, code, current+d, digits) {
			return totpSkew, 0
		}
	}
	return totpWrong, 0
}

// totpCodeAt is the code for one time step; the dev phone and the tests use it too.
func totpCodeAt(secret string, step int64, digits otp.Digits) (string, error) {
	return totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0).UTC(), totp.ValidateOpts{
		Period: totpPeriod, Digits: digits, Algorithm: otp.AlgorithmSHA1,
	})
}

func codeMatches(secret, code string, step int64, digits otp.Digits) bool {
	want, err := totpCodeAt(secret, step, digits)
	return err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
}

func secretLongEnough(secret string) bool {
	s := strings.ToUpper(strings.TrimRight(strings.TrimSpace(secret), "="))
	raw, err := base32NoPad.DecodeString(s)
	return err == nil && len(raw) >= minSecretBytes
}

var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)
