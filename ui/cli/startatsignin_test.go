package cli

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/autostart"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
)

// register offers what the Done screen's box offers: the real start-at-sign-in entry (the XDG
// autostart file here) is written by the flag, by Enter at the question on a terminal, and
// not at all without a terminal or when the answer is no; the demo's profile is never asked.
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
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			// On Windows the entry is the Run key, not a file under XDG_CONFIG_HOME: each case
			// starts without one, and leaves none.
			if err := autostart.Disable(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = autostart.Disable() })
			env := Env{
				Session: newManager(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json")),
				In:      strings.NewReader(c.stdin), Out: &bytes.Buffer{}, Err: &bytes.Buffer{},
				DefaultDevice: "test-box", Terminal: func() bool { return c.tty },
			}
			if !c.demo {
				env.StartAtSignIn = enabler{}
			}
			args := append([]string{"register", "--server", ts.URL, "--user", "alice"}, c.args...)
			code := Run(context.Background(), args, env)
			out := env.Out.(*bytes.Buffer).String()
			if code != ExitOK {
				t.Fatalf("register: exit %d\n%s%s", code, out, env.Err)
			}
			on, err := autostart.Enabled()
			if err != nil || on != c.want {
				t.Errorf("start at sign-in is %v (%v), want %v\n%s", on, err, c.want, out)
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

// enabler is app/autostart as cmd/x360sync wires it.
type enabler struct{}

func (enabler) Enable() error { return autostart.Enable() }
