package phone

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct{ region, typed, e164, shown string }{
		{"US", "(202) 555-0143", "+12025550143", "+1 202-555-0143"},
		{"US", " 202 555 0143 ", "+12025550143", "+1 202-555-0143"},
		{"GB", "020 7946 0018", "+442079460018", "+44 20 7946 0018"},
		{"GB", "+1 202 555 0143", "+12025550143", "+1 202-555-0143"}, // a + names its own country
		{"DE", "030 901820", "+4930901820", "+49 30 901820"},
	} {
		e164, shown, err := Parse(c.region, c.typed)
		if err != nil || e164 != c.e164 || shown != c.shown {
			t.Errorf("Parse(%q, %q) = %q, %q, %v; want %q, %q", c.region, c.typed, e164, shown, err, c.e164, c.shown)
		}
	}
	for _, typed := range []string{"", "555", "abc", "+1 000 000 0000", "0123456789012345678901234567890123"} {
		if _, _, err := Parse("US", typed); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(US, %q): %v, want ErrInvalid", typed, err)
		}
	}
}

func TestCountries_namedSortedWithCodes(t *testing.T) {
	list := Countries()
	if len(list) < 200 {
		t.Fatalf("%d countries", len(list))
	}
	seen := map[string]Country{}
	for i, c := range list {
		if c.Name == "" || c.Code == 0 || (i > 0 && list[i-1].Name > c.Name) {
			t.Fatalf("entry %d: %+v", i, c)
		}
		seen[c.Region] = c
	}
	if us := seen["US"]; us.Label() != "United States (+1)" {
		t.Errorf("US: %q", us.Label())
	}
	if gb := seen["GB"]; gb.Label() != "United Kingdom (+44)" {
		t.Errorf("GB: %q", gb.Label())
	}
}

func TestDefaultRegion_fromTheLocale(t *testing.T) {
	for _, c := range []struct{ lcAll, lang, want string }{
		{"", "en_GB.UTF-8", "GB"},
		{"de_DE.UTF-8", "en_US.UTF-8", "DE"},
		{"", "C", "US"},
		{"", "", "US"},
		{"", "en_ZZ.UTF-8", "US"},
	} {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		if got := DefaultRegion(); got != c.want {
			t.Errorf("LC_ALL=%q LANG=%q: %q, want %q", c.lcAll, c.lang, got, c.want)
		}
	}
}
