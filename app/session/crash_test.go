package session

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
)

// The crash matrix: each change the session makes is run in a child process of the test
// binary that kills itself (SIGKILL) just before its k-th write (keyring or config file), for every
// k, and once more to the end. The next start, in the test process, must resolve what it
// finds by itself: no error, no credential readable without a PIN that was set, no device
// left on the server that this computer does not know, and a notice where the change was cut.

// killer counts writes and kills the process at the chosen one.
type killer struct {
	at, n int
}

func (k *killer) write() {
	k.n++
	if k.n == k.at {
		// The parent counts a kill only with this line before it (and the kill's own end
		// status): a child that ends otherwise crashed.
		fmt.Printf("%s%d\n", killLine, k.at)
		// SIGKILL on Unix, TerminateProcess on Windows: nothing of the process runs after it.
		if p, err := os.FindProcess(os.Getpid()); err == nil {
			_ = p.Kill()
		}
		time.Sleep(time.Second) // the kill is on its way
	}
}

// killLine starts the line a child prints just before it kills itself.
const killLine = "killing myself at write "

// killedByItself says whether a child ended by the kill the killer sends: SIGKILL on Unix;
// on Windows TerminateProcess with the exit code Go's Kill gives it (1).
func killedByItself(ps *os.ProcessState) bool {
	if ps == nil || ps.Success() {
		return false
	}
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return ws.Signal() == syscall.SIGKILL
	}
	return runtime.GOOS == "windows" && ps.ExitCode() == 1
}

// killingStore is a store that calls write before every Set and Delete.
type killingStore struct {
	vault.Store
	k *killer
}

func (s killingStore) Set(ctx context.Context, a string, v []byte) error {
	s.k.write()
	return s.Store.Set(ctx, a, v)
}

func (s killingStore) Delete(ctx context.Context, a string) error {
	s.k.write()
	return s.Store.Delete(ctx, a)
}

const pinA, pinB = "739205", "204913"

// crashOps are the changes of the matrix, as a child runs them on a prepared folder.
var crashOps = map[string]func(ctx context.Context, m *Manager, server string, clock time.Duration) error{
	"register": func(ctx context.Context, m *Manager, server string, _ time.Duration) error {
		f := m.NewFlow()
		if err := f.SubmitServer(ctx, server); err != nil {
			return err
		}
		return f.SubmitSignIn(ctx, "alice", mockserver.DemoPassword, "laptop")
	},
	"register with PIN": func(ctx context.Context, m *Manager, server string, offset time.Duration) error {
		f := m.NewFlow()
		if err := f.SubmitServer(ctx, server); err != nil {
			return err
		}
		if err := f.SubmitSignIn(ctx, "erin", mockserver.DemoPassword, "laptop"); err != nil {
			return err
		}
		code, _ := totp.GenerateCode(erinSecret, time.Now().Add(offset))
		if err := f.SubmitCode(ctx, code); err != nil {
			return err
		}
		return f.SubmitPIN(ctx, pinA, pinA)
	},
	"set PIN": func(ctx context.Context, m *Manager, _ string, _ time.Duration) error {
		return m.SetPIN(ctx, pinA, pinA)
	},
	"change PIN": unlocked(func(ctx context.Context, m *Manager) error { return m.ChangePIN(ctx, pinA, pinB, pinB) }),
	"remove PIN": unlocked(func(ctx context.Context, m *Manager) error { return m.RemovePIN(ctx, pinA) }),
	"refresh": func(ctx context.Context, m *Manager, _ string, _ time.Duration) error {
		_, err := m.Account(ctx)
		return err
	},
	"sign out": func(ctx context.Context, m *Manager, _ string, _ time.Duration) error { return m.SignOut(ctx) },
	// The move of a previous version's shared entry to one of the profile's own is Start's.
	"migrate":          func(context.Context, *Manager, string, time.Duration) error { return nil },
	"migrate with PIN": unlocked(func(context.Context, *Manager) error { return nil }),
	// Signed out before the first Unlock: the shared entry still holds the moved credential.
	"migrate, sign out": func(ctx context.Context, m *Manager, _ string, _ time.Duration) error { return m.SignOut(ctx) },
	"10th wrong PIN":    func(ctx context.Context, m *Manager, _ string, _ time.Duration) error { return m.Unlock(ctx, "111111") },
	"sign out locked":   func(ctx context.Context, m *Manager, _ string, _ time.Duration) error { return m.SignOut(ctx) },
	// Not in the matrix: a child that crashes by itself at its first write, for the test of
	// the harness.
	"panic": func(ctx context.Context, m *Manager, _ string, _ time.Duration) error {
		m.Config.BeforeWrite = func() { panic("crash test: a crash of the child's own") }
		return m.SetPIN(ctx, pinA, pinA)
	},
}

func unlocked(f func(context.Context, *Manager) error) func(context.Context, *Manager, string, time.Duration) error {
	return func(ctx context.Context, m *Manager, _ string, _ time.Duration) error {
		if err := m.Unlock(ctx, pinA); err != nil {
			return err
		}
		return f(ctx, m)
	}
}

// crashChild runs one change of the matrix (from TestMain): X360SYNC_TEST_CRASH is
// "op|dir|server|kill-at|clock offset".
func crashChild(spec string) int {
	parts := strings.Split(spec, "|")
	at, _ := strconv.Atoi(parts[3])
	offset, _ := time.ParseDuration(parts[4])
	k := &killer{at: at}
	m := &Manager{
		Vault: killingStore{dirStore{parts[1]}, k}, Config: config.File{Path: filepath.Join(parts[1], "state.json"), BeforeWrite: k.write},
		KDF: cheapKDF, ClientOptions: []client.Option{client.WithRetryWait(time.Millisecond)},
	}
	ctx := context.Background()
	if err := m.Start(ctx); err != nil {
		fmt.Println("start:", err)
		return 2
	}
	err := crashOps[parts[0]](ctx, m, parts[2], offset)
	m.Close()
	fmt.Println("writes:", k.n)
	if err != nil && !errors.Is(err, ErrWiped) {
		fmt.Println("op:", err)
		return 3
	}
	return 0
}

// crashRig prepares a folder for one run of the matrix.
type crashRig struct {
	*rig
	dir     string
	watcher *Manager
	offset  time.Duration // the server clock's offset
	old     string        // the previous version's shared entry (the migrate ops)
}

func newCrashRig(t *testing.T, op string) *crashRig {
	dir := t.TempDir()
	r := &crashRig{rig: newRig(t, dirStore{dir}), dir: dir}
	r.file = config.File{Path: filepath.Join(dir, "state.json")}
	user := "alice"
	if op == "register with PIN" {
		user = "erin"
	}
	// Another computer of the same account watches the server's device list; its own device
	// is the one the server may keep.
	r.watcher = r.elsewhere(user, map[string]string{"alice": "", "erin": erinSecret}[user], map[string]string{"alice": "", "erin": pinA}[user])
	switch op {
	case "set PIN", "refresh", "sign out":
		r.register("alice", "", "")
	case "change PIN", "remove PIN", "10th wrong PIN", "sign out locked":
		m := r.register("alice", "", "")
		if err := m.SetPIN(context.Background(), pinA, pinA); err != nil {
			t.Fatal(err)
		}
	}
	switch op {
	case "migrate":
		r.register("alice", "", "")
		r.old, _ = r.makeOldStyle(r.file)
	case "migrate with PIN", "migrate, sign out":
		if err := r.register("alice", "", "").SetPIN(context.Background(), pinA, pinA); err != nil {
			t.Fatal(err)
		}
		r.old, _ = r.makeOldStyle(r.file)
	}
	if op == "10th wrong PIN" {
		if _, err := r.file.Update(func(s *config.State) error { s.PINFailures = WipeAt - 1; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	r.offset = 30 * time.Second // elsewhere moved the server's clock on by that
	return r
}

// child runs op in a child process that is killed at its kill-th write (0: never).
func (r *crashRig) child(t *testing.T, op string, kill int) (writes int, killed bool) {
	r.offset += 30 * time.Second // a fresh authenticator code for each run
	if op == "refresh" {
		r.offset += time.Hour // the access token has expired: the next call rotates the pair
	}
	r.srv.SetClockOffset(r.offset)
	offset := r.offset
	writes, killed, err := r.run(op, kill, offset)
	if err != nil {
		t.Fatal(err)
	}
	return writes, killed
}

// run runs the child and says how it ended: it made its writes and ran to its end, or it was
// killed; any other end is an error.
func (r *crashRig) run(op string, kill int, offset time.Duration) (writes int, killed bool, err error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("X360SYNC_TEST_CRASH=%s|%s|%s|%d|%s", op, r.dir, r.ts.URL, kill, offset))
	out, err := cmd.Output()
	var stderr []byte
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		stderr = ee.Stderr
	}
	// Only the kill asked for counts: its line on stdout, then the kill's own end. A panic,
	// another signal or an exit on the way is the change failing, not a point of the matrix.
	if kill > 0 && strings.TrimSpace(string(out)) == fmt.Sprint(killLine, kill) && killedByItself(cmd.ProcessState) {
		return 0, true, nil
	}
	// A child that ran to its end prints how many writes it made and exits 0.
	if _, serr := fmt.Sscanf(strings.TrimSpace(string(out)), "writes: %d", &writes); serr != nil || err != nil {
		return 0, false, fmt.Errorf("%s, kill at %d: the child crashed (%v)\nstdout:\n%s\nstderr:\n%s", op, kill, err, out, stderr)
	}
	return writes, false, nil
}

// check starts the session again and tells what it found; it fails on a dead end or a broken
// invariant.
func (r *crashRig) check(t *testing.T, op string, kill int) string {
	t.Helper()
	m := r.manager()
	m.Vault = dirStore{r.dir}
	ctx := context.Background()
	if err := m.Start(ctx); err != nil {
		t.Errorf("%s, killed at write %d: the next start failed: %v", op, kill, err)
	}
	state, notice := m.State(), m.TakeNotice()
	info := m.Info()
	opened := ""
	if state == Locked { // the old PIN or the new one opens it
		opened = unlockEither(t, m, op, kill)
	}
	for acct, blob := range r.credentials(t) {
		if !pin.IsSealed(blob) && info.PINSet {
			t.Errorf("%s, killed at write %d: an unsealed credential (%s) while a PIN is set", op, kill, acct)
		}
		if !pin.IsSealed(blob) && (op == "register with PIN" || op == "change PIN" || op == "migrate with PIN" || op == "migrate, sign out") {
			t.Errorf("%s, killed at write %d: the credential of a PIN device is readable without it (%s)", op, kill, acct)
		}
	}
	r.checkMoved(t, m, op, kill, opened != "")
	// Every device the server lists is the watcher's or the one this computer knows.
	devs, err := r.watcher.Devices(ctx)
	if err != nil {
		t.Fatalf("watcher: %v", err)
	}
	for _, d := range devs {
		if d.ID != r.watcher.Info().DeviceID && d.ID != m.Info().DeviceID {
			t.Errorf("%s, killed at write %d: device %s is left on the server, unknown to this computer (%v)", op, kill, d.ID, state)
		}
	}
	return fmt.Sprintf("%v%s, %v", state, opened, notice)
}

// checkMoved checks, after a migrate op, that the profile still opens (unlocked by the
// check, or at once; or signed out, by the op that signs out) and that the old shared entry
// is gone.
func (r *crashRig) checkMoved(t *testing.T, m *Manager, op string, kill int, unlocked bool) {
	t.Helper()
	if r.old == "" {
		return
	}
	if !unlocked && m.State() != Unlocked && (op != "migrate, sign out" || m.State() != NoCredential) {
		t.Errorf("%s, killed at write %d: the upgraded profile no longer opens (%v)", op, kill, m.State())
	}
	gone(t, m.Vault, r.old, fmt.Sprintf("%s, killed at write %d: the old shared entry", op, kill))
}

// credentials are the credential entries in the rig's folder "keyring", by account.
func (r *crashRig) credentials(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := os.ReadDir(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string][]byte{}
	for _, f := range files {
		name, err := hex.DecodeString(f.Name())
		if err != nil || strings.HasPrefix(string(name), "revoke:") {
			continue // the state file, its lock, a revoke key
		}
		if blob, err := os.ReadFile(filepath.Join(r.dir, f.Name())); err == nil {
			found[string(name)] = blob
		}
	}
	return found
}

// unlockEither unlocks a session found Locked after a kill with the first PIN or the second,
// and says which opened it; it fails when neither does.
func unlockEither(t *testing.T, m *Manager, op string, kill int) string {
	t.Helper()
	for _, p := range []string{pinA, pinB} {
		err := m.Unlock(context.Background(), p)
		if err == nil {
			return " by " + map[string]string{pinA: "the first PIN", pinB: "the second PIN"}[p]
		}
		if !errors.Is(err, ErrWrongPIN) {
			t.Errorf("%s, killed at write %d: Locked, but Unlock says %v", op, kill, err)
		}
	}
	t.Errorf("%s, killed at write %d: Locked, and no PIN opens it", op, kill)
	return ""
}

// The harness counts only its own kill as a kill: a child that crashes by itself (a panic
// exits with status 2 and prints nothing on stdout) is a failure of the change, not a point
// of the matrix.
func TestSession_crashMatrixTellsACrashFromTheKill(t *testing.T) {
	r := newCrashRig(t, "set PIN")
	_, killed, err := r.run("panic", 0, r.offset) // 0: the harness never kills it
	if killed || err == nil || !strings.Contains(err.Error(), "exit status 2") {
		t.Errorf("a child that panicked at its first write: killed %v, error %v; want not killed, and the crash as the error", killed, err)
	}
}

func TestSession_killedAtEveryWriteTheNextStartResolves(t *testing.T) {
	if testing.Short() {
		t.Skip("starts about sixty processes")
	}
	for _, op := range []string{"register", "register with PIN", "set PIN", "change PIN", "remove PIN", "refresh", "sign out", "sign out locked", "10th wrong PIN", "migrate", "migrate with PIN", "migrate, sign out"} {
		t.Run(op, func(t *testing.T) {
			writes, _ := newCrashRig(t, op).child(t, op, 0)
			if writes == 0 {
				t.Fatalf("%s made no write", op)
			}
			var row []string
			for kill := 1; kill <= writes+1; kill++ {
				r := newCrashRig(t, op)
				_, killed := r.child(t, op, kill)
				if kill <= writes && !killed {
					t.Fatalf("%s was not killed at write %d of %d", op, kill, writes)
				}
				row = append(row, fmt.Sprintf("write %d: %s", kill, r.check(t, op, kill)))
			}
			t.Logf("%s (%d writes): %s", op, writes, strings.Join(row, "; "))
		})
	}
}
