// Package assets holds the files the app ships inside its binary: the icon, drawn in
// icon.svg and rendered to icon.png (512 px) for the tray and packaging, and logo.png, the
// same icon at 128 px (`convert icon.png -filter Lanczos -resize 128x128 -strip
// PNG32:logo.png`) for the window and the card's 64-unit logo (128 px at scale 2): decoding
// and scaling the 512 px image sat in front of the first frame.
package assets

import _ "embed"

// IconPNG is the 512 px application icon, rendered from icon.svg.
//
//go:embed icon.png
var IconPNG []byte

// LogoPNG is the icon at 128 px, for the window icon and the logo on the screens.
//
//go:embed logo.png
var LogoPNG []byte
