package cli

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client/mockserver"
)

// register with no server address (an empty answer at the prompt) says what to give, not
// "Something went wrong", and exits as a usage error; for the demo's profile it says where
// the demo's server is. A user test saw "Something went wrong. Try again." and exit 1.
func TestCLI_registerWithoutAServerSaysWhatToGive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	r := runCLI(t, newManager(t, &vault.Memory{}, path), "\n", "register", "--user", "alice")
	if r.code != ExitUsage || !strings.Contains(r.err, "--server https://") || strings.Contains(r.err, "Something went wrong") {
		t.Errorf("register, empty server address: exit %d, want %d\n%s%s", r.code, ExitUsage, r.out, r.err)
	}
	var out, errb strings.Builder
	code := Run(t.Context(), []string{"register", "--user", "alice"}, Env{Session: newManager(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json")), In: strings.NewReader("\n"), Out: &out, Err: &errb, Demo: true})
	if code != ExitUsage || !strings.Contains(errb.String(), "x360sync --demo") {
		t.Errorf("demo register, empty server address: exit %d, want %d\n%s%s", code, ExitUsage, out.String(), errb.String())
	}
}

// On the demo's profile, "already registered" names the demo's own signout command.
func TestCLI_alreadyRegisteredNamesTheDemoSignout(t *testing.T) {
	ts := httptest.NewServer(mockserver.New()) // in process, so that it also runs under Wine
	t.Cleanup(ts.Close)
	base := ts.URL
	store := &vault.Memory{}
	path := filepath.Join(t.TempDir(), "state.json")
	if r := runCLI(t, newManager(t, store, path), "x360sync-demo\n", "register", "--server", base, "--user", "alice"); r.code != ExitOK {
		t.Fatalf("register: exit %d\n%s%s", r.code, r.out, r.err)
	}
	var out, errb strings.Builder
	code := Run(t.Context(), []string{"register", "--server", base, "--user", "alice"}, Env{Session: newManager(t, store, path), In: strings.NewReader("x360sync-demo\n"), Out: &out, Err: &errb, Demo: true})
	if code != ExitFailed || !strings.Contains(errb.String(), "x360sync --demo signout") {
		t.Errorf("demo register when registered: exit %d\n%s", code, errb.String())
	}
}
