package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/vault"
)

// registeredAt is a computer registered as alice on sync.example.com, its organization as the
// config keeps it ("" when the server never named it).
func registeredAt(t *testing.T, org string) run {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.json")
	st := config.State{
		Version: config.Version, ServerURL: "https://sync.example.com", Username: "alice",
		DeviceName: "alice-laptop", DeviceID: "dev_0001", Organization: org,
	}
	if err := (config.File{Path: path}).Save(st); err != nil {
		t.Fatal(err)
	}
	store := &vault.Memory{}
	if err := store.Set(t.Context(), "sync.example.com/alice", []byte(`{"v":1}`)); err != nil {
		t.Fatal(err)
	}
	return runCLI(t, newManager(t, store, path), "", "status")
}

// status names the organization the registration belongs to, once the server named it.
func TestCLI_statusSaysTheOrganization(t *testing.T) {
	r := registeredAt(t, "Globex")
	if r.code != ExitOK || !strings.Contains(r.out, "organization: Globex\n") {
		t.Errorf("status: exit %d\n%s", r.code, r.out)
	}
	r = registeredAt(t, "")
	if r.code != ExitOK || strings.Contains(r.out, "organization") {
		t.Errorf("status with no organization known: exit %d\n%s", r.code, r.out)
	}
}
