package client

import (
	"net/http"
	"net/url"
	"runtime"

	"github.com/mattn/go-ieproxy"
	"golang.org/x/net/http/httpproxy"
)

// systemProxy is the proxy the operating system is set to use, read when a client is made:
// the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) wherever it names a proxy, otherwise on
// Windows and macOS the system settings (Internet Options, network settings, PAC) through
// go-ieproxy. net/http's ProxyFromEnvironment is not used directly because it reads the
// environment only once per process.
func systemProxy() func(*http.Request) (*url.URL, error) {
	env := httpproxy.FromEnvironment()
	if env.HTTPSProxy == "" && env.HTTPProxy == "" && (runtime.GOOS == "windows" || runtime.GOOS == "darwin") {
		return ieproxy.GetProxyFunc()
	}
	f := env.ProxyFunc()
	return func(r *http.Request) (*url.URL, error) { return f(r.URL) }
}

// Proxy is the proxy a request to the client's server goes through (nil: a direct connection),
// for "via proxy host:port".
func (c *Client) Proxy() *url.URL {
	if c.proxy == nil {
		return nil
	}
	u, err := c.proxy(&http.Request{URL: c.base})
	if err != nil || u == nil {
		return nil
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host} // never the proxy's credentials
}
