package session

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
)

// Every change that takes more than one write is journalled: config.Change is written to the
// config file before the first keyring write and cleared with the last config write. What the
// next Start does with an entry it finds (the process was killed in between):
//
//	register    roll back: the credential is deleted, the device's revocation is owed (its
//	            revoke key was the first thing stored) and sent; "sign in again"
//	set_pin     finished if the keyring holds a sealed credential, otherwise no PIN is set
//	remove_pin  finished if the keyring holds an unsealed one, otherwise the PIN stays
//	change_pin  the credential is sealed under the old or the new PIN: say so
//	sign_out    finished: credential deleted (and the shared entry it was moved from, if that
//	            still holds what was moved), registration forgotten, revocation owed
//	move_credential  rolled back: the copy is deleted (the shared entry was never touched),
//	            and the move starts again
//
// No state is left that Start cannot resolve by itself, and none in which a credential that
// had a PIN can be read without it.

// Notice is what Start (or a call) resolved that the person should be told of. Front ends
// choose the words; TakeNotice hands it out once.
type Notice int

// The notices.
const (
	NoNotice                 Notice = iota
	NoticeSettingsReset             // the config file was damaged and started afresh
	NoticeRegistrationUndone        // a registration was interrupted and removed: sign in again
	NoticePINSet                    // setting the PIN was interrupted but had finished
	NoticePINNotSet                 // setting the PIN was interrupted: no PIN is set
	NoticePINRemoved                // removing the PIN was interrupted but had finished
	NoticePINNotRemoved             // removing the PIN was interrupted: the PIN stays
	NoticePINChangeUnsure           // changing the PIN was interrupted: old or new PIN
	NoticeSignOutFinished           // a sign-out was interrupted and has been finished
	NoticeDamaged                   // the credential was damaged: signed out, sign in again
	NoticeCredentialMissing         // the keyring lost the credential: signed out, sign in again
	NoticeWiped                     // too many wrong PINs: signed out, sign in again
	// NoticeSharedSignIn: the keyring entry held another profile's sign-in (versions before
	// entries of their own shared one per user and server, and the later registration
	// overwrote the earlier): signed out, sign in again.
	NoticeSharedSignIn
)

var noticeNames = [...]string{
	"NoNotice", "SettingsReset", "RegistrationUndone", "PINSet", "PINNotSet", "PINRemoved",
	"PINNotRemoved", "PINChangeUnsure", "SignOutFinished", "Damaged", "CredentialMissing", "Wiped",
	"SharedSignIn",
}

func (n Notice) String() string {
	if n < 0 || int(n) >= len(noticeNames) {
		return "Notice(?)"
	}
	return noticeNames[n]
}

// revokeWait bounds the owed revocations Start sends, so an unreachable server delays the
// first screen by at most this; they are tried again at the next start.
const revokeWait = 2 * time.Second

// Start reads the registration, finishes or rolls back what a crash interrupted, sends owed
// revocations (bounded by revokeWait) and sets State: NoCredential, Locked, Unlocked, or
// Unavailable when the keyring cannot be read now (the error says why; call Start again).
func (m *Manager) Start(ctx context.Context) error {
	m.mu.Lock()
	m.initLocked()
	m.mu.Unlock()
	m.wmu.Lock()
	err := m.load(ctx)
	m.wmu.Unlock()
	rctx, cancel := context.WithTimeout(ctx, revokeWait)
	defer cancel()
	_ = m.RetryPendingRevokes(rctx)
	return err
}

// load is Start's part under wmu.
func (m *Manager) load(ctx context.Context) error {
	st, err := m.Config.Load()
	m.mu.Lock()
	m.st, m.state = st, NoCredential
	m.mu.Unlock()
	if errors.Is(err, config.ErrCorrupt) {
		m.tell(NoticeSettingsReset)
		return nil
	}
	if err != nil { // unreadable, or from a newer version: keep everything, say why
		m.setState(Unavailable)
		return err
	}
	if m.Server != "" && st.ServerURL != "" && st.ServerURL != m.Server {
		if _, err := m.update(func(s *config.State) error {
			s.Account = accountOf(*s) // the keyring account keeps the address it was made with
			s.ServerURL = m.Server
			return nil
		}); err != nil {
			return err
		}
	}
	if err := m.resolveJournal(ctx); err != nil {
		m.setState(Unavailable)
		return err
	}
	if err := m.migrate(ctx); err != nil {
		m.setState(Unavailable)
		return err
	}
	return m.open(ctx)
}

func (m *Manager) setState(s State) {
	m.mu.Lock()
	m.state = s
	m.mu.Unlock()
}

func (m *Manager) snapshot() config.State {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.st
}

// open reads the credential of a registered device. The config and the keyring must agree on
// whether a PIN seals it; where they do not, the sealed side wins (it needs the PIN) and an
// unsealed credential that should have been sealed is refused as damaged.
func (m *Manager) open(ctx context.Context) error {
	st := m.snapshot()
	if !st.Registered() {
		return nil
	}
	blob, err := m.Vault.Get(ctx, accountOf(st))
	switch {
	case errors.Is(err, vault.ErrNotFound):
		m.tell(NoticeCredentialMissing)
		_, err := m.wipe(ctx, true)
		return err
	case err != nil:
		m.setState(Unavailable)
		return err
	}
	sealed := pin.IsSealed(blob)
	var c credential
	if !sealed {
		c, err = parseCredential(pin.Open("", blob))
	}
	switch n := openVerdict(st, sealed, c, err); {
	case n == NoticeSharedSignIn: // another profile's: leave it to that one
		_, err := m.wipeForeign(ctx)
		return err
	case n != NoNotice:
		m.tell(n)
		mine := !sealed && err == nil && c.DeviceID == st.DeviceID
		_, err := m.wipeEntry(ctx, true, ownEntry(st, mine), false)
		return err
	case sealed:
		return m.openSealed(st)
	}
	m.dropLegacy(ctx, c)
	server := m.serverFor(c)
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.connectLocked(server, c.tokens())
}

// openVerdict is what open makes of the credential it read (c and err: unsealed and parsed):
// NoticeSharedSignIn for another profile's sign-in, NoticeWiped or NoticeDamaged for one to
// wipe, NoNotice to go on (Locked when sealed). Another device's credential is told apart
// first, so that no wipe of this profile's deletes it. A sealed credential in the shared
// entry of a registration that set no PIN is another profile's too: its PIN is not this
// profile's to ask for (wrong ones would count toward the wipe).
func openVerdict(st config.State, sealed bool, c credential, err error) Notice {
	switch {
	case !sealed && err == nil && c.DeviceID != st.DeviceID, sealed && !st.PINSet && st.KeyringID == "":
		return NoticeSharedSignIn
	case st.PINFailures >= WipeAt: // the 10th wrong PIN's wipe was interrupted
		return NoticeWiped
	case sealed:
		return NoNotice
	case st.PINSet, err != nil, c.RequirePIN: // required a PIN yet stored without one: never use it
		return NoticeDamaged
	}
	return NoNotice
}

// ownEntry is the keyring entry a wipe of st's registration deletes: its own, or the shared
// entry of a registration not moved yet (KeyringID empty) only when mine (it holds this
// device's unsealed credential). What else is there may be another profile's ("": none).
func ownEntry(st config.State, mine bool) string {
	if st.KeyringID == "" && !mine {
		return ""
	}
	return accountOf(st)
}

// openSealed is open's answer to a sealed credential: Locked, with the config told that a
// PIN is set if it did not know (sealed, it needs the PIN all the same).
func (m *Manager) openSealed(st config.State) error {
	if !st.PINSet {
		if _, err := m.update(func(s *config.State) error { s.PINSet = true; return nil }); err != nil {
			return err
		}
	}
	m.setState(Locked)
	return nil
}

func parseCredential(raw []byte, err error) (credential, error) {
	var c credential
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(raw, &c); err != nil || c.RefreshToken == "" || c.DeviceID == "" {
		return c, pin.ErrCorrupt
	}
	return c, nil
}

// resolveJournal finishes or rolls back the change a crash interrupted (see the table above).
func (m *Manager) resolveJournal(ctx context.Context) error {
	st := m.snapshot()
	j := st.Journal
	if j.Op == "" {
		return nil
	}
	switch j.Op {
	case config.OpRegister:
		if j.Account != "" {
			if err := m.Vault.Delete(ctx, j.Account); err != nil {
				return err
			}
		}
		_, err := m.update(func(s *config.State) error {
			s.Owe(j.RevokeRef)
			if j.DeviceID != "" && s.DeviceID == j.DeviceID {
				forgetRegistration(s)
			}
			s.Journal = config.Change{}
			return nil
		})
		if j.DeviceID != "" {
			m.tell(NoticeRegistrationUndone)
		} else { // told only if the revocation finds that the server registered a device
			m.mu.Lock()
			m.undone = j.RevokeRef
			m.mu.Unlock()
		}
		return err
	case config.OpMoveCredential:
		return m.undoMove(ctx, j)
	case config.OpSignOut:
		m.tell(NoticeSignOutFinished)
		return m.finishWipe(ctx, j.DeviceID, j.Account, j.RevokeRef, true)
	case config.OpSetPIN, config.OpRemovePIN:
		blob, err := m.Vault.Get(ctx, accountOf(st))
		if err != nil && !errors.Is(err, vault.ErrNotFound) {
			return err
		}
		sealed := pin.IsSealed(blob)
		m.tell(map[bool]Notice{true: NoticePINSet, false: NoticePINNotSet}[sealed])
		if j.Op == config.OpRemovePIN {
			m.tell(map[bool]Notice{true: NoticePINNotRemoved, false: NoticePINRemoved}[sealed])
		}
		_, err = m.update(func(s *config.State) error { s.PINSet, s.Journal = sealed, config.Change{}; return nil })
		return err
	default: // change_pin, or an entry of a newer version: nothing to undo
		if j.Op == config.OpChangePIN {
			m.tell(NoticePINChangeUnsure)
		}
		_, err := m.update(func(s *config.State) error { s.Journal = config.Change{}; return nil })
		return err
	}
}

// migrate moves the credential of a registration made before registrations had entries of
// their own (config.State.KeyringID) from the account "<server host>/<username>", which every
// profile of the OS user registered for that user and server shared, to one of its own. The
// value is copied as it is (a sealed one stays sealed: it is never opened here) between a
// journal entry and the config write that records the new account and the digest of what was
// moved; the shared entry is deleted only once the credential is seen to be this profile's
// (dropLegacy) or at its sign-out or wipe (deleteLegacy), and only while it still holds what
// was moved. An entry that is missing, that is unsealed and names another device or is
// damaged, that is unsealed while a PIN is set, or that is sealed while none is, is not
// moved: open says so, and deletes it only when it is this device's unsealed credential.
// Call with wmu held.
func (m *Manager) migrate(ctx context.Context) error {
	st := m.snapshot()
	if !st.Registered() || st.KeyringID != "" {
		return nil
	}
	old := accountOf(st)
	blob, err := m.Vault.Get(ctx, old)
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return nil
	case err != nil:
		return err
	case pin.IsSealed(blob) != st.PINSet:
		// Unsealed while a PIN is set (damaged: open deletes it), or sealed while none is
		// (another profile's: open leaves it): neither is moved.
		return nil
	case !pin.IsSealed(blob):
		if c, err := parseCredential(pin.Open("", blob)); err != nil || c.DeviceID != st.DeviceID {
			return nil // damaged, or another profile's: open deals with it where it is
		}
	}
	id := randomHex(8)
	to := withID(old, id)
	if _, err := m.update(func(s *config.State) error {
		s.Journal = config.Change{Op: config.OpMoveCredential, DeviceID: st.DeviceID, Account: old, To: to}
		return nil
	}); err != nil {
		return err
	}
	if err := m.Vault.Set(ctx, to, blob); err != nil {
		return err
	}
	_, err = m.update(func(s *config.State) error {
		s.Account, s.KeyringID, s.LegacyAccount, s.LegacyDigest, s.Journal = to, id, old, digest(blob), config.Change{}
		return nil
	})
	return err
}

// undoMove rolls back a move of a shared credential that a crash interrupted: the copy is
// deleted and the journal cleared, and migrate starts it again. The shared entry was not
// touched: it is deleted only after the config names the new account.
func (m *Manager) undoMove(ctx context.Context, j config.Change) error {
	if err := m.Vault.Delete(ctx, j.To); err != nil {
		return err
	}
	_, err := m.update(func(s *config.State) error { s.Journal = config.Change{}; return nil })
	return err
}

// dropLegacy forgets the shared entry the credential was moved from (LegacyAccount) once c,
// opened from the profile's own entry, shows that it is this device's, and deletes it if it
// still holds what was moved (or this device's unsealed credential): not when another
// profile, still on a previous version, wrote its own sign-in there since. Best effort: what
// fails is tried again at the next open. Call with wmu held.
func (m *Manager) dropLegacy(ctx context.Context, c credential) {
	st := m.snapshot()
	if st.LegacyAccount == "" || c.DeviceID != st.DeviceID {
		return
	}
	if m.deleteLegacy(ctx, st.DeviceID) != nil {
		return
	}
	_, _ = m.update(func(s *config.State) error {
		if s.LegacyAccount == st.LegacyAccount {
			s.LegacyAccount, s.LegacyDigest = "", ""
		}
		return nil
	})
}

// deleteLegacy deletes the shared entry that device's credential was moved from when it still
// holds what was moved (LegacyDigest) or this device's unsealed credential; otherwise, or
// when there is none, it does nothing. A sign-out and a wipe call it too, so that a credential
// moved but never opened does not stay in the shared entry. Call with wmu held.
func (m *Manager) deleteLegacy(ctx context.Context, device string) error {
	st := m.snapshot()
	if st.LegacyAccount == "" || st.DeviceID != device {
		return nil
	}
	blob, err := m.Vault.Get(ctx, st.LegacyAccount)
	switch {
	case errors.Is(err, vault.ErrNotFound):
		return nil
	case err != nil:
		return err
	case !holdsMoved(st, blob):
		return nil
	}
	return m.Vault.Delete(ctx, st.LegacyAccount)
}

// holdsMoved says whether blob, read from st's shared entry, is the value moved from it or
// this device's unsealed credential.
func holdsMoved(st config.State, blob []byte) bool {
	if st.LegacyDigest != "" && subtle.ConstantTimeCompare([]byte(digest(blob)), []byte(st.LegacyDigest)) == 1 {
		return true
	}
	if pin.IsSealed(blob) {
		return false
	}
	c, err := parseCredential(pin.Open("", blob))
	return err == nil && c.DeviceID == st.DeviceID
}

// digest is the SHA-256 of a keyring value, in hex (config.State.LegacyDigest).
func digest(blob []byte) string {
	d := sha256.Sum256(blob)
	return hex.EncodeToString(d[:])
}

// forgetRegistration clears a registration from the state, keeping the server, username and
// device name so the wizard can prefill them, and the auto-lock setting, the window's size and
// owed revocations.
func forgetRegistration(s *config.State) {
	*s = config.State{
		Version: config.Version, ServerURL: s.ServerURL, Username: s.Username, DeviceName: s.DeviceName,
		AutoLockMinutes: s.AutoLockMinutes, PendingRevokes: s.PendingRevokes, Journal: s.Journal,
		Pins: pinsAfterSignOut(s), Window: s.Window,
	}
}
