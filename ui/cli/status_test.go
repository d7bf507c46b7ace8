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

// namedStore is a keyring of its own service name, as the demo's (com.x360sync.desktop.demo).
type namedStore struct {
	*vault.Memory
	name string
}

func (s namedStore) ServiceName() string { return s.name }

// status names the keyring service the credential is really under: the demo's entries are
// under their own. Seen failing: "status names com.x360sync.desktop for the demo's keyring".
func TestCLI_statusNamesTheKeyringServiceInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	st := config.State{
		Version: config.Version, ServerURL: "https://sync.example.com", Username: "alice",
		DeviceName: "alice-laptop", DeviceID: "dev_0001",
	}
	if err := (config.File{Path: path}).Save(st); err != nil {
		t.Fatal(err)
	}
	store := namedStore{Memory: &vault.Memory{}, name: "com.x360sync.desktop.demo"}
	if err := store.Set(t.Context(), "sync.example.com/alice", []byte(`{"v":1}`)); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, newManager(t, store, path), "", "status")
	if r.code != ExitOK || !strings.Contains(r.out, "(com.x360sync.desktop.demo)") {
		t.Errorf("status names %s for the demo's keyring: exit %d\n%s", vault.Service, r.code, r.out)
	}
}
