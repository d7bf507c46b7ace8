package session

import (
	"bytes"
	"context"
	"errors"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// lockGrace is how long Lock lets calls in flight finish (a refresh saving its new pair
// sealed, above all) before it cancels them.
const lockGrace = 3 * time.Second

var (
	errTooSoon   = errors.New("session: too soon")
	errNotLocked = errors.New("session: no PIN is set any more")
)

// Unlock opens the credential with the PIN. The attempt is counted in the config file, under
// its lock, before the PIN is checked, so neither a kill mid-attempt nor another copy of the
// app gets more than WipeAt attempts. At the WipeAt-th wrong PIN the device is wiped and
// revoked on the server with its revoke key (owed when the server cannot be reached).
func (m *Manager) Unlock(ctx context.Context, p string) error {
	if m.State() != Locked {
		return ErrNotLocked
	}
	err := m.attempt(ctx, p, m.unlock)
	if err != nil {
		m.PrepareUnlock() // for the next try
	}
	return err
}

// attempt runs a PIN attempt (Unlock's, or the current-PIN check of Change and Remove PIN),
// which names the device to revoke after a wipe, and revokes it with its revoke key (owed
// when the server cannot be reached). An empty PIN is no attempt: nothing to count, and
// nothing to open (pin.OpenKey would answer ErrNeedsPIN, which reads as a credential that
// cannot be opened).
func (m *Manager) attempt(ctx context.Context, p string, try func(context.Context, string) (string, error)) error {
	if p == "" {
		return pin.ErrLength
	}
	revoke, err := try(ctx, p)
	if revoke != "" {
		rctx, cancel := context.WithTimeout(ctx, revokeTimeout)
		defer cancel()
		_ = m.revokeWithKey(rctx, revoke)
	}
	return err
}

// PrepareUnlock gets the PIN's key derivation ready while the PIN is typed: its memory
// (pin.Prewarm, about a third of the wait after Enter otherwise) and, in the background, the
// sealed credential, so that Enter starts the derivation at once instead of after the
// keyring's answer (readAhead). It does something only while the session is locked. Front
// ends call it once the Unlock screen is on show, after its first frame, which this work
// would otherwise slow; Lock and a refused attempt call it themselves.
func (m *Manager) PrepareUnlock() {
	if m.State() == Locked {
		pin.Prewarm(pin.Default)
		m.readAheadLater()
	}
}

// readAheadLater runs readAhead in the background; Close waits for it.
func (m *Manager) readAheadLater() {
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		m.readAhead()
	}()
}

// readAhead reads the sealed credential for the next attempt. It is only a head start: the
// attempt reads the keyring again and opens what it holds then. What is read here is sealed
// (nothing else is kept), so holding it says nothing the keyring does not.
//
// It runs without wmu, so it takes the store, the config copy and the generation under mu
// (UseSessionOnly swaps the store under both locks), and keeps what it read only while that
// same lock is still on: a slow read from before a sign-out never lands after a later Lock.
func (m *Manager) readAhead() {
	m.mu.Lock()
	store, st, gen := m.Vault, m.st, m.gen
	m.mu.Unlock()
	blob, err := store.Get(context.Background(), accountOf(st))
	if err != nil || !pin.IsSealed(blob) {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.state == Locked && m.gen == gen {
		m.ahead = blob
	}
}

// takeAhead is what readAhead read, once: nil when nothing is there (yet).
func (m *Manager) takeAhead() []byte {
	m.mu.Lock()
	defer m.mu.Unlock()
	b := m.ahead
	m.ahead = nil
	return b
}

// unlock is Unlock's part under wmu; it names the device to revoke after a wipe.
func (m *Manager) unlock(ctx context.Context, p string) (string, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	opened, blob, getErr := m.readAndOpen(ctx, p)
	if getErr != nil && !errors.Is(getErr, vault.ErrNotFound) {
		return "", getErr
	}
	st, wait, err := m.countAttempt()
	if err != nil {
		opened.discard()
		return m.refused(ctx, st, wait, err)
	}
	switch {
	case errors.Is(getErr, vault.ErrNotFound):
		return m.wipeFor(ctx, ErrSignedOut)
	case !pin.IsSealed(blob): // a PIN is set, so an unsealed credential was not written by us
		m.tell(NoticeDamaged)
		return m.wipeFor(ctx, ErrDamaged)
	}
	if opened == nil { // the copy looked refused but the file allowed it: derive now
		opened = m.openAhead(p, blob, true)
	}
	return m.finishUnlock(ctx, opened, st)
}

// readAndOpen reads the credential for an attempt and starts its key derivation. The
// credential is read before the attempt is counted: reading says nothing about the PIN, and
// a keyring that cannot be read now must not use up attempts (ten of them would sign the
// device out for a closed keyring). The derivation starts ahead only when the attempt looks
// allowed (the session's copy of the config, which every attempt refreshes): one refused for
// coming too soon costs none. It starts on what PrepareUnlock read, if anything, while the
// keyring is read again, and again on what the keyring holds if that changed meanwhile.
// On a read error other than ErrNotFound nothing is left running.
func (m *Manager) readAndOpen(ctx context.Context, p string) (*openResult, []byte, error) {
	allowed := refusal(m.snapshot(), m.now()) == nil
	ahead := m.takeAhead()
	opened := m.openAhead(p, ahead, ahead != nil && allowed)
	blob, getErr := m.Vault.Get(ctx, accountOf(m.snapshot()))
	if getErr != nil && !errors.Is(getErr, vault.ErrNotFound) {
		opened.discard()
		return nil, nil, getErr
	}
	sealed := getErr == nil && pin.IsSealed(blob)
	if opened != nil && (!sealed || !bytes.Equal(blob, ahead)) { // the keyring changed meanwhile
		opened.discard()
		opened = nil
	}
	if opened == nil {
		opened = m.openAhead(p, blob, sealed && allowed)
	}
	return opened, blob, getErr
}

// finishUnlock reads the derivation's answer, with the attempt st already on disk, and
// connects with what it opened, or wipes after the last wrong PIN or a damaged credential.
func (m *Manager) finishUnlock(ctx context.Context, opened *openResult, st config.State) (string, error) {
	raw, key, err := opened.wait() // only now, with the attempt on disk, is its answer read
	if errors.Is(err, pin.ErrWrongPIN) {
		if st.PINFailures >= WipeAt {
			return m.wipeFor(ctx, ErrWiped)
		}
		return "", ErrWrongPIN
	}
	c, err := parseCredential(raw, err)
	if err != nil {
		key.Zero()
		m.tell(NoticeDamaged)
		return m.wipeFor(ctx, ErrDamaged)
	}
	if c.DeviceID != m.snapshot().DeviceID { // another profile's sign-in, copied from a shared entry
		key.Zero()
		ref, err := m.wipeForeign(ctx)
		return ref, errors.Join(ErrSignedOut, err)
	}
	if _, err := m.update(func(s *config.State) error { s.PINFailures, s.LastPINFailure = 0, time.Time{}; return nil }); err != nil {
		key.Zero()
		return "", err
	}
	m.dropLegacy(ctx, c)
	server := m.serverFor(c)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.key = key
	return "", m.connectLocked(server, c.tokens())
}

// refused is Unlock's answer to an attempt countAttempt did not count.
func (m *Manager) refused(ctx context.Context, st config.State, wait time.Duration, err error) (string, error) {
	switch {
	case errors.Is(err, errTooSoon):
		m.mu.Lock()
		m.st = st
		m.mu.Unlock()
		return "", &TooSoonError{Wait: wait}
	case errors.Is(err, errNotLocked): // another copy signed it out, or is wiping it
		m.mu.Lock()
		m.st, m.state = st, NoCredential
		m.mu.Unlock()
		if st.Registered() { // the wipe is due but was not done (that copy was killed)
			return m.wipeFor(ctx, ErrSignedOut)
		}
		return "", ErrSignedOut
	}
	return "", err
}

// openResult is a derivation begun by openAhead.
type openResult struct {
	done chan struct{}
	raw  []byte
	key  *pin.Key
	err  error
}

// openAhead starts opening blob with the PIN (the key derivation, about 200 ms of CPU) while
// the attempt is being counted in the config file (a write and an fsync), instead of after
// it. Its answer is read only once the attempt is on disk, so that the PIN is still checked
// only after it was counted: an app killed meanwhile has told nobody anything. When start is
// false (no sealed blob, or an attempt that will be refused) nothing runs and it is nil.
//
// Every derivation started is waited for before Unlock lets go of wmu (wait or discard), so
// at most one runs at a time, whatever the number of attempts.
func (m *Manager) openAhead(p string, blob []byte, start bool) *openResult {
	if !start {
		return nil
	}
	o := &openResult{done: make(chan struct{})}
	go func() {
		defer close(o.done)
		o.raw, o.key, o.err = m.openKeyFunc()(p, blob)
	}()
	return o
}

// openKeyFunc is pin.OpenKey, or the tests' counting wrapper of it.
func (m *Manager) openKeyFunc() func(string, []byte) ([]byte, *pin.Key, error) {
	if m.openKey != nil {
		return m.openKey
	}
	return pin.OpenKey
}

// wait is the opening's answer, once it is there.
func (o *openResult) wait() ([]byte, *pin.Key, error) {
	<-o.done
	return o.raw, o.key, o.err
}

// discard waits for the opening, if one was started, and forgets its answer unread (the
// attempt was refused or the blob is not one to open), zeroing the key. It waits rather than
// leaving the derivation to run on: refused attempts must not pile derivations up.
func (o *openResult) discard() {
	if o == nil {
		return
	}
	if _, key, _ := o.wait(); key != nil {
		key.Zero()
	}
}

// countAttempt counts a PIN attempt in the config file, under its lock, before the PIN is
// checked; it refuses one that comes too soon (the wait) and one for a device no longer
// locked here (signed out, or being wiped by another copy).
func (m *Manager) countAttempt() (config.State, time.Duration, error) {
	var wait time.Duration
	st, err := m.update(func(s *config.State) error {
		now := m.now()
		if err := refusal(*s, now); err != nil {
			wait = delay(*s, now)
			return err
		}
		s.PINFailures++
		s.LastPINFailure = now
		return nil
	})
	return st, wait, err
}

// refusal is why a PIN attempt on st now is refused (errNotLocked, errTooSoon), nil when it
// may go.
func refusal(st config.State, now time.Time) error {
	switch {
	case !st.Registered() || !st.PINSet || st.PINFailures >= WipeAt:
		return errNotLocked
	case delay(st, now) > 0:
		return errTooSoon
	}
	return nil
}

// wipeFor wipes the device owing its revocation, and returns the revoke entry to send with
// the reason (and the wipe's own error, if any).
func (m *Manager) wipeFor(ctx context.Context, reason error) (string, error) {
	ref, err := m.wipe(ctx, true)
	return ref, errors.Join(reason, err)
}

func (c credential) tokens() api.Tokens {
	return api.Tokens{DeviceID: c.DeviceID, RefreshToken: c.RefreshToken, Policy: api.Policy{RequirePIN: c.RequirePIN}}
}

// Lock forgets the unlocked credential of a device behind a PIN; the next use needs the PIN
// again. New calls are refused at once; calls in flight get lockGrace to finish (a rotated
// pair is saved sealed, with the key that is still there), then are cancelled; only then is
// the key zeroed. It blocks meanwhile: front ends call it off their UI goroutine.
func (m *Manager) Lock() {
	m.mu.Lock()
	if !m.pinnedLocked() || !m.state.Ready() {
		m.mu.Unlock()
		return
	}
	ready := m.state
	m.state = Locked
	t := time.AfterFunc(lockGrace, m.cancelCalls)
	for m.calls > 0 {
		m.idle.Wait()
	}
	t.Stop()
	m.mu.Unlock()
	// A write in progress (a PIN change, a rotation being saved) finishes first, with the key
	// it started with; then the key goes.
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.pinnedLocked() { // the PIN was removed meanwhile: there is nothing to lock
		m.state = ready
		return
	}
	m.dropLocked()
	m.callCtx, m.cancelCalls = context.WithCancel(context.Background())
	// The Unlock screen comes next (PrepareUnlock's work, with wmu and mu still held here).
	pin.Prewarm(pin.Default)
	m.readAheadLater()
}

// pinnedLocked says whether the live credential is behind a PIN: the session holds its key,
// or the config says one is set. Call with mu held.
func (m *Manager) pinnedLocked() bool { return m.key != nil || m.st.PINSet }

// call runs f with the API client of a ready session, counted as in flight (Lock waits for
// it), cancelled when Lock gives up waiting, and with the server's "signed out" answers
// handled (see handle).
func call[T any](m *Manager, ctx context.Context, f func(context.Context, *client.Client) (T, error)) (T, error) {
	var zero T
	m.mu.Lock()
	if !m.state.Ready() || m.client == nil {
		m.mu.Unlock()
		return zero, ErrNotUnlocked
	}
	c, gen, lockCtx := m.client, m.gen, m.callCtx
	m.calls++
	m.mu.Unlock()
	cctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(lockCtx, cancel)
	v, err := f(cctx, c)
	stop()
	cancel()
	m.mu.Lock()
	m.calls--
	if m.calls == 0 {
		m.idle.Broadcast()
	}
	m.mu.Unlock()
	if err != nil {
		return zero, m.handle(ctx, gen, err)
	}
	return v, nil
}

// retryWait is the first pause before a rotated pair the keyring refused is saved again.
const retryWait = 2 * time.Second

// saveRotated is the client's token saver: it stores a rotated pair, sealed or not as the
// session stands at this moment. A pair of an older generation (locked or signed out since)
// is refused. When the keyring refuses it, the pair stays in the client (the old one is dead
// on the server after its grace) and is saved again shortly (see saveLater) or by SaveAgain;
// Info().SaveFailed says so meanwhile.
func (m *Manager) saveRotated(gen uint64, t api.Tokens) error {
	err := m.saveTokens(gen, t)
	if errors.Is(err, errStale) || errors.Is(err, pin.ErrNoKey) {
		return err
	}
	if err != nil {
		m.mu.Lock()
		m.unsaved = &t
		m.mu.Unlock()
		go m.saveLater()
	}
	return nil
}

func (m *Manager) saveTokens(gen uint64, t api.Tokens) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.mu.Lock()
	if gen != m.gen {
		m.mu.Unlock()
		return errStale
	}
	blob, err := m.sealFor(m.server, t, m.key, m.st.PINSet)
	acct := accountOf(m.st)
	m.mu.Unlock()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), vault.CallTimeout)
	defer cancel()
	if err := m.Vault.Set(ctx, acct, blob); err != nil {
		return err
	}
	m.mu.Lock()
	if m.unsaved != nil && m.unsaved.RefreshToken == t.RefreshToken {
		m.unsaved = nil
	}
	m.mu.Unlock()
	return nil
}

// saveLater tries three more times, waiting longer each time, to save the pair the keyring
// refused, unless a newer one was saved meanwhile.
func (m *Manager) saveLater() {
	wait := retryWait
	if m.saveRetryWait > 0 {
		wait = m.saveRetryWait
	}
	for range 3 {
		time.Sleep(wait)
		wait *= 2
		if m.SaveAgain() == nil {
			return
		}
	}
}

// SaveAgain saves the sign-in the keyring refused (Info().SaveFailed), now.
func (m *Manager) SaveAgain() error {
	m.mu.Lock()
	t, gen := m.unsaved, m.gen
	m.mu.Unlock()
	if t == nil {
		return nil
	}
	if err := m.saveTokens(gen, *t); err != nil {
		return errors.Join(ErrNotSaved, err)
	}
	return nil
}
