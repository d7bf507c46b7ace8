package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test run this binary as the real command: with X360SYNC_RUN_MAIN set, the
// test binary is the mock server, flags and all.
func TestMain(m *testing.M) {
	if os.Getenv("X360SYNC_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// run starts the command with args and returns its base URL and everything it printed before.
func run(t *testing.T, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "X360SYNC_RUN_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := regexp.MustCompile(`mock server on (http://\S+)`)
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var seen strings.Builder
	deadline := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the server ended:\n%s", seen.String())
			}
			seen.WriteString(l + "\n")
			if m := url.FindStringSubmatch(l); m != nil {
				go func() {
					for range lines {
					}
				}()
				return m[1], seen.String()
			}
		case <-deadline:
			t.Fatalf("no banner:\n%s", seen.String())
		}
	}
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestMain_publicWithoutDevServesNoDevEndpoints(t *testing.T) {
	base, _ := run(t, "-public", "-addr", "127.0.0.1:0")
	for _, p := range []string{"/dev/users", "/dev/outbox"} {
		if st := status(t, base+p); st != http.StatusNotFound {
			t.Errorf("-public without -dev: %s got %d, want 404", p, st)
		}
	}
	if st := status(t, base+"/healthz"); st != http.StatusOK {
		t.Errorf("healthz: got %d, want 200", st)
	}
}

func TestMain_publicWithDevSaysSoLoudly(t *testing.T) {
	base, banner := run(t, "-public", "-dev", "-addr", "127.0.0.1:0")
	if st := status(t, base+"/dev/users"); st != http.StatusOK {
		t.Errorf("-public -dev: /dev/users got %d, want 200", st)
	}
	if !strings.Contains(banner, "WARNING") {
		t.Errorf("banner does not warn about dev endpoints on a public server:\n%s", banner)
	}
}

func TestMain_loopbackKeepsDevEndpointsByDefault(t *testing.T) {
	base, _ := run(t, "-addr", "127.0.0.1:0")
	if st := status(t, base+"/dev/users"); st != http.StatusOK {
		t.Errorf("loopback default: /dev/users got %d, want 200", st)
	}
}
