package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/x360sync/desktop/app/vault"
)

// About wraps its lines between words: the keyring's service name and account, which a help
// desk reads out or searches for, are never cut in the middle, in a wide or the narrowest window.
func TestAccount_aboutKeepsTheKeyringNamesWhole(t *testing.T) {
	r := newMainRig(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	if err := finish(r.sess, context.Background(), r.ts.URL, "alice", "laptop", loginAlice(t, r.ts.URL), ""); err != nil {
		t.Fatal(err)
	}
	r.m.showSignedIn()
	r.wait()
	test.Tap(r.m.account.about.button)
	in := r.sess.Info()
	// The window as it opens, and as narrow as the account window gets.
	for _, width := range []float32{800, r.win.Content().MinSize().Width} {
		r.win.Resize(fyne.NewSize(width, 600))
		lines := shownTexts(r.win.Content())
		for _, name := range []string{in.KeyringService, in.KeyringAccount} {
			if !strings.Contains(lines, name) {
				t.Errorf("at %v px, About cuts %q:\n%s", width, name, lines)
			}
		}
	}
}
