// Package assets holds the files the app ships inside its binary: the icon, drawn in
// icon.svg and rendered to icon.png (512 px) for the window, the tray and packaging.
package assets

import _ "embed"

// IconPNG is the 512 px application icon, rendered from icon.svg.
//
//go:embed icon.png
var IconPNG []byte
