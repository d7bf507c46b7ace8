// Package phone is the phone number field's logic, without a UI: the list of countries with
// their calling codes, the country to start with, and checking and formatting what a person
// typed, all with github.com/nyaruka/phonenumbers (Google's libphonenumber data).
package phone

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// The English country names come from a generated table, not from
// golang.org/x/text/language/display at run time: display holds the names in every language
// CLDR covers (2.3 MB of the stripped binary once linked), and the UI is in English only.
//go:generate go run gen_regions.go

// ErrInvalid means the number is not a valid phone number for the country chosen (or, when it
// starts with +, for the country its code names).
var ErrInvalid = errors.New("phone: not a valid phone number")

// Country is one entry of the country list.
type Country struct {
	Region string // ISO 3166 code, e.g. "US"
	Name   string // English name, e.g. "United States"
	Code   int    // calling code, e.g. 1
}

// Label is how the country list shows it: "United States (+1)".
func (c Country) Label() string { return fmt.Sprintf("%s (+%d)", c.Name, c.Code) }

// Countries lists every region libphonenumber knows, by English name.
func Countries() []Country {
	var out []Country
	for region := range phonenumbers.GetSupportedRegions() {
		name, ok := regionNames[region] // the regions x/text knows, as before
		if !ok {
			continue
		}
		out = append(out, Country{Region: region, Name: name, Code: phonenumbers.GetCountryCodeForRegion(region)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// DefaultRegion is the country of the person's locale (LC_ALL, LC_MESSAGES or LANG, e.g.
// en_GB.UTF-8 gives GB), or US when the locale names none.
func DefaultRegion() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		loc := os.Getenv(v)
		if loc == "" {
			continue
		}
		loc, _, _ = strings.Cut(loc, ".")
		if _, region, ok := strings.Cut(loc, "_"); ok {
			if _, known := phonenumbers.GetSupportedRegions()[strings.ToUpper(region)]; known {
				return strings.ToUpper(region)
			}
		}
		break
	}
	return "US"
}

// Parse checks a number typed for region (a leading + overrides the region) and returns it in
// E.164 form, as the API wants it, and in the international format to show back:
// "+12025550143" and "+1 202-555-0143".
func Parse(region, typed string) (e164, shown string, err error) {
	typed = strings.TrimSpace(typed)
	if typed == "" || len(typed) > 32 {
		return "", "", ErrInvalid
	}
	n, err := phonenumbers.Parse(typed, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", "", ErrInvalid
	}
	return phonenumbers.Format(n, phonenumbers.E164), phonenumbers.Format(n, phonenumbers.INTERNATIONAL), nil
}
