package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
)

// In the demo, Sign in always names the demo accounts: a first-time user went Back from Sign
// in to Server and forward again, and the banner with the accounts and their password never
// came back.
func TestSignIn_demoBannerShowsEveryTimeSignInShows(t *testing.T) {
	r := newMainRigWith(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"), func(o *Options) { o.Demo = true })
	demoShown := func(when string) {
		t.Helper()
		v := r.m.wiz
		if v == nil || v.flow.Step() != wizard.StepSignIn {
			t.Fatalf("%s: not at Sign in:\n%s", when, r.texts())
		}
		if b := v.shell.banner; !b.box.Visible() || !strings.Contains(b.text.Text, "demo accounts alice, bob") {
			t.Errorf("%s: Sign in without the demo banner (shown %v, %q)", when, b.box.Visible(), b.text.Text)
		}
	}
	demoShown("at start")
	r.m.wiz.back()
	r.wait()
	if r.m.wiz.flow.Step() != wizard.StepServer {
		t.Fatalf("Back from Sign in: at %v", r.m.wiz.flow.Step())
	}
	r.m.wiz.current.submit()
	r.wait()
	demoShown("after Back to Server and forward again")
}
