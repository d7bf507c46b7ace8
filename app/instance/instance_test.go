package instance

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The tests run real processes: the test binary started again with -test.run=^TestChild$
// and a role in the environment, as the app's second launch would be a second process.
const (
	envRole = "X360SYNC_INSTANCE_ROLE"
	envDir  = "X360SYNC_INSTANCE_DIR"
	envSlow = "X360SYNC_INSTANCE_SLOW" // primary: sleep this long after taking the lock
	envLate = "X360SYNC_INSTANCE_LATE" // primary: wait for "serve" on stdin before Serve
)

// Exit codes of the launch role.
const (
	exitRaised  = 0
	exitPrimary = 10
	exitOther   = 11
)

// TestChild is not a test: it is the body of the child processes.
func TestChild(t *testing.T) {
	role := os.Getenv(envRole)
	if role == "" {
		t.Skip("run by the other tests as a child process")
	}
	dir := os.Getenv(envDir)
	switch role {
	case "primary":
		os.Exit(childPrimary(dir))
	case "launch":
		os.Exit(childLaunch(dir))
	}
	os.Exit(exitOther)
}

// childPrimary holds the profile, prints "raised" at each raise, and on the end of its
// standard input prints the number of raises and quits.
func childPrimary(dir string) int {
	if d, err := time.ParseDuration(os.Getenv(envSlow)); err == nil {
		afterLock = func() { fmt.Println("locked"); time.Sleep(d) }
	}
	p, err := Acquire(dir)
	if err != nil {
		fmt.Println("acquire:", err)
		return exitOther
	}
	var mu sync.Mutex
	count := 0
	onRaise := func() {
		mu.Lock()
		count++
		mu.Unlock()
		fmt.Println("raised")
	}
	in := bufio.NewScanner(os.Stdin)
	if os.Getenv(envLate) != "" {
		fmt.Println("ready")
		for in.Scan() && in.Text() != "serve" {
		}
		p.Serve(onRaise)
	} else {
		p.Serve(onRaise)
		fmt.Println("ready")
	}
	for in.Scan() {
	}
	mu.Lock()
	fmt.Println("count", count)
	mu.Unlock()
	if err := p.Close(); err != nil {
		fmt.Println("close:", err)
		return exitOther
	}
	return 0
}

// childLaunch is what main does: become the primary or hand over.
func childLaunch(dir string) int {
	start := time.Now()
	p, err := Start(context.Background(), dir)
	fmt.Println("Start took", time.Since(start).Round(time.Millisecond))
	switch {
	case errors.Is(err, ErrRaised):
		return exitRaised
	case err != nil:
		fmt.Fprintln(os.Stderr, "start:", err)
		return exitOther
	}
	_ = p.Close()
	return exitPrimary
}

func childCmd(dir, role string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestChild$")
	cmd.Env = append(os.Environ(), append(env, envRole+"="+role, envDir+"="+dir)...)
	return cmd
}

// child is a running primary whose output lines the test reads.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string
}

func startPrimary(t *testing.T, dir string, env ...string) *child {
	t.Helper()
	c := &child{cmd: childCmd(dir, "primary", env...), lines: make(chan string, 100)}
	c.cmd.Stderr = os.Stderr
	out, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.cmd.Process.Kill(); _ = c.cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	return c
}

// expect waits for the next line that is not the test framework's own and checks it.
func (c *child) expect(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("the primary ended before printing %q", want)
			}
			if l == "PASS" || strings.HasPrefix(l, "ok ") {
				continue
			}
			if l != want {
				t.Fatalf("the primary printed %q, want %q", l, want)
			}
			return
		case <-timeout:
			t.Fatalf("timed out waiting for the primary to print %q", want)
		}
	}
}

// quit ends the primary's input and checks how many raises it counted.
func (c *child) quit(t *testing.T, raises int) {
	t.Helper()
	_ = c.stdin.Close()
	c.expect(t, fmt.Sprintf("count %d", raises))
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("the primary did not quit cleanly: %v", err)
	}
}

// launch runs a second launch to its end and returns its exit code and how long it took.
func launch(t *testing.T, dir string) (int, time.Duration) {
	t.Helper()
	cmd := childCmd(dir, "launch")
	cmd.Stderr = os.Stderr
	start := time.Now()
	out, err := cmd.Output()
	took := time.Since(start)
	t.Logf("launch: %s", strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(string(out)), "PASS")))
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), took
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, took
}

func readInfo(t *testing.T, dir string) info {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, InfoFile))
	if err != nil {
		t.Fatal(err)
	}
	var in info
	if err := json.Unmarshal(raw, &in); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestPrimary_twoLaunchesRaiseIt(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "profile") // Acquire creates the folder
	p := startPrimary(t, dir)
	p.expect(t, "ready")

	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Go(func() {
			var took time.Duration
			codes[i], took = launch(t, dir)
			t.Logf("launch %d: exit %d after %v (process start included)", i+1, codes[i], took)
		})
	}
	wg.Wait()
	for i, code := range codes {
		if code != exitRaised {
			t.Errorf("launch %d exited %d, want %d (raised the primary)", i+1, code, exitRaised)
		}
	}
	p.expect(t, "raised")
	p.expect(t, "raised")
	if _, err := Acquire(dir); !errors.Is(err, ErrRunning) {
		t.Errorf("Acquire beside a running primary: got %v, want ErrRunning", err)
	}
	if fi, err := os.Stat(dir); err != nil {
		t.Error(err)
	} else if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Errorf("the profile folder Acquire created has mode %v, want 0700", fi.Mode().Perm())
	}
	p.quit(t, 2)
	if _, err := os.Stat(filepath.Join(dir, InfoFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the info file outlived the primary's Close: %v", err)
	}
}

func TestPrimary_infoFileIsOwnerOnly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no permission bits; the profile folder's ACL protects the file")
	}
	dir := t.TempDir()
	p := startPrimary(t, dir)
	p.expect(t, "ready")
	fi, err := os.Stat(filepath.Join(dir, InfoFile))
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("info file mode %v, want 0600", got)
	}
	p.quit(t, 0)
}

func TestPrimary_killedFreesTheLock(t *testing.T) {
	dir := t.TempDir()
	first := startPrimary(t, dir)
	first.expect(t, "ready")
	stale := readInfo(t, dir)
	if err := first.cmd.Process.Kill(); err != nil { // SIGKILL: no Close, no clean-up
		t.Fatal(err)
	}
	_ = first.cmd.Wait()
	if Running(dir) {
		t.Fatal("Running: true after the primary was killed")
	}
	if err := Raise(context.Background(), dir); !errors.Is(err, ErrNoPrimary) {
		t.Errorf("Raise with a stale info file and a free lock: got %v, want ErrNoPrimary", err)
	}
	if code, _ := launch(t, dir); code != exitPrimary {
		t.Errorf("the launch after the kill exited %d, want %d (became the primary)", code, exitPrimary)
	}

	second := startPrimary(t, dir)
	second.expect(t, "ready")
	if now := readInfo(t, dir); now.Token == stale.Token {
		t.Error("the new primary kept the killed one's token: the stale info file was not replaced")
	}
	if code, _ := launch(t, dir); code != exitRaised {
		t.Errorf("a launch beside the new primary exited %d, want %d", code, exitRaised)
	}
	second.expect(t, "raised")
	second.quit(t, 1)
}

func TestPrimary_ignoresWrongToken(t *testing.T) {
	dir := t.TempDir()
	p := startPrimary(t, dir)
	p.expect(t, "ready")
	in := readInfo(t, dir)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(in.Port))
	wrong := strings.Repeat("0", len(in.Token))
	for name, req := range map[string]string{
		"wrong token":   protocol + " raise " + wrong + "\n",
		"no token":      protocol + " raise\n",
		"other verb":    protocol + " quit " + in.Token + "\n",
		"other version": "x360sync-instance/0 raise " + in.Token + "\n",
		"too long":      strings.Repeat("a", 4*maxRequest),
	} {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		_, _ = io.WriteString(c, req)
		answer, _ := io.ReadAll(c)
		_ = c.Close()
		if len(answer) != 0 {
			t.Errorf("%s: the primary answered %q, want nothing", name, answer)
		}
	}
	if code, _ := launch(t, dir); code != exitRaised {
		t.Errorf("a launch after the bad requests exited %d, want %d", code, exitRaised)
	}
	p.expect(t, "raised")
	p.quit(t, 1) // only the right token counted
}

func TestRunning(t *testing.T) {
	dir := t.TempDir()
	if Running(dir) {
		t.Fatal("Running: true in an empty folder")
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Running created the lock file: %v", err)
	}
	p := startPrimary(t, dir)
	p.expect(t, "ready")
	if !Running(dir) {
		t.Error("Running: false while a primary holds the lock")
	}
	if l, err := TryLock(dir); !errors.Is(err, ErrRunning) {
		t.Errorf("TryLock beside a primary: got %v, want ErrRunning", err)
		if l != nil {
			_ = l.Close()
		}
	}
	p.quit(t, 0)
	if Running(dir) {
		t.Error("Running: true after the primary quit")
	}
	// Running released what it took: the folder can be owned again.
	q, err := Acquire(dir)
	if err != nil {
		t.Fatalf("Acquire after Running: %v", err)
	}
	if err := q.Close(); err != nil {
		t.Error(err)
	}
}

func TestRaise_lockFreeAndNoFile(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	if err := Raise(context.Background(), dir); !errors.Is(err, ErrNoPrimary) {
		t.Errorf("Raise in an empty folder: got %v, want ErrNoPrimary", err)
	}
	l, err := TryLock(dir) // creates the lock file, then frees it
	if err != nil {
		t.Fatal(err)
	}
	_ = l.Close()
	if err := Raise(context.Background(), dir); !errors.Is(err, ErrNoPrimary) {
		t.Errorf("Raise with a free lock and no info file: got %v, want ErrNoPrimary", err)
	}
	if took := time.Since(start); took > RaiseTimeout {
		t.Errorf("Raise waited %v for a primary that does not exist", took)
	}
}

// A second launch while the primary holds the lock but has not written its info file yet
// (a stale one from a crash is there) keeps trying and reaches it.
func TestRaise_primaryStillStarting(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	stale, _ := json.Marshal(info{Port: closed, Token: "stale"})
	if err := os.WriteFile(filepath.Join(dir, InfoFile), stale, 0o600); err != nil {
		t.Fatal(err)
	}
	p := startPrimary(t, dir, envSlow+"=400ms")
	p.expect(t, "locked")
	if code, _ := launch(t, dir); code != exitRaised {
		t.Errorf("a launch during the primary's start exited %d, want %d", code, exitRaised)
	}
	// The raise may be answered before Serve (it is then delivered at Serve): either order.
	p.expectEither(t, "ready", "raised")
	p.quit(t, 1)
}

// expectEither is expect for two lines that may come in either order.
func (c *child) expectEither(t *testing.T, a, b string) {
	t.Helper()
	got := map[string]bool{}
	timeout := time.After(20 * time.Second)
	for len(got) < 2 {
		select {
		case l, ok := <-c.lines:
			switch {
			case !ok:
				t.Fatalf("the primary ended before printing %q and %q", a, b)
			case l == "PASS" || strings.HasPrefix(l, "ok "):
			case l == a || l == b:
				got[l] = true
			default:
				t.Fatalf("the primary printed %q, want %q and %q", l, a, b)
			}
		case <-timeout:
			t.Fatalf("timed out waiting for %q and %q", a, b)
		}
	}
}

// A raise that arrives before the window exists (before Serve) is answered at once and
// delivered when Serve is called.
func TestPrimary_raiseBeforeServe(t *testing.T) {
	dir := t.TempDir()
	p := startPrimary(t, dir, envLate+"=1")
	p.expect(t, "ready")
	if code, _ := launch(t, dir); code != exitRaised {
		t.Errorf("a launch before Serve exited %d, want %d", code, exitRaised)
	}
	if _, err := io.WriteString(p.stdin, "serve\n"); err != nil {
		t.Fatal(err)
	}
	p.expect(t, "raised")
	p.quit(t, 1)
}

// A running copy that holds the lock but does not answer (here a terminal command's Lock)
// makes a launch give up within RaiseTimeout instead of hanging.
func TestStart_heldWithoutListener(t *testing.T) {
	dir := t.TempDir()
	l, err := TryLock(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if code, took := launch(t, dir); code != exitOther {
		t.Errorf("launch beside a silent holder exited %d after %v, want %d (no answer)", code, took, exitOther)
	}
	// Raise bounds itself when its context has no deadline. (The lock is this process's, but
	// flock locks belong to open files: Running, opening the file again, sees it held.)
	if runtime.GOOS == "linux" {
		if err := Raise(context.Background(), dir); !errors.Is(err, ErrNoAnswer) {
			t.Errorf("Raise beside a silent holder: got %v, want ErrNoAnswer", err)
		}
	}
}

// The package is also built for Windows and macOS, where the app ships too.
func TestCrossCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet for other systems")
	}
	for _, goos := range []string{"windows", "darwin"} {
		cmd := exec.Command("go", "vet", ".")
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOOS=%s go vet: %v\n%s", goos, err, out)
		}
	}
}
