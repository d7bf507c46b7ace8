package cli

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/mockserver"
)

// startMockBinary builds and runs the real cmd/mockserver on a free loopback port.
func startMockBinary(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "mockserver")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/mockserver").CombinedOutput(); err != nil {
		t.Fatalf("build mockserver: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-data", filepath.Join(dir, "state.db"))
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`mock server on (http://127\.0\.0\.1:\d+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("the mock server did not start")
		return ""
	}
}

type run struct {
	code     int
	out, err string
}

func runCLI(t *testing.T, m *session.Manager, stdin string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{Session: m, In: strings.NewReader(stdin), Out: &out, Err: &errb, DefaultDevice: "test-box"})
	return run{code, out.String(), errb.String()}
}

func newManager(t *testing.T, store vault.Store, path string) *session.Manager {
	return &session.Manager{Vault: store, Config: config.File{Path: path}, KDF: pin.Params{MemoryKiB: 19 * 1024, Time: 1, Threads: 1}}
}

func TestCLI_registersBobAgainstTheMockBinary(t *testing.T) {
	base := startMockBinary(t)
	store := &vault.Memory{}
	path := filepath.Join(t.TempDir(), "state.json")

	r := runCLI(t, newManager(t, store, path), "x360sync-demo\n000000\n"+mustCode(t)+"\n", "register", "--server", base, "--user", "bob")
	if r.code != ExitOK || !strings.Contains(r.out, "registered") || !strings.Contains(r.out, "The authentication code is incorrect.") {
		t.Fatalf("register: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if strings.Contains(r.out, "x360sync-demo") {
		t.Error("the password was echoed")
	}
	r = runCLI(t, newManager(t, store, path), "", "status")
	if r.code != ExitOK || !strings.Contains(r.out, "user:         bob") || !strings.Contains(r.out, "test-box") {
		t.Errorf("status: exit %d\n%s", r.code, r.out)
	}
	r = runCLI(t, newManager(t, store, path), "", "signout")
	if r.code != ExitOK || !strings.Contains(r.out, "Signed out.") {
		t.Errorf("signout: exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = runCLI(t, newManager(t, store, path), "", "status")
	if !strings.Contains(r.out, "This computer is not registered.") || r.code != ExitNotRegistered {
		t.Errorf("status after signout:\n%s", r.out)
	}
}

func mustCode(t *testing.T) string {
	t.Helper()
	c, err := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCLI_exitCodes(t *testing.T) {
	base := startMockBinary(t)
	path := filepath.Join(t.TempDir(), "state.json")
	m := newManager(t, &vault.Memory{}, path)
	if r := runCLI(t, m, "wrong\n", "register", "--server", base, "--user", "alice"); r.code != ExitFailed || !strings.Contains(r.err, "username or password is incorrect") {
		t.Errorf("wrong password: %+v", r)
	}
	if r := runCLI(t, m, "", "register", "--server", "http://127.0.0.1:1", "--user", "alice"); r.code != ExitUnreachable || !strings.Contains(r.err, "Can't reach the server") {
		t.Errorf("unreachable: %+v", r)
	}
	if r := runCLI(t, m, "", "register", "--bogus"); r.code != ExitUsage {
		t.Errorf("bad flag: %+v", r)
	}
	if r := runCLI(t, m, "", "register", "--server", base, "--user", "alice"); r.code != ExitFailed || !strings.Contains(r.err, "input ended") {
		t.Errorf("no password on stdin: %+v", r)
	}
	if r := runCLI(t, m, "", "frobnicate"); r.code != ExitUsage || !strings.Contains(r.err, "Exit codes") {
		t.Errorf("unknown command: %+v", r)
	}
}

func TestCLI_daveEnrolsAndSetsAPIN(t *testing.T) {
	base := startMockBinary(t)
	store := &vault.Memory{}
	path := filepath.Join(t.TempDir(), "state.json")
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- Run(context.Background(), []string{"register", "--server", base, "--user", "dave"},
			Env{Session: newManager(t, store, path), In: inR, Out: outW, Err: &errb, DefaultDevice: "test-box"})
		outW.Close()
	}()
	go func() { _, _ = io.WriteString(inW, "x360sync-demo\n1\n") }()
	var out strings.Builder
	secret := regexp.MustCompile(`enter the secret key: ([A-Z2-7]+)`)
	buf := make([]byte, 4096)
	answered := false
	for {
		n, err := outR.Read(buf)
		out.Write(buf[:n])
		if m := secret.FindStringSubmatch(out.String()); m != nil && !answered {
			answered = true
			code, _ := totp.GenerateCode(m[1], time.Now())
			go func() { _, _ = io.WriteString(inW, code+"\n204913\n204913\n") }()
		}
		if err != nil {
			break
		}
	}
	if code := <-done; code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"Backup key", "otpauth://totp/", "requires a PIN", "registered"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if s, _ := (config.File{Path: path}).Load(); !s.PINSet {
		t.Error("the PIN was not set")
	}
}

// TestMessage_aLockedAccountRecoveryNamesTheWayOut: Account Recovery's own lock cannot point at
// Account Recovery; a sign-in lock still does.
func TestMessage_aLockedAccountRecoveryNamesTheWayOut(t *testing.T) {
	if got := Message(client.ErrRecoveryLocked); strings.Contains(got, "Use Account Recovery") || !strings.Contains(got, "administrator") {
		t.Errorf("Account Recovery locked: %q", got)
	}
	if got := Message(client.ErrAccountLocked); !strings.Contains(got, "Account Recovery") {
		t.Errorf("sign-in locked: %q, want it to offer Account Recovery", got)
	}
}

// Two profiles of one OS user (two config folders, one keyring) registered in a terminal for
// the same user on the same server each keep their own credential: status finds each, and
// signing out of one leaves the other's.
func TestCLI_twoProfilesOfOneUserKeepTheirOwnCredential(t *testing.T) {
	ts := httptest.NewServer(mockserver.New()) // in process, so that it also runs under Wine
	t.Cleanup(ts.Close)
	base := ts.URL
	store := &vault.Memory{}
	pathA, pathB := filepath.Join(t.TempDir(), "state.json"), filepath.Join(t.TempDir(), "state.json")
	for _, p := range []string{pathA, pathB} {
		if r := runCLI(t, newManager(t, store, p), "x360sync-demo\n", "register", "--server", base, "--user", "alice"); r.code != ExitOK {
			t.Fatalf("register: exit %d\n%s%s", r.code, r.out, r.err)
		}
	}
	status := func(p string) string { return runCLI(t, newManager(t, store, p), "", "status").out }
	kept := regexp.MustCompile(`credentials:\s+the system keyring \(`)
	for _, p := range []string{pathA, pathB} {
		if out := status(p); !kept.MatchString(out) {
			t.Errorf("status of a profile after both registered:\n%s", out)
		}
	}
	if r := runCLI(t, newManager(t, store, pathA), "", "signout"); r.code != ExitOK {
		t.Fatalf("signout: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if out := status(pathB); !kept.MatchString(out) {
		t.Errorf("status of the other profile after one signed out:\n%s", out)
	}
	if out := status(pathA); !strings.Contains(out, "This computer is not registered.") {
		t.Errorf("status of the profile signed out:\n%s", out)
	}
}
