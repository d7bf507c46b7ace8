package phone

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// TestRegionNames_matchDisplayEnglish pins the generated table (regions_gen.go) to
// golang.org/x/text's English region names for every region libphonenumber supports: an update
// of either module that changes a name or adds a region fails here until `go generate
// ./app/phone` is run. The app links the table, not display, whose tables for every language
// weigh about 2.3 MB of the stripped binary; this test may import display (tests are not linked
// into the app).
func TestRegionNames_matchDisplayEnglish(t *testing.T) {
	names := display.English.Regions()
	want := 0
	for region := range phonenumbers.GetSupportedRegions() {
		r, err := language.ParseRegion(region)
		if err != nil {
			if got, ok := regionNames[region]; ok {
				t.Errorf("%s: %q in the table, but x/text does not know the region", region, got)
			}
			continue
		}
		want++
		if got, name := regionNames[region], names.Name(r); got != name {
			t.Errorf("%s: got %q, want %q (run go generate ./app/phone)", region, got, name)
		}
	}
	if len(regionNames) != want {
		t.Errorf("the table has %d regions, want %d (run go generate ./app/phone)", len(regionNames), want)
	}
}
