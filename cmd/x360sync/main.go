// Command x360sync is the x360Sync Desktop client. It only wires: the terminal commands
// (register, status, signout), or the Fyne app and its main window.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	fyneapp "fyne.io/fyne/v2/app"

	"github.com/x360sync/desktop/app/cli"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	wizard.AppVersion = version
	if cli.IsCommand(os.Args[1:]) {
		os.Exit(cli.Main(context.Background(), os.Args[1:]))
	}
	flag.Usage = func() { fmt.Fprint(flag.CommandLine.Output(), cli.Usage) }
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion {
		fmt.Println("x360sync", version)
		return
	}
	a := fyneapp.NewWithID(ui.AppID)
	ui.NewMainWindow(a).ShowAndRun()
}
