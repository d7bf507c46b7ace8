package mockserver

import (
	"fmt"
	"strconv"

	"github.com/nyaruka/phonenumbers"
)

// normalizePhone parses an international number ("+1 202 555 0143") and returns it in E.164
// form; ok is false for anything that is not a valid number.
func normalizePhone(s string) (string, bool) {
	if len(s) > 32 {
		return "", false
	}
	n, err := phonenumbers.Parse(s, "")
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// phoneHint shows only the country code and the last four digits: "+1 ••• ••• 0143".
func phoneHint(e164 string) string {
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return ""
	}
	national := strconv.FormatUint(n.GetNationalNumber(), 10)
	if len(national) > 4 {
		national = national[len(national)-4:]
	}
	return fmt.Sprintf("+%d ••• ••• %s", n.GetCountryCode(), national)
}
