package autostart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestExecQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/usr/bin/x360sync", "/usr/bin/x360sync"},
		{"--background", "--background"},
		{"/opt/my apps/x360sync", `"/opt/my apps/x360sync"`},
		{`/home/a"b/$x`, `"/home/a\"b/\$x"`},
		{"/tmp/100%", "/tmp/100%%"},
		{"", `""`},
	} {
		if got := execQuote(c.in); got != c.want {
			t.Errorf("execQuote(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDesktopEntryOn(t *testing.T) {
	e := Entry{ID: ID, Name: "x360Sync", Exec: "/usr/bin/x360sync", Args: []string{BackgroundFlag}}
	text := desktopEntry(e)
	if !desktopEntryOn(text) {
		t.Errorf("a fresh entry reads as switched off:\n%s", text)
	}
	if !strings.Contains(text, "\nExec=/usr/bin/x360sync --background\n") {
		t.Errorf("Exec line missing:\n%s", text)
	}
	for _, off := range []string{"Hidden=true", "X-GNOME-Autostart-enabled=false"} {
		if desktopEntryOn(strings.Replace(text, "X-GNOME-Autostart-enabled=true", off, 1)) {
			t.Errorf("an entry with %s reads as switched on", off)
		}
	}
}

// TestLaunchAgent checks the macOS property list on every OS: well-formed XML whose
// ProgramArguments are the program and its arguments, escaped.
func TestLaunchAgent(t *testing.T) {
	e := Entry{ID: ID, Exec: "/Applications/x360Sync.app/Contents/MacOS/x360<sync>&", Args: []string{BackgroundFlag}}
	var doc struct {
		Dict struct {
			Keys    []string `xml:"key"`
			Strings []string `xml:"string"`
			Args    []string `xml:"array>string"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal([]byte(launchAgent(e)), &doc); err != nil {
		t.Fatalf("launchAgent is not XML: %v\n%s", err, launchAgent(e))
	}
	if got, want := strings.Join(doc.Dict.Keys, ","), "Label,ProgramArguments,RunAtLoad,ProcessType"; got != want {
		t.Errorf("keys %q, want %q", got, want)
	}
	if len(doc.Dict.Strings) == 0 || doc.Dict.Strings[0] != ID {
		t.Errorf("Label %q, want %q", doc.Dict.Strings, ID)
	}
	if got, want := strings.Join(doc.Dict.Args, " "), e.Exec+" "+BackgroundFlag; got != want {
		t.Errorf("ProgramArguments %q, want %q", got, want)
	}
}
