// Package vault keeps the device credential in the operating system's keyring. It is the only
// package that imports go-keyring: it adds time limits (the OS may be showing an unlock prompt),
// its own sentinel errors with a remedy a person can follow, and a namespaced service name.
// When no keyring can be used, Memory keeps the credential for this run only.
package vault

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name of every entry the app writes.
const Service = "com.x360sync.desktop"

// MaxValue is the largest value the vault accepts: below Windows' 2560-byte limit on a
// credential and macOS' ~3000 bytes for service, account and value together.
const MaxValue = 2048

// Time limits: a probe must answer quickly; a real read or write may wait while the OS asks
// the person to unlock their keyring. CallTimeout stays well under the server's 60-second
// grace for a rotated refresh token, so a refresh whose save timed out can still be saved
// again (or its rotation repeated) inside that grace.
const (
	ProbeTimeout = 3 * time.Second
	CallTimeout  = 20 * time.Second
)

// Sentinel errors. ErrNotFound is the only "no credential"; anything else that goes wrong is
// ErrUnavailable (as an *UnavailableError with the remedy), and never means "nothing stored".
var (
	ErrNotFound    = errors.New("vault: no credential stored")
	ErrUnavailable = errors.New("vault: secure storage unavailable")
	ErrTooLarge    = errors.New("vault: value too large for the keyring")
)

// Remedy says what a person can do about an unavailable keyring.
type Remedy int

// The remedies the UI has words for.
const (
	RemedyInstall Remedy = iota // no Secret Service: install and start one
	RemedyUnlock                // the keyring is locked: unlock it
	RemedyRetry                 // it did not answer in time, or failed in another way: try again
)

// UnavailableError is ErrUnavailable with its remedy; the underlying error stays for logs.
type UnavailableError struct {
	Op     string
	Remedy Remedy
	Err    error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("vault: %s: secure storage unavailable (%s)", e.Op, e.Advice())
}

// Unwrap makes errors.Is(err, ErrUnavailable) true.
func (e *UnavailableError) Unwrap() []error { return []error{ErrUnavailable, e.Err} }

// Advice is the remedy in English for logs and the terminal front end; the GUI words it itself.
func (e *UnavailableError) Advice() string {
	switch e.Remedy {
	case RemedyUnlock:
		return "the keyring is locked: unlock it (for example by signing in to the desktop again) and retry"
	case RemedyInstall:
		switch runtime.GOOS {
		case "linux", "freebsd", "openbsd", "netbsd":
			return "no Secret Service is running: install and start gnome-keyring, or enable the Secret Service in KeePassXC or KWallet"
		default:
			return "the system keychain could not be reached"
		}
	default:
		return "the keyring did not answer: try again"
	}
}

// classify turns a go-keyring error into the vault's: not found, too large, or unavailable
// with the remedy the error text points to (go-keyring has no sentinel for these).
func classify(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return ErrTooLarge
	}
	msg := err.Error()
	remedy := RemedyRetry
	switch {
	case strings.Contains(msg, "failed to unlock"), strings.Contains(msg, "locked"):
		remedy = RemedyUnlock
	case strings.Contains(msg, "org.freedesktop.secrets"), strings.Contains(msg, "dbus-launch"),
		strings.Contains(msg, "DBUS_SESSION_BUS_ADDRESS"), strings.Contains(msg, "ServiceUnknown"):
		remedy = RemedyInstall
	}
	return &UnavailableError{Op: op, Remedy: remedy, Err: err}
}

// Store is where the credential lives; Keyring and Memory implement it.
type Store interface {
	Get(ctx context.Context, account string) ([]byte, error)
	Set(ctx context.Context, account string, value []byte) error
	Delete(ctx context.Context, account string) error
}

var (
	_ Store = Keyring{}
	_ Store = (*Memory)(nil)
)

// Keyring is the OS keyring. Its zero value uses Service and CallTimeout.
type Keyring struct {
	Service string
	Timeout time.Duration
}

// ServiceName is the keyring service the entries are written under.
func (k Keyring) ServiceName() string { return k.service() }

func (k Keyring) service() string {
	if k.Service == "" {
		return Service
	}
	return k.Service
}

// Account is the keyring account for a user on a server: "<server host>/<username>". The
// session adds each registration's own id to it ("<server host>/<username>/<id>"), so that
// two profiles of one OS user registered for the same user and server never share an entry;
// an account without one is a previous version's.
func Account(serverHost, username string) string { return serverHost + "/" + username }

// keyringCalls runs every keyring call of the process, one at a time and in the order they
// were made. go-keyring cannot be cancelled, so a call that timed out still runs to its end;
// queued behind it, every later call (a newer write, a delete at sign-out) lands after it,
// and a timed-out write can never be applied over newer state.
var (
	keyringCalls = make(chan func(), 64)
	startQueue   sync.Once
)

func enqueue(call func()) {
	startQueue.Do(func() {
		go func() {
			for f := range keyringCalls {
				f()
			}
		}()
	})
	keyringCalls <- call
}

// limited runs a blocking keyring call with a time limit. On time-out the call is left to
// finish in the background (go-keyring cannot be cancelled) and the caller gets ErrUnavailable.
func limited[T any](ctx context.Context, op string, timeout time.Duration, call func() (T, error)) (T, error) {
	if timeout <= 0 {
		timeout = CallTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go enqueue(func() {
		v, err := call()
		done <- result{v, err}
	})
	select {
	case r := <-done:
		return r.v, classify(op, r.err)
	case <-ctx.Done():
		var zero T
		return zero, &UnavailableError{Op: op, Remedy: RemedyRetry, Err: ctx.Err()}
	}
}

// Get reads the value stored for account.
func (k Keyring) Get(ctx context.Context, account string) ([]byte, error) {
	s, err := limited(ctx, "read", k.Timeout, func() (string, error) { return keyring.Get(k.service(), account) })
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// Set stores value for account, replacing any earlier one.
func (k Keyring) Set(ctx context.Context, account string, value []byte) error {
	if len(value) > MaxValue {
		return ErrTooLarge
	}
	_, err := limited(ctx, "save", k.Timeout, func() (struct{}, error) {
		return struct{}{}, keyring.Set(k.service(), account, string(value))
	})
	return err
}

// Delete removes account's value; deleting what is not there is not an error.
func (k Keyring) Delete(ctx context.Context, account string) error {
	_, err := limited(ctx, "delete", k.Timeout, func() (struct{}, error) {
		return struct{}{}, keyring.Delete(k.service(), account)
	})
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Probe checks within ProbeTimeout that the keyring can be used at all: a read of an entry
// that need not exist. Not found is a working keyring.
func (k Keyring) Probe(ctx context.Context) error {
	_, err := limited(ctx, "probe", ProbeTimeout, func() (string, error) { return keyring.Get(k.service(), "probe") })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}
