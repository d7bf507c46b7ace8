package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// fixtureNamed is the screen fixture of that name.
func fixtureNamed(t *testing.T, name string) fixture {
	t.Helper()
	for _, f := range fixtures() {
		if f.name == name {
			return f
		}
	}
	t.Fatalf("no fixture %q", name)
	return fixture{}
}

// Tab goes round the account window in reading order: the header's Refresh, Lock now and Sign
// out first, then the cards from the top (a user test: Tab reached the header only after
// About).
func TestAccount_tabGoesInReadingOrder(t *testing.T) {
	test.NewTempApp(t)
	win := render(t, fixtureNamed(t, "account"))
	var order []string
	for _, f := range tabOrder(win) {
		order = append(order, textOf(f))
	}
	header := []string{"Refresh", "Lock now", "Sign out"}
	if len(order) < len(header) || !slices.Equal(order[:len(header)], header) {
		t.Fatalf("Tab from the start goes %q, want the header's %q first", order, header)
	}
	at := func(text string) int {
		i := slices.Index(order, text)
		if i < 0 {
			t.Fatalf("Tab never reaches %q: %q", text, order)
		}
		return i
	}
	if !(at("Enable two-step authentication") < at("Revoke") && at("Revoke") < at("Change PIN") && at("Change PIN") < at("About")) {
		t.Errorf("the cards are not visited top to bottom: %q", order)
	}
}

// The account window's pages go the same way: the Back bar over the page comes first.
func TestSettingsForm_tabStartsAtTheBackBar(t *testing.T) {
	for _, name := range []string{"enable-two-step", "change-pin"} {
		t.Run(name, func(t *testing.T) {
			test.NewTempApp(t)
			order := tabOrder(render(t, fixtureNamed(t, name)))
			if len(order) == 0 || textOf(order[0]) != "Back" {
				var texts []string
				for _, f := range order {
					texts = append(texts, textOf(f))
				}
				t.Errorf("Tab from the start goes %q, want Back first", texts)
			}
		})
	}
}
