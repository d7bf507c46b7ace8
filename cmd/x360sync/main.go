// Command x360sync is the x360Sync Desktop client. It only wires: flags, the Fyne app, the main window.
package main

import (
	"flag"
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/x360sync/desktop/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("x360sync", version)
		os.Exit(0)
	}
	a := fyneapp.NewWithID(ui.AppID)
	ui.NewMainWindow(a).ShowAndRun()
}
