// Package instance keeps one copy of x360Sync per user profile folder. Two copies would each
// hold their own PIN attempt counter and their own refresh token, so one copy must own the
// profile and a second launch must hand over to it instead of opening a second window.
//
// The first copy (the primary) holds an OS file lock (github.com/gofrs/flock: flock(2) on
// Unix, LockFileEx on Windows) on a file in the folder for its whole life; the OS frees it
// when the process ends, however it ends, so a crash never leaves the profile locked. The
// primary also listens on a loopback TCP port (127.0.0.1:0 works on Linux, macOS, Windows and
// under Wine, unlike Unix sockets) and writes the port and a random token to an owner-only
// file next to the lock. A second launch that cannot take the lock reads that file, connects,
// presents the token and asks the primary to raise its window; then it exits.
package instance

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

// File names inside the profile folder.
const (
	LockFile = "instance.lock"
	InfoFile = "instance.json"
)

var (
	// ErrRunning means another process holds the profile: the app is open (or a terminal
	// command that changes state is running).
	ErrRunning = errors.New("instance: another copy of x360Sync holds this profile")
	// ErrNoPrimary means nobody holds the profile, so there is no window to raise: the caller
	// may become the primary itself.
	ErrNoPrimary = errors.New("instance: no copy of x360Sync is running")
	// ErrNoAnswer means a process holds the profile but did not accept the request to raise
	// its window in time (it hangs, or it is a terminal command without a window).
	ErrNoAnswer = errors.New("instance: the running copy of x360Sync did not answer")
	// ErrRaised is returned by Start when another copy runs and agreed to show its window:
	// this process has nothing left to do and exits successfully.
	ErrRaised = errors.New("instance: the running copy of x360Sync was asked to show its window")
)

// protocol is the first word of a request; a version in it lets a newer second launch talk
// to an older primary (or fail cleanly) after an update.
const protocol = "x360sync-instance/1"

// Time limits. The second launch must be gone within a second, so every wait is bounded.
const (
	// RaiseTimeout bounds Start's hand-over; Raise uses the caller's context.
	RaiseTimeout = 900 * time.Millisecond
	dialTimeout  = 200 * time.Millisecond
	retryDelay   = 40 * time.Millisecond
	// connTimeout bounds how long the primary waits for one request, so a silent local
	// client cannot hold up the next launch for long.
	connTimeout = 500 * time.Millisecond
	maxRequest  = 256
)

// afterLock runs between taking the lock and writing the info file; tests slow it down to
// play a primary that is still starting.
var afterLock = func() {}

// Lock is a held profile lock without a listener: what a terminal command that changes state
// holds while it runs, so the app cannot open halfway through.
type Lock struct{ fl *flock.Flock }

// TryLock takes the profile lock in dir (created owner-only if missing), or returns
// ErrRunning when another process holds it.
func TryLock(dir string) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("instance: create %s: %w", dir, err)
	}
	fl := flock.New(filepath.Join(dir, LockFile), flock.SetPermissions(0o600))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("instance: lock %s: %w", fl.Path(), err)
	}
	if !ok {
		_ = fl.Close()
		return nil, ErrRunning
	}
	return &Lock{fl: fl}, nil
}

// Close releases the lock. The lock file stays: deleting it while another process waits on
// it would let two processes each lock a different file of the same name.
func (l *Lock) Close() error { return l.fl.Close() }

// Running says whether another process holds the profile in dir. It takes the lock and
// releases it at once, so it never blocks the app from starting for longer than that.
func Running(dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, LockFile)); errors.Is(err, os.ErrNotExist) {
		return false // never started here: do not create the folder just to look
	}
	l, err := TryLock(dir)
	if err != nil {
		return errors.Is(err, ErrRunning)
	}
	_ = l.Close()
	return false
}

type info struct {
	Port  int    `json:"port"`
	Token string `json:"token"`
}

// Primary is the running copy that owns the profile. It answers raise requests from the
// moment Acquire returns; requests that arrive before Serve is given a callback are kept and
// delivered (once) by Serve, because the window is usually not built yet.
type Primary struct {
	lock  *Lock
	ln    net.Listener
	token string
	path  string // the info file
	done  chan struct{}

	mu      sync.Mutex
	onRaise func()
	pending bool
}

// Acquire makes this process the primary for dir: it takes the lock, listens on a loopback
// port and writes the info file (over a stale one left by a crash). It returns ErrRunning
// when another process holds the lock.
func Acquire(dir string) (*Primary, error) {
	lock, err := TryLock(dir)
	if err != nil {
		return nil, err
	}
	afterLock()
	p, err := listen(lock, dir)
	if err != nil {
		_ = lock.Close()
		return nil, err
	}
	go p.loop()
	return p, nil
}

func listen(lock *Lock, dir string) (*Primary, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("instance: token: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("instance: listen on loopback: %w", err)
	}
	p := &Primary{
		lock: lock, ln: ln, token: hex.EncodeToString(raw),
		path: filepath.Join(dir, InfoFile), done: make(chan struct{}),
	}
	body, _ := json.Marshal(info{Port: ln.Addr().(*net.TCPAddr).Port, Token: p.token})
	if err := writeFile(p.path, body); err != nil {
		_ = ln.Close()
		return nil, err
	}
	return p, nil
}

// writeFile replaces path with body through a temporary file and a rename, so a second
// launch never reads half a file. CreateTemp makes the file 0600. No fsync: the file only
// matters while this process lives, and after a crash the free lock says it is stale.
func writeFile(path string, body []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), InfoFile+".tmp*")
	if err != nil {
		return fmt.Errorf("instance: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	_, err = tmp.Write(body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("instance: write %s: %w", path, err)
	}
	return nil
}

// rename retries: on Windows it fails while a second launch has the old file open for
// reading, which lasts microseconds.
func rename(from, to string) error {
	var err error
	for range 5 {
		if err = os.Rename(from, to); err == nil {
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return err
}

// Serve sets the function called when a second launch asks to raise the window, and calls it
// once now if such a request came before. It does not block; onRaise runs on the primary's
// listening goroutine, so it must hand over to the UI thread (fyne.Do) and return.
func (p *Primary) Serve(onRaise func()) {
	p.mu.Lock()
	p.onRaise = onRaise
	pending := p.pending
	p.pending = false
	p.mu.Unlock()
	if pending && onRaise != nil {
		onRaise()
	}
}

// Close stops listening, removes the info file and releases the lock, in that order, so a
// launch that finds the lock free never reads this process's port.
func (p *Primary) Close() error {
	err := p.ln.Close()
	<-p.done
	if rerr := os.Remove(p.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
		err = rerr
	}
	if lerr := p.lock.Close(); err == nil {
		err = lerr
	}
	return err
}

// loop answers one connection at a time: each is bounded by connTimeout, and a raise needs
// no parallelism.
func (p *Primary) loop() {
	defer close(p.done)
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			time.Sleep(retryDelay) // e.g. out of file descriptors: do not spin
			continue
		}
		if p.handle(c) {
			p.raise()
		}
	}
}

// handle reads one request and answers "ok" only to a raise with the right token. Anything
// else is closed without an answer, so a stranger learns nothing.
func (p *Primary) handle(c net.Conn) bool {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(connTimeout))
	line, err := bufio.NewReader(io.LimitReader(c, maxRequest)).ReadString('\n')
	if err != nil {
		return false
	}
	f := strings.Fields(line)
	if len(f) != 3 || f[0] != protocol || f[1] != "raise" ||
		subtle.ConstantTimeCompare([]byte(f[2]), []byte(p.token)) != 1 {
		return false
	}
	_, err = io.WriteString(c, "ok\n")
	return err == nil
}

func (p *Primary) raise() {
	p.mu.Lock()
	f := p.onRaise
	if f == nil {
		p.pending = true
	}
	p.mu.Unlock()
	if f != nil {
		f()
	}
}

// Raise asks the primary of dir to show its window. It retries while the primary is still
// starting (no info file yet, or a stale one) until ctx ends, or RaiseTimeout has passed when
// ctx has no deadline, and then returns ErrNoAnswer; it returns ErrNoPrimary as soon as the
// lock is free.
func Raise(ctx context.Context, dir string) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, RaiseTimeout)
		defer cancel()
	}
	for {
		if !Running(dir) {
			return ErrNoPrimary
		}
		if err := tryRaise(ctx, dir); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ErrNoAnswer
		case <-time.After(retryDelay):
		}
	}
}

func tryRaise(ctx context.Context, dir string) error {
	raw, err := os.ReadFile(filepath.Join(dir, InfoFile))
	if err != nil {
		return err
	}
	var in info
	if err := json.Unmarshal(raw, &in); err != nil || in.Port <= 0 || in.Port > 65535 {
		return errors.New("instance: malformed info file")
	}
	d := net.Dialer{Timeout: dialTimeout}
	c, err := d.DialContext(ctx, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(in.Port)))
	if err != nil {
		return err
	}
	defer c.Close()
	deadline := time.Now().Add(connTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = c.SetDeadline(deadline)
	if _, err := fmt.Fprintf(c, "%s raise %s\n", protocol, in.Token); err != nil {
		return err
	}
	answer, err := bufio.NewReader(io.LimitReader(c, maxRequest)).ReadString('\n')
	if err != nil || answer != "ok\n" {
		return errors.New("instance: request refused")
	}
	return nil
}

// Start makes this process the primary for dir, or hands over to the running one: it
// returns ErrRaised when the running copy agreed to show its window (exit successfully),
// ErrNoAnswer when it did not answer within RaiseTimeout. When the running copy quits in the
// middle, Start tries again to become the primary (a bounded number of times).
func Start(ctx context.Context, dir string) (*Primary, error) {
	ctx, cancel := context.WithTimeout(ctx, RaiseTimeout)
	defer cancel()
	for {
		p, err := Acquire(dir)
		if !errors.Is(err, ErrRunning) {
			return p, err
		}
		switch err := Raise(ctx, dir); {
		case err == nil:
			return nil, ErrRaised
		case !errors.Is(err, ErrNoPrimary):
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ErrNoAnswer
		}
	}
}
