package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
)

// register offers what the Done screen's box offers: start at sign-in is switched on by the
// flag, by Enter at the question on a terminal, and not at all without a terminal or when the
// answer is no; the demo's profile is never asked. The switch is a recorder: the real entry
// (app/autostart has its own tests, on every OS) would be this user's own on Windows and
// macOS, whose Run key and LaunchAgents no environment variable moves aside.
func TestCLI_registerOffersStartAtSignIn(t *testing.T) {
	ts := httptest.NewServer(mockserver.New())
	t.Cleanup(ts.Close)
	cases := []struct {
		name, stdin string
		args        []string
		tty, demo   bool
		want        bool
		says        string
	}{
		{name: "flag, no terminal", stdin: "x360sync-demo\n", args: []string{"--start-at-sign-in"}, want: true, says: "will start when you sign in"},
		{name: "terminal, Enter", stdin: "x360sync-demo\n\n", tty: true, want: true, says: "will start when you sign in"},
		{name: "terminal, no", stdin: "x360sync-demo\nn\n", tty: true, says: "will not start when you sign in"},
		{name: "no terminal", stdin: "x360sync-demo\n", says: "will not start when you sign in"},
		{name: "demo profile", stdin: "x360sync-demo\n", tty: true, demo: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			on := &enabler{}
			env := Env{
				Session: newManager(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json")),
				In:      strings.NewReader(c.stdin), Out: &bytes.Buffer{}, Err: &bytes.Buffer{},
				DefaultDevice: "test-box", Terminal: func() bool { return c.tty },
			}
			if !c.demo {
				env.StartAtSignIn = on
			}
			args := append([]string{"register", "--server", ts.URL, "--user", "alice"}, c.args...)
			code := Run(context.Background(), args, env)
			out := env.Out.(*bytes.Buffer).String()
			if code != ExitOK {
				t.Fatalf("register: exit %d\n%s%s", code, out, env.Err)
			}
			if on.enabled != c.want {
				t.Errorf("start at sign-in is %v, want %v\n%s", on.enabled, c.want, out)
			}
			asked := strings.Contains(out, "Start x360Sync when you sign in to this computer?")
			if asked != (c.tty && !c.demo) {
				t.Errorf("asked %v, want %v\n%s", asked, c.tty && !c.demo, out)
			}
			if c.says != "" && !strings.Contains(out, c.says) {
				t.Errorf("the output does not say %q:\n%s", c.says, out)
			}
			if c.demo && strings.Contains(out, "sign in to this computer") {
				t.Errorf("the demo's profile was offered start at sign-in:\n%s", out)
			}
		})
	}
}

// enabler records that start at sign-in was switched on.
type enabler struct{ enabled bool }

func (e *enabler) Enable() error { e.enabled = true; return nil }
