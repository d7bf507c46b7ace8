package ui

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// translations holds the app's words, one file per language (translation/en.json is the
// complete English file: every string on screen goes through lang.L, and TestLang_* keeps
// the file and the code in step). A new language is a new file beside it.
//
//go:embed translation
var translations embed.FS

func init() {
	if err := lang.AddTranslationsFS(translations, "translation"); err != nil {
		fyne.LogError("x360Sync translations did not load", err)
	}
}
