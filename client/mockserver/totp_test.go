package mockserver

import (
	"encoding/base32"
	"testing"
	"time"

	"github.com/pquerna/otp"
)

// RFC 6238 Appendix B, SHA1 rows: the seed is the ASCII "12345678901234567890", 8 digits.
func TestCheckTOTP_RFC6238Vectors(t *testing.T) {
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	for _, tc := range []struct {
		unix int64
		code string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		res, step := checkTOTPDigits(secret, tc.code, time.Unix(tc.unix, 0), 0, otp.DigitsEight)
		if res != totpOK || step != tc.unix/30 {
			t.Errorf("T=%d code %s: got result %d step %d, want OK at step %d", tc.unix, tc.code, res, step, tc.unix/30)
		}
		if res, _ := checkTOTPDigits(secret, "00000000", time.Unix(tc.unix, 0), 0, otp.DigitsEight); res != totpWrong {
			t.Errorf("T=%d: a wrong code gave result %d, want wrong", tc.unix, res)
		}
	}
}

func TestCheckTOTP_windowReplayAndSkew(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 10, 0, time.UTC)
	step := now.Unix() / 30
	at := func(d int64) string {
		c, err := totpCodeAt(bobSecret, step+d, otp.DigitsSix)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for d := int64(-1); d <= 1; d++ {
		if res, got := checkTOTP(bobSecret, at(d), now, 0); res != totpOK || got != step+d {
			t.Errorf("step %+d: got %d at %d, want OK", d, res, got)
		}
	}
	if res, _ := checkTOTP(bobSecret, at(0), now, step); res != totpUsed {
		t.Errorf("a consumed step: got %d, want used", res)
	}
	if res, _ := checkTOTP(bobSecret, at(-1), now, step); res != totpUsed {
		t.Errorf("an older step after a newer one was consumed: got %d, want used", res)
	}
	for _, d := range []int64{-10, -2, 2, 10} {
		if res, _ := checkTOTP(bobSecret, at(d), now, 0); res != totpSkew {
			t.Errorf("step %+d: got %d, want skew", d, res)
		}
	}
	for _, d := range []int64{-11, 11} {
		if res, _ := checkTOTP(bobSecret, at(d), now, 0); res != totpWrong {
			t.Errorf("step %+d: got %d, want wrong", d, res)
		}
	}
}

func TestCheckTOTP_shortSecretsNeverValidate(t *testing.T) {
	now := time.Now()
	for _, secret := range []string{"", "GEZDGNBV", "GEZDGNBVGY3TQOJQGEZDGNB", "not base32!"} {
		code, _ := totpCodeAt(secret, now.Unix()/30, otp.DigitsSix)
		if res, _ := checkTOTP(secret, code, now, 0); res != totpWrong {
			t.Errorf("secret %q: got %d, want wrong", secret, res)
		}
	}
}
