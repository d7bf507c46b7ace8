package client

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/x360sync/desktop/client/mockserver"
	"github.com/x360sync/desktop/client/tlstest"
)

// connectProxy is a small CONNECT proxy: it tunnels every CONNECT to target, whatever host was
// asked for (so a test name such as x360sync.test reaches the loopback mock server), and
// records the hosts asked for. With auth set it answers 407 to a CONNECT without
// Proxy-Authorization.
type connectProxy struct {
	target string
	auth   bool
	mu     sync.Mutex
	asked  []string
}

func (p *connectProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
		return
	}
	p.mu.Lock()
	p.asked = append(p.asked, r.Host)
	p.mu.Unlock()
	if p.auth && r.Header.Get("Proxy-Authorization") == "" {
		w.Header().Set("Proxy-Authenticate", `Basic realm="office"`)
		w.WriteHeader(http.StatusProxyAuthRequired)
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		up.Close()
		return
	}
	_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	go func() { _, _ = io.Copy(up, buf); up.Close() }()
	_, _ = io.Copy(conn, up)
	conn.Close()
}

func (p *connectProxy) hosts() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.asked...)
}

func startProxy(t *testing.T, p *connectProxy) *url.URL {
	t.Helper()
	ts := httptest.NewServer(p)
	t.Cleanup(ts.Close)
	u, _ := url.Parse(ts.URL)
	return u
}

func TestProxy_environmentCarriesRequests(t *testing.T) {
	// Public: the server answers to its public name (a loopback server refuses any other Host).
	m := tlstest.Start(t, mockserver.Options{Addr: "0.0.0.0:0", Public: true})
	mu, _ := url.Parse(m.Base)
	p := &connectProxy{target: "127.0.0.1:" + mu.Port()}
	pu := startProxy(t, p)
	t.Setenv("HTTPS_PROXY", pu.String())
	t.Setenv("NO_PROXY", "")
	// Loopback addresses never go through a proxy, so the server is named x360sync.test,
	// which only the proxy can reach; the name mismatch is settled by the pin.
	const base = "https://x360sync.test:8443"
	c := mustNew(t, base, WithPinnedCertificate(m.Fingerprint))
	if got := c.Proxy(); got == nil || got.Host != pu.Host {
		t.Errorf("Proxy(): got %v, want %s", got, pu.Host)
	}
	if _, err := c.Login(context.Background(), login("alice"), ""); err != nil {
		t.Fatalf("sign-in through the proxy: %v", err)
	}
	if h := p.hosts(); len(h) == 0 || h[0] != "x360sync.test:8443" {
		t.Errorf("the proxy was asked for %v", h)
	}

	// The same server through a closed proxy: the stage says the proxy, with its address and
	// never its password.
	t.Setenv("HTTPS_PROXY", "http://office:s3cret-pw@127.0.0.1:1")
	c = mustNew(t, base, WithPinnedCertificate(m.Fingerprint))
	_, err := c.ServerInfo(context.Background())
	d := wantStage(t, err, ErrProxy, true)
	if d.Proxy != "127.0.0.1:1" || d.ResolvedIP != "" {
		t.Errorf("details: %+v", d)
	}
	if strings.Contains(err.Error(), "s3cret") || c.Proxy().User != nil {
		t.Errorf("the proxy's password leaked: %v / %v", err, c.Proxy())
	}
}

func TestProxy_noProxyIsHonoured(t *testing.T) {
	p := &connectProxy{target: "127.0.0.1:1"}
	pu := startProxy(t, p)
	t.Setenv("HTTPS_PROXY", pu.String())
	t.Setenv("NO_PROXY", "sync.example.test")
	c := mustNew(t, "https://sync.example.test")
	if c.Proxy() != nil {
		t.Errorf("Proxy(): got %v for a NO_PROXY host", c.Proxy())
	}
	if c2 := mustNew(t, "https://other.example.test"); c2.Proxy() == nil || c2.Proxy().Host != pu.Host {
		t.Errorf("Proxy() of another host: got %v, want %s", c2.Proxy(), pu.Host)
	}
}

func TestProxy_407(t *testing.T) {
	p := &connectProxy{target: "127.0.0.1:1", auth: true}
	pu := startProxy(t, p)
	t.Setenv("HTTPS_PROXY", pu.String())
	_, err := mustNew(t, "https://x360sync.test").ServerInfo(context.Background())
	d := wantStage(t, err, ErrProxyAuth, true)
	if d.Proxy != pu.Host {
		t.Errorf("details: %+v", d)
	}
	if errors.Is(err, ErrProxy) {
		t.Error("a 407 was reported as a broken proxy")
	}
	if n := len(p.hosts()); n != 1 {
		t.Errorf("the proxy was asked %d times; a 407 must not be retried", n)
	}
}
