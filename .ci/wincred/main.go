//go:build windows

// Command wincred lists the Windows Credential Manager's generic credentials whose target
// starts with a prefix, one target name a line, for .ci/e2e-windows.sh: it reads back what
// the real app stored, through the Credential Manager itself rather than through the app.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/danieljoos/wincred"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: wincred PREFIX")
		os.Exit(2)
	}
	creds, err := wincred.List()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wincred:", err)
		os.Exit(1)
	}
	for _, c := range creds {
		if strings.HasPrefix(c.TargetName, os.Args[1]) {
			fmt.Println(c.TargetName)
		}
	}
}
