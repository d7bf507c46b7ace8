package cli

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

const erinSecret = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"

// erinDevices lists erin's devices as another computer sees them, signing in there with a
// code half a minute on, so it is not a replay of the one the terminal used.
func erinDevices(t *testing.T, base string, step int) []api.Device {
	t.Helper()
	offset := time.Duration(step) * 30 * time.Second
	resp, err := http.Post(base+"/dev/clock", "application/json", strings.NewReader(fmt.Sprintf(`{"offset_seconds":%d}`, step*30)))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("clock: %v %v", err, resp)
	}
	resp.Body.Close()
	c, err := client.New(base)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	r, err := c.Login(ctx, api.LoginRequest{Username: "erin", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "watcher"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(erinSecret, time.Now().Add(offset))
	if _, err := c.Verify(ctx, r.Challenge, code, ""); err != nil {
		t.Fatal(err)
	}
	devs, err := c.Devices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return devs
}

func TestCLI_signOutWhileLockedRevokesOnTheServer(t *testing.T) {
	wizard.AppVersion = "test"
	base := startMockBinary(t)
	store := &vault.Memory{}
	path := filepath.Join(t.TempDir(), "state.json")
	code, _ := totp.GenerateCode(erinSecret, time.Now())
	r := runCLI(t, newManager(t, store, path), "x360sync-demo\n"+code+"\n739205\n739205\n", "register", "--server", base, "--user", "erin")
	if r.code != ExitOK {
		t.Fatalf("register: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if devs := erinDevices(t, base, 1); len(devs) != 2 {
		t.Fatalf("erin has %d devices after registering, want 2 (this one and the watcher)", len(devs))
	}
	r = runCLI(t, newManager(t, store, path), "", "signout")
	if r.code != ExitOK || !strings.Contains(r.out, "Signed out.") {
		t.Fatalf("signout of a PIN device (locked): exit %d\n%s%s", r.code, r.out, r.err)
	}
	for _, d := range erinDevices(t, base, 2) {
		if d.Name == "test-box" {
			t.Error("signing out while locked left the device on the server")
		}
	}
}

func TestCLI_registerRefusesWhenRegisteredAndSendsWhatIsOwed(t *testing.T) {
	base := startMockBinary(t)
	store := &vault.Memory{}
	path := filepath.Join(t.TempDir(), "state.json")
	if r := runCLI(t, newManager(t, store, path), "x360sync-demo\n", "register", "--server", base, "--user", "alice"); r.code != ExitOK {
		t.Fatalf("register: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r := runCLI(t, newManager(t, store, path), "x360sync-demo\n", "register", "--server", base, "--user", "alice")
	if r.code != ExitFailed || !strings.Contains(r.err, "already registered") {
		t.Fatalf("a second register: exit %d\n%s%s", r.code, r.out, r.err)
	}
	// Sign out while the server is unreachable: the revocation is owed. The next register
	// sends it before it registers anew, and the old revoke key leaves the keyring.
	m := newManager(t, store, path)
	m.ClientOptions = []client.Option{client.WithTransport(unreachable{})}
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	old := m.Info().DeviceID
	if err := m.SignOut(context.Background()); err == nil {
		t.Fatal("the sign-out reached the server")
	}
	if m.Info().PendingRevokes != 1 {
		t.Fatalf("owed after an offline sign-out: %d, want 1", m.Info().PendingRevokes)
	}
	r = runCLI(t, newManager(t, store, path), "x360sync-demo\n", "register", "--server", base, "--user", "alice")
	if r.code != ExitOK {
		t.Fatalf("register after an offline sign-out: exit %d\n%s%s", r.code, r.out, r.err)
	}
	next := newManager(t, store, path)
	if err := next.Start(context.Background()); err != nil || next.Info().PendingRevokes != 0 {
		t.Fatalf("after register: %v, still owed %d", err, next.Info().PendingRevokes)
	}
	devs, err := next.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range devs {
		if d.ID == old {
			t.Error("the device signed out offline is still on the server")
		}
	}
}

// unreachable is a transport for a computer that is offline.
type unreachable struct{}

func (unreachable) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, &netError{}
}

type netError struct{}

func (*netError) Error() string   { return "network is unreachable" }
func (*netError) Timeout() bool   { return false }
func (*netError) Temporary() bool { return false }

func TestCLI_demoProfileAndStrayArguments(t *testing.T) {
	for _, tc := range []struct {
		args          []string
		command, demo bool
	}{
		{[]string{"status"}, true, false},
		{[]string{"--demo", "status"}, true, true},
		{[]string{"--demo"}, false, false},
		{[]string{"--server", "x"}, false, false},
	} {
		if c, d := IsCommand(tc.args); c != tc.command || d != tc.demo {
			t.Errorf("IsCommand(%q) = %v, %v; want %v, %v", tc.args, c, d, tc.command, tc.demo)
		}
	}
	m := newManager(t, &vault.Memory{}, filepath.Join(t.TempDir(), "state.json"))
	for _, args := range [][]string{{"status", "--demo"}, {"signout", "now"}} {
		if r := runCLI(t, m, "", args...); r.code != ExitUsage || !strings.Contains(r.err, "takes no arguments") {
			t.Errorf("%q: exit %d %q, want a usage error", args, r.code, r.err)
		}
	}
}
