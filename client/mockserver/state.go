package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/x360sync/desktop/client/api"
)

// State is everything the server remembers. Passwords, backup keys, tokens and codes are kept
// only as hashes or digests; TOTP secrets are kept as they are, since verifying needs them.
type State struct {
	Orgs        map[string]*Org        `json:"orgs"`
	Users       map[string]*User       `json:"users"`
	Challenges  map[string]*Challenge  `json:"challenges"`
	Enrollments map[string]*Enrollment `json:"enrollments"`
	Devices     map[string]*Device     `json:"devices"`
	Outbox      []Message              `json:"outbox"`
}

// Org is an organisation and its two-step policy.
type Org struct {
	Name       string `json:"name"`
	Require2FA bool   `json:"require_2fa"`
	RequirePIN bool   `json:"require_pin"`
	AllowSMS   bool   `json:"allow_sms"`
}

// User is one account.
type User struct {
	Username     string    `json:"username"`
	Email        string    `json:"email"`
	Org          string    `json:"org"`
	PasswordHash string    `json:"password_hash"`
	TwoFactor    TwoFactor `json:"two_factor"`
	// LastStep is the newest TOTP step this account has had accepted; no step at or before it
	// is accepted again.
	LastStep int64 `json:"last_step"`
	// CodeFailures counts consecutive wrong codes across challenges; CodeLockedUntil throttles.
	CodeFailures    int       `json:"code_failures"`
	CodeLockedUntil time.Time `json:"code_locked_until"`
	// LoginFailures counts consecutive wrong passwords from every address; at hardCap sign-in
	// stops until Account Recovery or an admin. (The per-address back-off lives in memory.)
	LoginFailures int `json:"login_failures"`
	// RecoveryFailures counts consecutive wrong Backup keys for the account's email from every
	// address; at hardCap Account Recovery stops until an admin unlocks the account.
	RecoveryFailures int `json:"recovery_failures,omitempty"`
}

// TwoFactor is an account's second factor.
type TwoFactor struct {
	Enabled       bool   `json:"enabled"`
	Mode          string `json:"mode,omitempty"`
	Secret        string `json:"secret,omitempty"`
	Phone         string `json:"phone,omitempty"`
	BackupKeyHash string `json:"backup_key_hash,omitempty"`
}

// SMSCode is the newest text-message code of a challenge or enrolment, kept as a digest.
type SMSCode struct {
	Digest    string    `json:"digest"`
	SentAt    time.Time `json:"sent_at"`
	ExpiresAt time.Time `json:"expires_at"`
	// To is the number the code was texted to: once the account's phone changes, a code that
	// went to the old one is never texted again nor taken up by a sign-in again.
	To string `json:"to"`
	// code is the code itself, in memory only, so a resend can text it again.
	code string
}

// Challenge is a sign-in waiting for its second step (a code, or enrolment).
type Challenge struct {
	ID        string         `json:"id"`
	Username  string         `json:"username"`
	Device    api.DeviceInfo `json:"device"`
	ExpiresAt time.Time      `json:"expires_at"`
	Failures  int            `json:"failures"`
	SMS       *SMSCode       `json:"sms,omitempty"`
}

// Enrollment is a second factor being set up, waiting for its confirmation code. Challenge is
// set in the sign-in flow; empty when it came from account settings.
type Enrollment struct {
	ID            string    `json:"id"`
	Username      string    `json:"username"`
	Challenge     string    `json:"challenge,omitempty"`
	Mode          string    `json:"mode"`
	Secret        string    `json:"secret,omitempty"`
	Phone         string    `json:"phone,omitempty"`
	BackupKeyHash string    `json:"backup_key_hash"`
	ExpiresAt     time.Time `json:"expires_at"`
	Failures      int       `json:"failures"`
	SMS           *SMSCode  `json:"sms,omitempty"`
}

// Device is a registered device and its tokens (as digests).
type Device struct {
	ID              string    `json:"id"`
	Username        string    `json:"username"`
	Name            string    `json:"name"`
	Platform        string    `json:"platform"`
	AppVersion      string    `json:"app_version"`
	RegisteredAt    time.Time `json:"registered_at"`
	LastSeenAt      time.Time `json:"last_seen_at"`
	AccessDigest    string    `json:"access_digest"`
	AccessExpiresAt time.Time `json:"access_expires_at"`
	RefreshDigest   string    `json:"refresh_digest"`
	// PrevRefreshDigest is the refresh token rotated away at RotatedAt: a client that lost the
	// answer may retry with it for a short grace period; after that, reuse means theft.
	PrevRefreshDigest string    `json:"prev_refresh_digest,omitempty"`
	RotatedAt         time.Time `json:"rotated_at"`
	// RevokeDigest is the digest of the revoke key issued at registration.
	RevokeDigest string `json:"revoke_digest,omitempty"`
	// RevokeSHA256 is the hex SHA-256 of the revoke key the client proposed at sign-in.
	RevokeSHA256 string `json:"revoke_sha256,omitempty"`
}

// Message is a text or email the server "sent"; the dev outbox is the demo's phone and inbox.
type Message = api.OutboxMessage

func newState() *State {
	return &State{
		Orgs: map[string]*Org{}, Users: map[string]*User{}, Challenges: map[string]*Challenge{},
		Enrollments: map[string]*Enrollment{}, Devices: map[string]*Device{},
	}
}

// clone deep-copies a state through JSON, the same form the stores keep.
func (st *State) clone() *State {
	b, err := json.Marshal(st)
	if err != nil {
		panic("mockserver: state does not encode: " + err.Error())
	}
	out := newState()
	if err := json.Unmarshal(b, out); err != nil {
		panic("mockserver: state does not decode: " + err.Error())
	}
	return out
}

// Store keeps the server's state between requests and, for a persistent store, across restarts.
// Load returns nil and no error when there is nothing stored yet.
type Store interface {
	Load() (*State, error)
	Save(*State) error
}

// Memory is a Store that keeps nothing beyond the process: the server's own copy is the state.
type Memory struct{}

var _ Store = Memory{}

// Load reports that nothing is stored.
func (Memory) Load() (*State, error) { return nil, nil }

// Save does nothing: the state lives in the server for as long as the process does.
func (Memory) Save(*State) error { return nil }

// Bolt is a Store in a bbolt file, so a restarted server keeps users, devices, consumed steps and
// counters.
type Bolt struct{ db *bolt.DB }

var _ Store = (*Bolt)(nil)

var (
	boltBucket = []byte("x360sync-mock")
	boltKey    = []byte("state")
)

// OpenBolt opens (or creates) the state file at path.
func OpenBolt(path string) (*Bolt, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("mockserver: open state file %s: %w", path, err)
	}
	return &Bolt{db: db}, nil
}

// Close closes the file.
func (b *Bolt) Close() error { return b.db.Close() }

// Load reads the stored state, or nil when the file is new.
func (b *Bolt) Load() (*State, error) {
	var raw []byte
	err := b.db.View(func(tx *bolt.Tx) error {
		if bk := tx.Bucket(boltBucket); bk != nil {
			raw = append([]byte(nil), bk.Get(boltKey)...)
		}
		return nil
	})
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	st := newState()
	if err := json.Unmarshal(raw, st); err != nil {
		return nil, fmt.Errorf("mockserver: state file is corrupt: %w", err)
	}
	return st, nil
}

// Save writes the whole state in one transaction.
func (b *Bolt) Save(st *State) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return b.db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucketIfNotExists(boltBucket)
		if err != nil {
			return err
		}
		return bk.Put(boltKey, raw)
	})
}

var errNoFixture = errors.New("mockserver: fixture has no users")

// snapshot is a deep copy of the state, for tests and the dev endpoints.
func (s *Server) snapshot() *State {
	_ = s.Init()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.clone()
}
