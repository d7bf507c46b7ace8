// Command load registers many devices at once against the real mock server binary: n
// goroutines, each with its own API client and its own account, sign in and enter their
// authenticator code at the same moment. It reports registrations lost, 5xx answers seen
// (retried ones included) and the p50/p99 time of one registration. make bench runs it.
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

// counting counts 5xx answers before the client's retries see them.
type counting struct{ fivexx atomic.Int64 }

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && resp.StatusCode >= 500 {
		c.fivexx.Add(1)
	}
	return resp, err
}

func run(bin string, n int) error {
	dir, err := os.MkdirTemp("", "x360sync-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
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
	if err := os.WriteFile(seed, raw, 0o600); err != nil {
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
			c, err := client.New(base, client.WithTransport(tr))
			if err != nil {
				lost.Add(1)
				return
			}
			<-start
			t0 := time.Now()
			ctx := context.Background()
			r, err := c.Login(ctx, api.LoginRequest{Username: fmt.Sprintf("user%04d", i), Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "load"}}, "")
			if err == nil {
				code, _ := totp.GenerateCode(secrets[i], time.Now())
				r, err = c.Verify(ctx, r.Challenge, code, "")
			}
			if err != nil || r.Status != api.StatusRegistered {
				fmt.Fprintf(os.Stderr, "user%04d: %v\n", i, err)
				lost.Add(1)
				return
			}
			durations[i] = time.Since(t0)
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
	var ok []time.Duration
	for _, d := range durations {
		if d > 0 {
			ok = append(ok, d)
		}
	}
	slices.Sort(ok)
	fmt.Printf("registrations: %d concurrent, %d succeeded, %d lost (client side), %d devices on the server, %d 5xx answers, wall %v\n",
		n, len(ok), lost.Load(), registered, tr.fivexx.Load(), wall.Round(time.Millisecond))
	if len(ok) > 0 {
		fmt.Printf("one registration (sign-in + code): p50 %v, p99 %v, max %v\n",
			pct(ok, 50).Round(time.Millisecond), pct(ok, 99).Round(time.Millisecond), ok[len(ok)-1].Round(time.Millisecond))
	}
	if lost.Load() != 0 || registered != n || tr.fivexx.Load() != 0 {
		return fmt.Errorf("lost %d, %d of %d devices registered, %d 5xx", lost.Load(), registered, n, tr.fivexx.Load())
	}
	return nil
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
