package session

import (
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
)

func (r *rig) fault(body string) {
	r.t.Helper()
	resp, err := http.Post(r.ts.URL+"/dev/faults", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusOK {
		r.t.Fatalf("fault: %v %v", err, resp)
	}
	resp.Body.Close()
}

func TestSession_failedRevocationIsRetriedAtTheNextStart(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	watcher := r.elsewhere("alice", "", "")
	device, ref := m.Info().DeviceID, r.revokeRef()
	r.fault(`{"path":"/api/v1/devices/revoke","status":503,"times":1}`)
	if err := m.SignOut(context.Background()); !errors.Is(err, client.ErrServer) {
		t.Fatalf("sign-out with the server failing: %v", err)
	}
	if s, _ := r.file.Load(); !slices.Equal(s.PendingRevokes, []string{ref}) || s.DeviceID != "" {
		t.Fatalf("after the failed revocation: %+v", s)
	}
	next := r.manager()
	if st := startedState(next, context.Background()); st != NoCredential {
		t.Fatalf("the wiped device started as %v", st)
	}
	if err := next.RetryPendingRevokes(context.Background()); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if registered(t, watcher, device) {
		t.Error("the device is still registered after the retried revocation")
	}
	if _, err := r.store.Get(context.Background(), revokeAccount(ref)); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the revoke key outlived its revocation: %v", err)
	}
	if s, _ := r.file.Load(); len(s.PendingRevokes) != 0 {
		t.Error("the pending revocation was not forgotten")
	}
}

func TestSession_deviceSignedOutElsewhereIsWipedWithAReason(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	other := r.elsewhere("alice", "", "")
	if err := other.testClient().RevokeDevice(context.Background(), m.Info().DeviceID); err != nil {
		t.Fatal(err)
	}
	// Revocation deletes the device: the call fails with 401, the refresh with invalid_grant,
	// and the session wipes the device.
	if _, err := m.Account(context.Background()); !errors.Is(err, ErrSignedOutByServer) {
		t.Fatalf("a revoked device reading its account: %v, want ErrSignedOutByServer", err)
	}
	if m.testClient() != nil || m.Info().DeviceID != "" || m.Info().Username != "alice" || m.State() != NoCredential {
		t.Errorf("after the server signed it out: %v, %+v", m.State(), m.Info())
	}
}

func TestSession_sessionOnlyWritesNoRegistration(t *testing.T) {
	r := newRig(t, vault.Keyring{Service: "unused"})
	m := r.manager()
	m.UseSessionOnly()
	if !m.Info().SessionOnly {
		t.Fatal("not flagged")
	}
	ctx := context.Background()
	mm := r.registerInto(m, "alice")
	if _, err := mm.Account(ctx); err != nil {
		t.Fatalf("session-only client: %v", err)
	}
	if st := startedState(r.manager(), ctx); st != NoCredential {
		t.Errorf("next launch: %v, want the wizard", st)
	}
}

// A session-only registration abandoned at Set up PIN revokes its device from memory and
// writes nothing to disk: its revoke key lives only in this process, so a revocation owed in
// the config file could never be paid by the next launch.
func TestSession_sessionOnlyAbandonWritesNothing(t *testing.T) {
	r := newRig(t, vault.Keyring{Service: "unused"})
	watcher := r.elsewhere("erin", erinSecret, "739205")
	m := r.manager()
	m.UseSessionOnly()
	ctx := context.Background()
	f := m.NewFlow()
	r.srv.SetClockOffset(90 * time.Second) // a code of its own, not a replay of the watcher's
	code, _ := totp.GenerateCode(erinSecret, r.srv.Now())
	for i, err := range []error{f.SubmitServer(ctx, r.ts.URL), f.SubmitSignIn(ctx, "erin", mockserver.DemoPassword, "laptop"), f.SubmitCode(ctx, code)} {
		if err != nil {
			t.Fatalf("wizard event %d: %v", i, err)
		}
	}
	if f.Step() != wizard.StepPINSetup {
		t.Fatalf("the wizard is at %v, want Set up PIN", f.Step())
	}
	before, _ := watcher.Devices(ctx)
	m.Abandon()
	m.Close()
	if _, err := os.Stat(r.file.Path); !errors.Is(err, os.ErrNotExist) {
		st, _ := r.file.Load()
		t.Errorf("session-only abandon wrote the config file: %v, owed %q", err, st.PendingRevokes)
	}
	if after, _ := watcher.Devices(ctx); len(before) != 2 || len(after) != 1 {
		t.Errorf("devices on the account: %d before the abandon, %d after, want 2 and 1", len(before), len(after))
	}
}

// A session-only sign-out that could not reach the server has no next start to send its
// revocation (its key lives in memory only): Close tries once more before the app ends (the
// security review saw such a device stay registered).
func TestSession_sessionOnlyOwedRevocationIsTriedAtClose(t *testing.T) {
	r := newRig(t, vault.Keyring{Service: "unused"})
	m := r.manager()
	m.UseSessionOnly()
	ctx := context.Background()
	mm := r.registerInto(m, "alice")
	watcher := r.elsewhere("alice", "", "")
	device := mm.Info().DeviceID
	r.fault(`{"path":"/api/v1/devices/revoke","status":503,"times":1}`)
	r.fault(`{"path":"/api/v1/devices/` + device + `","status":503,"times":1}`)
	if err := mm.SignOut(ctx); err == nil {
		t.Fatal("the sign-out reached the server through the faults")
	}
	mm.Close()
	if registered(t, watcher, device) {
		t.Error("the session-only device is still registered after its failed sign-out and Close")
	}
}
