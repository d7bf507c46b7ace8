package mockserver

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/x360sync/desktop/client/api"
)

// DemoFixture is the embedded demo data: five accounts in two organisations, all with the
// password DemoPassword (see the README's table).
//
//go:embed demo.json
var DemoFixture []byte

// DemoPassword is every demo account's password.
const DemoPassword = "x360sync-demo"

// Fixture is the seed format: plain values a person can write, hashed when loaded, or the
// Argon2id PHC strings themselves (password_hash, backup_key_hash), which load at once.
type Fixture struct {
	Orgs  []Org         `json:"orgs"`
	Users []FixtureUser `json:"users"`
}

// FixtureUser is one seeded account; Mode empty means no two-step authentication yet.
type FixtureUser struct {
	Username  string `json:"username"`
	Email     string `json:"email"`
	Org       string `json:"org"`
	Password  string `json:"password"`
	Mode      string `json:"mode,omitempty"`
	Secret    string `json:"secret,omitempty"`
	Phone     string `json:"phone,omitempty"`
	BackupKey string `json:"backup_key,omitempty"`
	// PasswordHash and BackupKeyHash, when set, are used instead of hashing Password and
	// BackupKey: "$argon2id$v=19$m=...,t=...,p=...$salt$key".
	PasswordHash  string `json:"password_hash,omitempty"`
	BackupKeyHash string `json:"backup_key_hash,omitempty"`
}

// LoadFixture turns a seed file into a fresh state, hashing passwords and backup keys.
func LoadFixture(raw []byte) (*State, error) {
	var f Fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("mockserver: fixture is not valid JSON: %w", err)
	}
	if len(f.Users) == 0 {
		return nil, errNoFixture
	}
	st := newState()
	for i := range f.Orgs {
		o := f.Orgs[i]
		st.Orgs[o.Name] = &o
	}
	for _, fu := range f.Users {
		if _, ok := st.Orgs[fu.Org]; !ok {
			return nil, fmt.Errorf("mockserver: fixture user %q names unknown org %q", fu.Username, fu.Org)
		}
		u, err := fixtureUser(fu)
		if err != nil {
			return nil, err
		}
		st.Users[u.Username] = u
	}
	return st, nil
}

// fixtureUser is one seeded account, checked and hashed (unless it carries its hashes).
func fixtureUser(fu FixtureUser) (*User, error) {
	pw, err := fixtureHash(fu.Username, "password", fu.PasswordHash, fu.Password)
	if err != nil {
		return nil, err
	}
	u := &User{Username: strings.ToLower(fu.Username), Email: strings.ToLower(fu.Email), Org: fu.Org, PasswordHash: pw}
	switch fu.Mode {
	case "":
		return u, nil
	case api.ModeTOTP:
		if !secretLongEnough(fu.Secret) {
			return nil, fmt.Errorf("mockserver: fixture user %q has a TOTP secret shorter than 128 bits", fu.Username)
		}
		u.TwoFactor = TwoFactor{Enabled: true, Mode: api.ModeTOTP, Secret: fu.Secret}
	case api.ModeSMS:
		phone, ok := normalizePhone(fu.Phone)
		if !ok {
			return nil, fmt.Errorf("mockserver: fixture user %q has an invalid phone number", fu.Username)
		}
		u.TwoFactor = TwoFactor{Enabled: true, Mode: api.ModeSMS, Phone: phone}
	default:
		return nil, fmt.Errorf("mockserver: fixture user %q has unknown mode %q", fu.Username, fu.Mode)
	}
	key := normalizeBackupKey(fu.BackupKey)
	if key == "" && fu.BackupKeyHash == "" {
		return nil, fmt.Errorf("mockserver: fixture user %q needs a backup key of 16 Crockford characters", fu.Username)
	}
	if u.TwoFactor.BackupKeyHash, err = fixtureHash(fu.Username, "backup key", fu.BackupKeyHash, key); err != nil {
		return nil, err
	}
	return u, nil
}

// fixtureHash is a given PHC string, checked for its form (checking it against the plain value
// would cost the Argon2id run it saves), or else the plain value hashed now.
func fixtureHash(user, what, phc, plain string) (string, error) {
	if phc == "" {
		return hashSecret(plain), nil
	}
	if !wellFormedHash(phc) {
		return "", fmt.Errorf("mockserver: fixture user %q has a %s hash that is not an Argon2id PHC string", user, what)
	}
	return phc, nil
}

// The demo fixture is decoded once per process and copied into each server: hashing nine
// secrets with Argon2id costs real time, and tests start many servers.
var (
	demoOnce  sync.Once
	demoState *State
	demoErr   error
)

func demoFixtureState() (*State, error) {
	demoOnce.Do(func() { demoState, demoErr = LoadFixture(DemoFixture) })
	if demoErr != nil {
		return nil, demoErr
	}
	return demoState.clone(), nil
}
