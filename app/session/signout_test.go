package session

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
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
	watcher := r.register("alice", "", "")
	device := m.State().DeviceID
	// The register above rewrote the shared config; put m's registration back, as m's own
	// computer would have it.
	st := m.State()
	_ = r.file.Save(st)
	r.fault(`{"path":"/api/v1/devices/` + device + `","status":503,"times":1}`)
	if err := m.SignOut(context.Background()); !errors.Is(err, client.ErrServer) {
		t.Fatalf("sign-out with the server failing: %v", err)
	}
	if s, _ := r.file.Load(); s.PendingRevoke != device || s.DeviceID != "" {
		t.Fatalf("after the failed revocation: %+v", s)
	}
	next := r.manager()
	if st, _ := next.Start(context.Background()); st != NeedsRegistration {
		t.Fatalf("the wiped device started as %v", st)
	}
	if err := next.RetryPendingRevoke(context.Background()); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if registered(t, watcher, device) {
		t.Error("the device is still registered after the retried revocation")
	}
	if _, err := r.store.Get(context.Background(), revokeAccount(device)); !errors.Is(err, vault.ErrNotFound) {
		t.Errorf("the revoke key outlived its revocation: %v", err)
	}
	if s, _ := r.file.Load(); s.PendingRevoke != "" {
		t.Error("the pending revocation was not forgotten")
	}
}

func TestSession_deviceSignedOutElsewhereIsWipedWithAReason(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	other := r.register("alice", "", "")
	if err := other.Client().RevokeDevice(context.Background(), m.State().DeviceID); err != nil {
		t.Fatal(err)
	}
	_, err := m.Client().Me(context.Background())
	if err == nil {
		t.Fatal("a revoked device still reads its account")
	}
	// Revocation deletes the device: the call fails with 401, the refresh with invalid_grant.
	if got := m.Handle(context.Background(), err); !errors.Is(got, ErrSignedOut) {
		t.Fatalf("Handle(%v): got %v, want ErrSignedOut", err, got)
	}
	if m.Client() != nil || m.State().DeviceID != "" || m.State().Username != "alice" {
		t.Errorf("after Handle: client %v, state %+v", m.Client(), m.State())
	}
}

func TestSession_sessionOnlyWritesNoRegistration(t *testing.T) {
	r := newRig(t, vault.Keyring{Service: "unused"})
	m := r.manager()
	m.UseSessionOnly()
	if !m.SessionOnly() {
		t.Fatal("not flagged")
	}
	ctx := context.Background()
	mm := r.registerInto(m, "alice")
	if _, err := mm.Client().Me(ctx); err != nil {
		t.Fatalf("session-only client: %v", err)
	}
	if st, _ := r.manager().Start(ctx); st != NeedsRegistration {
		t.Errorf("next launch: %v, want the wizard", st)
	}
}
