package cli

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/app/instance"
	"github.com/x360sync/desktop/app/session"
	"github.com/x360sync/desktop/app/vault"
)

const envPrimary = "X360SYNC_CLI_TEST_PRIMARY" // the profile folder a child holds

// TestPrimaryChild is not a test: it is the desktop app's stand-in, a child process that
// holds the profile until its standard input ends.
func TestPrimaryChild(t *testing.T) {
	dir := os.Getenv(envPrimary)
	if dir == "" {
		t.Skip("run by TestCLI_refusesWhileTheAppIsOpen as a child process")
	}
	p, err := instance.Acquire(dir)
	if err != nil {
		fmt.Println("acquire:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
	}
	_ = p.Close()
	os.Exit(0)
}

// holdProfile starts the app's stand-in on dir and returns once it holds the lock; the
// returned function makes it quit.
func holdProfile(t *testing.T, dir string) func() {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPrimaryChild$")
	cmd.Env = append(os.Environ(), envPrimary+"="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Scan()
		ready <- sc.Text()
	}()
	select {
	case l := <-ready:
		if l != "ready" {
			t.Fatalf("the stand-in app printed %q", l)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the stand-in app did not start")
	}
	return func() { _ = stdin.Close(); _ = cmd.Wait() }
}

func TestCLI_refusesWhileTheAppIsOpen(t *testing.T) {
	base := startMockBinary(t)
	dir := t.TempDir()
	store := &vault.Memory{}
	path := filepath.Join(dir, config.FileName)
	cli := func(stdin string, args ...string) run {
		t.Helper()
		return runCLIIn(t, newManager(t, store, path), dir, stdin, args...)
	}
	if r := cli("x360sync-demo\n", "register", "--server", base, "--user", "alice"); r.code != ExitOK {
		t.Fatalf("register before the app runs: exit %d\n%s%s", r.code, r.out, r.err)
	}

	quit := holdProfile(t, dir)
	const refusal = "x360Sync is open on this computer: quit it first, or use its window."
	for _, args := range [][]string{
		{"register", "--server", base, "--user", "alice"},
		{"signout"},
	} {
		r := cli("x360sync-demo\n", args...)
		if r.code != ExitAppOpen || !strings.Contains(r.err, refusal) {
			t.Errorf("%s while the app is open: exit %d, want %d and %q\n%s%s", args[0], r.code, ExitAppOpen, refusal, r.out, r.err)
		}
	}
	if s, _ := (config.File{Path: path}).Load(); s.DeviceID == "" {
		t.Error("a refused command changed the state: the device is gone")
	}
	r := cli("", "status")
	if r.code != ExitOK || !strings.Contains(r.out, "user:         alice") || !strings.Contains(r.out, "x360Sync is open on this computer") {
		t.Errorf("status while the app is open: exit %d\n%s%s", r.code, r.out, r.err)
	}

	quit()
	if r := cli("", "signout"); r.code != ExitOK || !strings.Contains(r.out, "Signed out") {
		t.Errorf("signout after the app quit: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if instance.Running(dir) {
		t.Error("signout left the profile locked")
	}
}

func runCLIIn(t *testing.T, m *session.Manager, dir, stdin string, args ...string) run {
	t.Helper()
	var out, errb strings.Builder
	code := Run(t.Context(), args, Env{Session: m, In: strings.NewReader(stdin), Out: &out, Err: &errb, DefaultDevice: "test-box", ProfileDir: dir})
	return run{code, out.String(), errb.String()}
}
