// Command load registers many devices at once against the real mock server binary: n
// goroutines, each with its own API client and its own account, sign in and enter their
// authenticator code at the same moment. It reports registrations lost, the 503s the server
// shed (answered at once with Retry-After; the client waits and retries them), other 5xx
// answers seen (retried ones included; any is a failure) and the p50/p99 time of one
// registration, its waits for Retry-After included. make bench runs it.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

func main() {
	bin := flag.String("mockserver", "build/mockserver", "the mock server binary")
	n := flag.Int("n", 500, "concurrent registrations")
	flag.Parse()
	if err := run(*bin, *n); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// counting counts the server's load shedding and its other 5xx answers before the client's
// retries see them.
type counting struct {
	shed, fivexx  atomic.Int64
	maxRetryAfter atomic.Int64 // seconds, the longest a shed answer asked to wait
}

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	switch {
	case err != nil:
	case isShed(resp):
		c.shed.Add(1)
		if s, err := strconv.ParseInt(resp.Header.Get("Retry-After"), 10, 64); err == nil && s > c.maxRetryAfter.Load() {
			c.maxRetryAfter.Store(s) // a report's maximum: a lost race between two is harmless
		}
	case resp.StatusCode >= 500:
		c.fivexx.Add(1)
	}
	return resp, err
}

// isShed says whether an answer is the server shedding load: 503 with a Retry-After, given at
// once and before any work, which the client waits out and retries (a failure only if the
// registration is lost in the end).
func isShed(resp *http.Response) bool {
	return resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != ""
}

func run(bin string, n int) error {
	dir, err := os.MkdirTemp("", "x360sync-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	seed, secrets, err := writeSeed(dir, n)
	if err != nil {
		return err
	}
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	srv := exec.Command(bin, "-addr", addr, "-seed", seed, "-data", filepath.Join(dir, "mock.db"))
	var srvOut bytes.Buffer
	srv.Stdout, srv.Stderr = io.Discard, &srvOut
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	base := "http://" + addr
	t := time.Now()
	if err := waitHealthy(base, 2*time.Minute); err != nil {
		return fmt.Errorf("%w\n%s", err, srvOut.String())
	}
	fmt.Printf("mock server up with %d seeded accounts (passwords and backup keys hashed) in %v\n", n, time.Since(t).Round(time.Millisecond))

	tr := &counting{}
	durations := make([]time.Duration, n)
	var lost atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := register(base, tr, i, secrets[i], start)
			if err != nil {
				fmt.Fprintf(os.Stderr, "user%04d: %v\n", i, err)
				lost.Add(1)
				return
			}
			durations[i] = d
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	wall := time.Since(t0)

	registered, err := devicesOnServer(base)
	if err != nil {
		return err
	}
	return report(n, durations, int(lost.Load()), registered, tr, wall)
}

// report prints the run's numbers and fails it if a registration was lost or a 5xx other than
// load shedding was seen.
func report(n int, durations []time.Duration, lost, registered int, tr *counting, wall time.Duration) error {
	var ok []time.Duration
	for _, d := range durations {
		if d > 0 {
			ok = append(ok, d)
		}
	}
	slices.Sort(ok)
	fmt.Printf("registrations: %d concurrent, %d succeeded, %d lost (client side), %d devices on the server, wall %v\n",
		n, len(ok), lost, registered, wall.Round(time.Millisecond))
	fmt.Printf("answers: %d 503 shed (Retry-After up to %d s, retried by the client), %d other 5xx (failures)\n",
		tr.shed.Load(), tr.maxRetryAfter.Load(), tr.fivexx.Load())
	if len(ok) > 0 {
		fmt.Printf("one registration (sign-in + code): p50 %v, p99 %v, max %v\n",
			pct(ok, 50).Round(time.Millisecond), pct(ok, 99).Round(time.Millisecond), ok[len(ok)-1].Round(time.Millisecond))
	}
	if lost != 0 || registered != n || tr.fivexx.Load() != 0 {
		return fmt.Errorf("lost %d, %d of %d devices registered, %d 5xx", lost, registered, n, tr.fivexx.Load())
	}
	return nil
}

// writeSeed writes a fixture of n accounts with authenticator secrets into dir and returns its
// path and the secrets.
func writeSeed(dir string, n int) (string, []string, error) {
	fx := mockserver.Fixture{Orgs: []mockserver.Org{{Name: "Load"}}}
	secrets := make([]string, n)
	for i := range n {
		b := make([]byte, 20)
		_, _ = rand.Read(b)
		secrets[i] = base32.StdEncoding.EncodeToString(b)
		fx.Users = append(fx.Users, mockserver.FixtureUser{
			Username: fmt.Sprintf("user%04d", i), Email: fmt.Sprintf("user%04d@load.test", i), Org: "Load",
			Password: mockserver.DemoPassword, Mode: api.ModeTOTP, Secret: secrets[i], BackupKey: backupKey(),
		})
	}
	raw, _ := json.Marshal(fx)
	seed := filepath.Join(dir, "seed.json")
	return seed, secrets, os.WriteFile(seed, raw, 0o600)
}

// register signs account i in with its own client once start closes, enters its code, and
// returns how long that took (the client's retries and their waits included).
func register(base string, tr http.RoundTripper, i int, secret string, start <-chan struct{}) (time.Duration, error) {
	c, err := client.New(base, client.WithTransport(tr))
	if err != nil {
		return 0, err
	}
	<-start
	t0 := time.Now()
	ctx := context.Background()
	r, err := c.Login(ctx, api.LoginRequest{Username: fmt.Sprintf("user%04d", i), Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "load"}}, "")
	if err == nil {
		code, _ := totp.GenerateCode(secret, time.Now())
		r, err = c.Verify(ctx, r.Challenge, code, "")
	}
	if err == nil && r.Status != api.StatusRegistered {
		err = fmt.Errorf("status %q, want registered", r.Status)
	}
	return time.Since(t0), err
}

// backupKey is a random key in the fixture's format: 16 Crockford base32 characters in groups.
func backupKey() string {
	const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = crockford[b[i]%32]
	}
	return fmt.Sprintf("%s-%s-%s-%s", b[0:4], b[4:8], b[8:12], b[12:16])
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[(len(sorted)-1)*p/100]
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitHealthy(base string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("the mock server at %s did not come up in %v", base, limit)
}

func devicesOnServer(base string) (int, error) {
	resp, err := http.Get(base + "/dev/users")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var users []mockserver.DevUser
	if err := json.NewDecoder(resp.Body).Decode(&users); err != nil {
		return 0, err
	}
	total := 0
	for _, u := range users {
		total += u.Devices
	}
	return total, nil
}
