// Package session is the single owner of a registration's live state: the API client and its
// tokens, the key derived from the PIN, the PIN attempt count and the work still owed to the
// server (revocations). Front ends ask it for what they need (account, devices, two-step
// changes, PIN changes, lock, sign out) and never hold the API client themselves.
//
// Everything lives behind one mutex (mu) for memory and one (wmu) that orders every write to
// the keyring and the config file; no network call runs under either. Whether a credential is
// sealed is decided inside the write, from the session's state at that moment: while a PIN is
// set a write without the PIN's key fails, so nothing is ever written unsealed. Multi-step
// changes are journalled in the config file first (see recover.go), so a crash at any point is
// finished or rolled back by the next Start.
package session

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// PIN attempt rules: from the 5th wrong PIN a growing delay, at the 10th the credential is wiped.
const (
	DelayFrom = 5
	WipeAt    = 10
	baseDelay = 30 * time.Second
)

// State is where the session stands now. The values are fixed: tests and logs rely on them.
type State int

// The states.
const (
	NoCredential State = iota // nothing registered here: the wizard
	Registering               // the server registered the device; it is not stored yet (PIN, keyring)
	Locked                    // registered behind a PIN: Unlock
	Unlocked                  // ready; the credential is in the keyring
	SessionOnly               // ready; the credential is held in memory for this run only
	Unavailable               // registered, but the keyring cannot be read now: retry Start
)

var stateNames = [...]string{"NoCredential", "Registering", "Locked", "Unlocked", "SessionOnly", "Unavailable"}

func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return "State(?)"
	}
	return stateNames[s]
}

// Ready says whether account calls can be made.
func (s State) Ready() bool { return s == Unlocked || s == SessionOnly }

// Errors.
var (
	ErrWrongPIN     = errors.New("session: wrong PIN")
	ErrWiped        = errors.New("session: too many wrong PINs; this device was signed out")
	ErrSignedOut    = errors.New("session: this device was signed out")
	ErrNotLocked    = errors.New("session: not locked")
	ErrNotUnlocked  = errors.New("session: unlock first")
	ErrRegistered   = errors.New("session: this computer is already registered")
	ErrDamaged      = errors.New("session: the stored credential was damaged; this device was signed out")
	ErrNotSaved     = errors.New("session: your sign-in could not be saved to the keyring")
	ErrPINRequired  = errors.New("session: your organization requires a PIN")
	errStale        = errors.New("session: the session changed while the call ran")
	ErrNothingSaved = errors.New("session: no registration waits to be saved")
	// ErrCurrentPINNeeded: a PIN is set, so it is changed with ChangePIN, which checks it.
	ErrCurrentPINNeeded = errors.New("session: enter the current PIN to change it")
)

// ErrSignedOutByServer is ErrSignedOut when the server refused the device's sign-in
// (invalid_grant): it was revoked, its sign-in expired, or an old token was reused. The answer
// does not tell these apart, but unlike a sign-out here the person may not know of it.
var ErrSignedOutByServer = fmt.Errorf("session: the server no longer accepts this device: %w", ErrSignedOut)

// TooSoonError says how long to wait before the next PIN attempt.
type TooSoonError struct{ Wait time.Duration }

func (e *TooSoonError) Error() string {
	return fmt.Sprintf("session: wait %v before the next PIN", e.Wait)
}

// credential is the keyring value's payload: small (well under a kilobyte) and versioned.
type credential struct {
	V int `json:"v"`
	// Server is where the refresh token may be sent: inside the sealed part, so a process
	// that can write the config file cannot redirect the token (files from before it was
	// stored fall back to the config's address).
	Server       string `json:"server,omitempty"`
	DeviceID     string `json:"device_id"`
	RefreshToken string `json:"refresh_token"`
	RequirePIN   bool   `json:"require_pin"`
}

// Manager is the session. Set the exported fields, then call Start; they are not changed
// afterwards.
type Manager struct {
	Vault  vault.Store
	Config config.File
	KDF    pin.Params
	Now    func() time.Time
	// ClientOptions are passed to every API client made (logging; tests inject transports).
	ClientOptions []client.Option
	// Server, when set, replaces the saved server address at Start: the demo's in-process
	// server, whose address may change between runs while its data stays.
	Server string
	// SignedOut, if set, is told after every sign-out and wipe (the app stops starting at
	// sign-in then). Nil in tests.
	SignedOut func()

	wmu sync.Mutex     // orders every write to Vault and Config; taken before mu
	bg  sync.WaitGroup // background work (an abandoned registration's revocation)

	mu          sync.Mutex // guards everything below
	st          config.State
	state       State
	client      *client.Client
	key         *pin.Key // the PIN's key while unlocked behind a PIN
	ahead       []byte   // the sealed credential PrepareUnlock read while locked: a head start
	gen         uint64   // bumped by Lock, sign-out and wipe: a call of an older one writes nothing
	calls       int      // account calls in flight
	idle        *sync.Cond
	callCtx     context.Context // cancelled by Lock, to end calls that outlast its wait
	cancelCalls context.CancelFunc
	sessionOnly bool
	server      string        // the live client's server, the one its credential names
	reg         *registration // a registration not stored yet
	prepared    *prepared     // the revoke key made for the sign-in in progress
	unsaved     *api.Tokens   // a rotated pair the keyring did not take yet
	notice      Notice
	undone      string // see undoneRef
	// saveRetryWait replaces retryWait (tests).
	saveRetryWait time.Duration
	// openKey replaces pin.OpenKey in Unlock (tests count the derivations it starts).
	openKey func(string, []byte) ([]byte, *pin.Key, error)
}

func (m *Manager) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// initLocked prepares the in-memory parts once.
func (m *Manager) initLocked() {
	if m.idle == nil {
		m.idle = sync.NewCond(&m.mu)
		m.callCtx, m.cancelCalls = context.WithCancel(context.Background())
	}
}

// State is where the session stands now.
func (m *Manager) State() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state
}

// Info is what front ends show of the registration; it holds no secret.
type Info struct {
	Server, Username, DeviceName, DeviceID string
	// Organization is the account's organization as the server named it ("" when it has
	// not yet, or the registration predates it being kept).
	Organization                     string
	PINSet, PINRequired, SessionOnly bool
	// KeyringAccount is the keyring account of the credential ("" when none), under the
	// keyring service KeyringService.
	KeyringAccount, KeyringService string
	// SaveFailed says the latest sign-in could not be written to the keyring yet.
	SaveFailed bool
	// PendingRevokes counts revocations still owed to a server.
	PendingRevokes int
	// Proxy is the proxy the live client goes through ("host:port"; "" when direct).
	Proxy string
}

// Inspect reads what is stored without acting on it, for `x360sync status`: no journal is
// resolved, nothing wiped, nothing sent, so it is safe while the app runs a change. It says
// whether a registration is stored, with its Info, and whether the keyring answers (the error).
func (m *Manager) Inspect(ctx context.Context) (registered bool, i Info, err error) {
	st, err := m.Config.Load()
	if err != nil || !st.Registered() {
		return false, Info{Server: st.ServerURL, Username: st.Username, PendingRevokes: len(st.PendingRevokes)}, err
	}
	i = infoOf(st)
	i.KeyringService = m.keyringService()
	_, err = m.Vault.Get(ctx, accountOf(st))
	return true, i, err
}

func infoOf(st config.State) Info {
	return Info{
		Server: st.ServerURL, Username: st.Username, DeviceName: st.DeviceName, DeviceID: st.DeviceID,
		Organization: st.Organization, PINSet: st.PINSet, KeyringAccount: accountOf(st), PendingRevokes: len(st.PendingRevokes),
	}
}

// keyringService is the keyring service the store writes under: the demo's is its own.
func (m *Manager) keyringService() string {
	if k, ok := m.Vault.(interface{ ServiceName() string }); ok {
		return k.ServiceName()
	}
	return vault.Service
}

// Info is a snapshot of the registration's non-secret state.
func (m *Manager) Info() Info {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := Info{
		Server: m.st.ServerURL, Username: m.st.Username, DeviceName: m.st.DeviceName, DeviceID: m.st.DeviceID,
		Organization: m.st.Organization, PINSet: m.st.PINSet, SessionOnly: m.sessionOnly,
		SaveFailed: m.unsaved != nil, PendingRevokes: len(m.st.PendingRevokes),
	}
	if m.st.Registered() {
		i.KeyringAccount = accountOf(m.st)
	}
	i.KeyringService = m.keyringService()
	if m.client != nil {
		i.PINRequired = m.client.Tokens().Policy.RequirePIN
		if p := m.client.Proxy(); p != nil {
			i.Proxy = p.Host
		}
	}
	if m.reg != nil {
		i.Server, i.Username, i.DeviceName, i.DeviceID = m.reg.Server, m.reg.Username, m.reg.DeviceName, m.reg.Tokens.DeviceID
		i.PINRequired, i.Organization = m.reg.Tokens.Policy.RequirePIN, m.reg.Tokens.Policy.Organization
	}
	return i
}

// accountFor is the keyring account for a user on a server: "<server host>/<username>".
func accountFor(server, username string) string {
	host := server
	if u, err := url.Parse(server); err == nil && u.Host != "" {
		host = u.Host
	}
	return vault.Account(host, username)
}

// newAccount is the keyring account a new registration is stored under: accountFor, except
// on the demo's in-process server (Server, on loopback), whose port is new at every run: its
// account names the host without the port, or every later run would go on naming the port
// of the run that registered. (The demo has a keyring service of its own; Account keeps
// each registration's name fixed, so older demo registrations are still found.)
func (m *Manager) newAccount(server, username string) string {
	if u, err := url.Parse(server); err == nil && m.Server != "" && bothLoopback(server, m.Server) {
		return vault.Account(u.Hostname(), username)
	}
	return accountFor(server, username)
}

// withID is a registration's own keyring account: acct (accountFor's, newAccount's) and the
// registration's id, made at random when it registered, so that two profiles of one OS user
// (two config folders) registered for the same user and server have an entry each.
func withID(acct, id string) string { return acct + "/" + id }

// accountOf is the registration's keyring account; files from before it was recorded have it
// computed from the server and username.
func accountOf(st config.State) string {
	if st.Account != "" {
		return st.Account
	}
	return accountFor(st.ServerURL, st.Username)
}

// update changes the config file under its lock and keeps the session's copy in step.
//
// A session-only registration never touches the file: its changes apply to the state in
// memory. Its keys live in this process only, so a revocation owed (or paid) on disk would
// name a key the next launch cannot have.
func (m *Manager) update(change func(*config.State) error) (config.State, error) {
	m.mu.Lock()
	if m.sessionOnly {
		defer m.mu.Unlock()
		st := m.st.Clone()
		if err := change(&st); err != nil {
			return m.st, err
		}
		m.st = st
		return st, nil
	}
	m.mu.Unlock()
	st, err := m.Config.Update(change)
	if err == nil {
		m.mu.Lock()
		m.st = st
		m.mu.Unlock()
	}
	return st, err
}

// sealFor makes the keyring value of tokens for the registration as it stands: sealed under
// the PIN's key whenever there is one, and whenever a PIN is set or required; only wrapped
// when none of the three holds. It is the only place that decides, and it is asked at every
// write: a locked session has no key, so the write fails instead of going out unsealed, and a
// config file edited to say "no PIN" cannot unseal a session that holds a key (only RemovePIN
// drops the key first). Call with mu held.
func (m *Manager) sealFor(server string, t api.Tokens, key *pin.Key, pinned bool) ([]byte, error) {
	raw, err := json.Marshal(credential{V: 1, Server: server, DeviceID: t.DeviceID, RefreshToken: t.RefreshToken, RequirePIN: t.Policy.RequirePIN})
	if err != nil {
		return nil, err
	}
	if key != nil || pinned || t.Policy.RequirePIN {
		return key.Seal(raw) // fails with pin.ErrNoKey when there is no key
	}
	return pin.Wrap(raw), nil
}

// serverFor is the server a stored credential may be sent to: its own, sealed with it. The
// demo's in-process server moves between runs on this computer's loopback, and only there
// may its new address replace the stored one.
func (m *Manager) serverFor(c credential) string {
	server := c.Server
	if server == "" {
		server = m.snapshot().ServerURL // stored before credentials named their server
	}
	if m.Server != "" && bothLoopback(server, m.Server) {
		server = m.Server
	}
	return server
}

func bothLoopback(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && isLoopbackHost(ua.Hostname()) && isLoopbackHost(ub.Hostname())
}

func isLoopbackHost(h string) bool {
	ip := net.ParseIP(h)
	return h == "localhost" || ip != nil && ip.IsLoopback()
}

// connectLocked makes the API client of a ready session, for server. Call with mu held.
func (m *Manager) connectLocked(server string, t api.Tokens) error {
	gen := m.gen
	opts := append([]client.Option{
		client.WithTokens(t),
		client.WithTokenSaver(func(ctx context.Context, nt api.Tokens) error { return m.saveRotated(gen, nt) }),
	}, m.ClientOptions...)
	c, err := client.New(server, m.withPin(server, opts)...)
	if err != nil {
		return err
	}
	m.client, m.server = c, server
	m.state = Unlocked
	if m.sessionOnly {
		m.state = SessionOnly
	}
	return nil
}

// dropLocked forgets the live credential: client, tokens, key. Call with mu held.
func (m *Manager) dropLocked() {
	if m.client != nil {
		m.client.ForgetTokens()
	}
	m.client, m.server = nil, ""
	m.key.Zero()
	m.key = nil
	m.unsaved = nil
	m.ahead = nil
	m.gen++
}

// Delay is how long the next PIN attempt must wait (0 when it may go now).
func (m *Manager) Delay() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return delay(m.st, m.now())
}

func delay(st config.State, now time.Time) time.Duration {
	if st.PINFailures < DelayFrom {
		return 0
	}
	d := baseDelay << min(st.PINFailures-DelayFrom, 10)
	// A clock set back after the failure must not stretch the wait beyond d.
	return min(d, max(0, st.LastPINFailure.Add(d).Sub(now)))
}

// AttemptsLeft is how many wrong PINs remain before the wipe.
func (m *Manager) AttemptsLeft() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return WipeAt - m.st.PINFailures
}

// TakeNotice returns, once, what the last Start or call resolved that the person should be
// told of (a crash rolled back, a damaged credential), or NoNotice.
func (m *Manager) TakeNotice() Notice {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.notice
	m.notice = NoNotice
	return n
}

func (m *Manager) tell(n Notice) {
	m.mu.Lock()
	m.notice = n
	m.mu.Unlock()
}

// Default is the session of a profile folder: the real config folder, or its demo folder,
// whose state, keyring service and server data are all its own so a demo never touches a
// real registration.
func Default(demo bool) (*Manager, error) {
	dir, err := ProfileDir(demo)
	if err != nil {
		return nil, err
	}
	k := vault.Keyring{}
	if demo {
		k.Service = vault.Service + ".demo"
	}
	return &Manager{Vault: k, Config: config.File{Path: filepath.Join(dir, config.FileName)}, KDF: pin.Default}, nil
}

// ProfileDir is the folder of a profile's state: config.Dir(), or its "demo" folder.
func ProfileDir(demo bool) (string, error) {
	dir, err := config.Dir()
	if err != nil {
		return "", err
	}
	if demo {
		dir = filepath.Join(dir, "demo")
	}
	return dir, nil
}
