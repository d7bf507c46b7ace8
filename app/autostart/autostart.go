// Package autostart starts the app when the person signs in to the computer, the way a sync
// client is expected to run: an XDG autostart entry on Linux and the BSDs, the per-user Run
// key on Windows, a LaunchAgent on macOS. One small file per OS writes its own form; the forms
// that are plain text are rendered here so they are tested on every OS. It has no UI: the
// front ends call Enable after registration (when the person keeps the box ticked), Disable
// when they untick it or sign out, and Enabled to show the box's state.
package autostart

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ID names the entry: the desktop file's and the LaunchAgent's name. It is the app id.
const ID = "com.x360sync.desktop"

// BackgroundFlag is the argument the entry starts the app with: started at sign-in, it goes
// to the tray (locked when a PIN is set) and opens no window.
const BackgroundFlag = "--background"

// ErrUnsupported means this OS has no start-at-sign-in mechanism the package knows.
var ErrUnsupported = errors.New("autostart: not supported on this system")

// Entry is what starts at sign-in.
type Entry struct {
	ID   string   // file or value name; the app id
	Name string   // what the OS's list of start-up apps shows
	Exec string   // absolute path of the program
	Args []string // its arguments
}

// Default is the entry for the running program, started with BackgroundFlag.
func Default() (Entry, error) {
	exe, err := os.Executable()
	if err != nil {
		return Entry{}, fmt.Errorf("autostart: where this program lives is unknown: %w", err)
	}
	return Entry{ID: ID, Name: "x360Sync", Exec: exe, Args: []string{BackgroundFlag}}, nil
}

// Enable makes the running program start at sign-in with BackgroundFlag, replacing an older
// entry (so a moved or updated program is found again).
func Enable() error {
	e, err := Default()
	if err != nil {
		return err
	}
	return e.Enable()
}

// Disable removes the entry; no entry is not an error.
func Disable() error { return Entry{ID: ID, Name: "x360Sync"}.Disable() }

// Enabled says whether an entry is in place and switched on.
func Enabled() (bool, error) { return Entry{ID: ID, Name: "x360Sync"}.Enabled() }

// desktopEntry renders the XDG autostart file (Desktop Entry Specification 1.5).
func desktopEntry(e Entry) string {
	args := make([]string, 0, len(e.Args)+1)
	for _, a := range append([]string{e.Exec}, e.Args...) {
		args = append(args, execQuote(a))
	}
	return "[Desktop Entry]\n" +
		"Type=Application\n" +
		"Name=" + keyFileEscape(e.Name) + "\n" +
		"Comment=Keeps your files in sync from the moment you sign in\n" +
		"Exec=" + keyFileEscape(strings.Join(args, " ")) + "\n" +
		"Icon=" + e.ID + "\n" +
		"Terminal=false\n" +
		"X-GNOME-Autostart-enabled=true\n"
}

// execQuote quotes one Exec argument: inside double quotes, ", `, $ and \ take a backslash;
// an argument with none of the reserved characters stays bare. A literal % is %%.
func execQuote(a string) string {
	a = strings.ReplaceAll(a, "%", "%%")
	if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
		return a
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`)
	return `"` + r.Replace(a) + `"`
}

// keyFileEscape escapes a string value of a desktop file: backslash, newline, tab, return.
func keyFileEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

// desktopEntryOn says whether a desktop file's text is a switched-on entry: desktop
// environments turn one off by writing Hidden=true or X-GNOME-Autostart-enabled=false.
func desktopEntryOn(text string) bool {
	for line := range strings.Lines(text) {
		switch strings.TrimSpace(line) {
		case "Hidden=true", "X-GNOME-Autostart-enabled=false":
			return false
		}
	}
	return true
}

// launchAgent renders the macOS LaunchAgent property list: launchd runs ProgramArguments
// when the person signs in (RunAtLoad), with no need to load it now.
func launchAgent(e Entry) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>`)
	_ = xml.EscapeText(&b, []byte(e.ID))
	b.WriteString("</string>\n\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, a := range append([]string{e.Exec}, e.Args...) {
		b.WriteString("\t\t<string>")
		_ = xml.EscapeText(&b, []byte(a))
		b.WriteString("</string>\n")
	}
	b.WriteString("\t</array>\n\t<key>RunAtLoad</key>\n\t<true/>\n\t<key>ProcessType</key>\n\t<string>Interactive</string>\n</dict>\n</plist>\n")
	return b.String()
}
