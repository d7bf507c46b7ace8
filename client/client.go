// Package client is the x360Sync API client, a library on go-resty/resty/v2: New(baseURL,
// opts...) with With... options, ctx on every call, sentinel errors (errors.Is) plus *APIError,
// retries only where they are safe, and a single-flight token refresh.
package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/x360sync/desktop/client/api"
)

// Limits of the client.
const (
	attemptTimeout = 10 * time.Second
	maxRetries     = 3
	// maxShedRetries bounds the retries of a request the server shed (503 overloaded, or a
	// proxy's 429): it keeps shedding until its queue drains, and with its Retry-After of at
	// most 5 s this waits up to about a minute, the longest Retry-After honoured; a longer
	// Retry-After allows fewer (shedRetryLeft).
	maxShedRetries = 12
	maxRetryAfter  = 60 * time.Second
	maxBody        = 1 << 20
	// refreshMargin refreshes a little before the access token expires, so that a request is
	// not sent with a token that dies on the way.
	refreshMargin = 30 * time.Second
)

// TokenSaver stores rotated tokens. It runs before the new tokens are used, so that a crash can
// never leave the only copy of the live refresh token in memory; if it fails, the call fails.
type TokenSaver func(ctx context.Context, t api.Tokens) error

// Client talks to one x360Sync server. It is safe for concurrent use.
type Client struct {
	base   *url.URL
	r      *resty.Client
	logger *slog.Logger
	save   TokenSaver
	now    func() time.Time

	mu        sync.Mutex // guards the tokens
	tokens    api.Tokens
	expiresAt time.Time
	refreshMu sync.Mutex // one refresh at a time; see authorized

	pin    string                                // pinned certificate fingerprint, if any
	proxy  func(*http.Request) (*url.URL, error) // the transport's proxy, for Details
	custom http.RoundTripper                     // WithTransport
	wraps  []func(http.RoundTripper) http.RoundTripper
}

// Option configures a Client.
type Option func(*Client)

// WithLogger logs one line per request (method, path, status, duration); secrets are redacted.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.logger = l } }

// WithTransport replaces the HTTP transport, and with it the system proxy and the TLS
// settings (tests validate plain-HTTP traffic this way). It cannot be combined with
// WithPinnedCertificate; use WithTransportWrapper to watch the client's own transport.
func WithTransport(rt http.RoundTripper) Option {
	return func(c *Client) { c.custom = rt }
}

// WithTransportWrapper wraps the client's own transport (proxy, TLS, pin included), e.g. to
// count or validate requests on their way out.
func WithTransportWrapper(wrap func(http.RoundTripper) http.RoundTripper) Option {
	return func(c *Client) { c.wraps = append(c.wraps, wrap) }
}

// errPinNeedsTransport: a pin must never be dropped silently by a replaced transport.
var errPinNeedsTransport = errors.New("client: a pinned certificate needs the client's own transport")

// WithTokenSaver is called with every rotated token pair before it is used.
func WithTokenSaver(f TokenSaver) Option { return func(c *Client) { c.save = f } }

// WithTokens starts the client signed in, as a restarted app does with its stored credential.
func WithTokens(t api.Tokens) Option {
	return func(c *Client) { c.tokens = t } // expiresAt zero: refresh before the first use
}

// WithClock replaces time.Now for token expiry.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithRetryWait sets the base of the jittered exponential backoff between retries (default
// 250 ms, so at most 2 s by the third retry).
func WithRetryWait(base time.Duration) Option {
	return func(c *Client) { c.r.SetRetryWaitTime(base) }
}

// New returns a client for baseURL. Plain http:// is refused except to a loopback address.
func New(baseURL string, opts ...Option) (*Client, error) {
	u, err := CheckServerURL(baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{base: u, logger: slog.New(slog.DiscardHandler), now: time.Now}
	// resty.New's cookie jar, without its public suffix list (x/net/publicsuffix, 94 KB of the
	// stripped app): the list only keeps one site from setting cookies for another under a
	// shared suffix, and this client talks to one host only (redirects are refused).
	jar, _ := cookiejar.New(nil) // never fails
	c.r = resty.NewWithClient(&http.Client{Jar: jar}).
		SetBaseURL(strings.TrimRight(u.String(), "/")).
		SetTimeout(attemptTimeout).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "x360sync-desktop").
		SetResponseBodyLimit(maxBody).
		// The API never redirects; refusing redirects also means Authorization can only ever go
		// to the configured host.
		SetRedirectPolicy(resty.NoRedirectPolicy()).
		SetRetryCount(maxShedRetries). // retryable holds other failures to maxRetries
		SetRetryWaitTime(250 * time.Millisecond).
		// resty caps a server's Retry-After at the maximum wait, so the maximum is the longest
		// Retry-After honoured; the backoff itself stays small (base × 2^attempt).
		SetRetryMaxWaitTime(maxRetryAfter + time.Second).
		SetRetryAfter(retryAfter).
		AddRetryCondition(retryable)
	for _, o := range opts {
		o(c)
	}
	if c.pin != "" {
		fp, err := NormalizeFingerprint(c.pin)
		if err != nil {
			return nil, err
		}
		c.pin = fp
	}
	var rt http.RoundTripper
	if c.custom != nil {
		if c.pin != "" {
			return nil, errPinNeedsTransport
		}
		rt = c.custom
	} else {
		c.proxy = systemProxy()
		rt = newTransport(c.pin, c.proxy)
	}
	for _, w := range c.wraps {
		rt = w(rt)
	}
	c.r.SetTransport(rt)
	c.r.SetLogger(restyLogger{c.logger})
	return c, nil
}

// CheckServerURL parses a server address and applies the transport rule: https, or http only to
// a loopback address (the bundled mock server).
func CheckServerURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return nil, fmt.Errorf("%w: %q is not an http(s) address", ErrInsecureURL, raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("%w: plain http is only allowed to this computer; use https", ErrInsecureURL)
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// PinnedCertificate is the fingerprint this client trusts instead of the system's trust
// store, or "".
func (c *Client) PinnedCertificate() string { return c.pin }

// BaseURL is the server address the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

// retryable retries transport errors, 429 and 502-504, and only for GETs or requests that carry
// an Idempotency-Key: retrying anything else could act twice. A keyed request is retried on a
// 503 only when it is the server's shed (overloaded), which promises nothing was done: any
// other 503 may come after the server acted. A shed is retried up to maxShedRetries times, any
// other failure up to maxRetries.
func retryable(resp *resty.Response, err error) bool {
	if resp == nil || resp.Request == nil {
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && resp.Request.Context().Err() != nil {
		return false
	}
	req := resp.Request
	get := req.Method == http.MethodGet
	if !get && req.Header.Get(api.IdempotencyHeader) == "" {
		return false
	}
	switch {
	case err == nil && shed(resp):
		return shedRetryLeft(req.Attempt, retryAfterHeader(resp))
	case req.Attempt > maxRetries:
		return false
	case err != nil:
		return !errors.Is(err, resty.ErrResponseBodyTooLarge) && !permanent(err)
	}
	return retryableStatus(resp, get)
}

// shedRetryLeft says whether a request shed at its attempt-th try, told to wait ra, is tried
// again: up to maxShedRetries times, and only while attempt waits of ra stay within
// maxRetryAfter, so that a shed is waited out for about a minute in all, whatever the
// Retry-After (a proxy's 60 s allows one retry, the mock server's at most 5 s all twelve).
func shedRetryLeft(attempt int, ra time.Duration) bool {
	return attempt <= maxShedRetries && time.Duration(attempt)*ra <= maxRetryAfter
}

// shed says whether an answer is load shedding: the server's 503 overloaded, or a 429 that is
// not the account's own throttle, with a Retry-After the client honours.
func shed(resp *resty.Response) bool {
	switch resp.StatusCode() {
	case http.StatusServiceUnavailable:
		return hasCode(resp, api.CodeOverloaded)
	case http.StatusTooManyRequests:
		return retryAfterHeader(resp) <= maxRetryAfter && !accountThrottle(resp)
	}
	return false
}

// retryableStatus says whether an answer's status is worth a retry of a safe request (get: a
// GET; otherwise a keyed request) that was not shed.
func retryableStatus(resp *resty.Response, get bool) bool {
	switch resp.StatusCode() {
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return true
	case http.StatusServiceUnavailable:
		return get
	case http.StatusTooManyRequests:
		// The account's own throttle (the API's rate_limited error on a sign-in step) is not
		// retried on a keyed request: the person must see its countdown, not a spinner, and a
		// retry could only be refused again.
		return get && retryAfterHeader(resp) <= maxRetryAfter
	}
	return false
}

// accountThrottle says whether a 429 is the API's per-account throttle or its text limit.
func accountThrottle(resp *resty.Response) bool {
	return hasCode(resp, api.CodeRateLimited) || hasCode(resp, api.CodeSMSLimit)
}

// hasCode says whether an error answer carries the API's error code.
func hasCode(resp *resty.Response, code string) bool {
	return bytes.Contains(resp.Body(), []byte(`"code":"`+code+`"`))
}

// retryAfter honours the server's Retry-After (up to 60 s); a shed without one waits the base
// wait; otherwise 0 lets resty use its jittered backoff.
func retryAfter(c *resty.Client, resp *resty.Response) (time.Duration, error) {
	jitter := time.Duration(mrand.Int64N(int64(100 * time.Millisecond)))
	if d := retryAfterHeader(resp); d > 0 && d <= maxRetryAfter {
		return d + jitter, nil
	}
	if resp != nil && resp.RawResponse != nil && shed(resp) {
		// A shed without a wait: the base wait, not a backoff that doubles through 12 retries.
		return c.RetryWaitTime + jitter, nil
	}
	return 0, nil
}

func retryAfterHeader(resp *resty.Response) time.Duration {
	if resp == nil || resp.RawResponse == nil {
		return 0
	}
	s, err := strconv.Atoi(resp.Header().Get("Retry-After"))
	if err != nil || s < 0 {
		return 0
	}
	return time.Duration(s) * time.Second
}

// newKey is a fresh Idempotency-Key.
func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// call sends one request and decodes the answer into out (nil for none). This is the one
// place where HTTP outcomes become errors.
func (c *Client) call(ctx context.Context, method, path string, body, out any, hdr map[string]string) error {
	_, err := c.do(ctx, method, path, body, out, hdr)
	return err
}

// do is call that also returns what the connection did, for a diagnosis of an answer that
// arrived but was not the one expected.
func (c *Client) do(ctx context.Context, method, path string, body, out any, hdr map[string]string) (Details, error) {
	start := time.Now()
	tr := &trace{}
	req := c.r.R().SetContext(httptrace.WithClientTrace(ctx, tr.hooks())).SetError(&api.ErrorBody{}).SetHeaders(hdr)
	if body != nil {
		req.SetBody(body)
	}
	if out != nil {
		req.SetResult(out)
	}
	resp, err := req.Execute(method, path)
	status := 0
	if resp != nil {
		status = resp.StatusCode()
	}
	c.logger.Info("api request", "method", method, "path", Redact(path), "status", status, "duration_ms", time.Since(start).Milliseconds())
	d := tr.details(c.base.JoinPath(path), c.proxyFor(path))
	d.HTTPStatus = status
	if err != nil {
		return d, c.transportError(ctx, err, status, d)
	}
	if status == http.StatusProxyAuthRequired {
		return d, &ConnError{Stage: ErrProxyAuth, Details: d}
	}
	if resp.IsError() {
		eb, _ := resp.Error().(*api.ErrorBody)
		if eb != nil && eb.Error.Code == "" {
			eb = nil
		}
		return d, errorFrom(status, eb)
	}
	return d, nil
}

// transportError classifies a request that got no usable answer.
func (c *Client) transportError(ctx context.Context, err error, status int, d Details) error {
	switch {
	case errors.Is(err, resty.ErrResponseBodyTooLarge):
		return ErrResponseTooLarge
	case errors.Is(ctx.Err(), context.Canceled):
		return ctx.Err()
	case status != 0:
		// An answer arrived but could not be decoded.
		return fmt.Errorf("%w: %s", ErrUnexpected, Redact(err.Error()))
	}
	if ce := certError(err, c.base.Host, c.now()); ce != nil {
		err = ce
	}
	stage := stageOf(err, ctx.Err(), d.Proxy != "")
	if !errors.Is(err, ErrTLS) && !errors.Is(err, context.DeadlineExceeded) {
		// The transport error's text can name the address but nothing secret; keep it
		// for diagnostics behind the sentinel.
		err = errors.New(Redact(err.Error()))
	}
	return &ConnError{Stage: stage, Details: d, Err: err}
}

// proxyFor is the proxy used for path (nil: direct).
func (c *Client) proxyFor(path string) *url.URL {
	if c.proxy == nil {
		return nil
	}
	u, err := c.proxy(&http.Request{URL: c.base.JoinPath(path)})
	if err != nil {
		return nil
	}
	return u
}

// permanent says a transport error is not worth an automatic retry: a certificate problem, a
// name that does not exist, a proxy that wants credentials cannot get better, and a server
// silent for a whole attempt (10 s) would keep the person waiting 40 s for the same answer;
// the Retry button is theirs.
func permanent(err error) bool {
	var ve *tls.CertificateVerificationError
	var dnsErr *net.DNSError
	return errors.As(err, &ve) || errors.Is(err, ErrTLS) || errors.As(err, new(proxyAuthError)) ||
		errors.As(err, &dnsErr) && dnsErr.IsNotFound || isTimeout(err)
}

// restyLogger sends resty's own warnings to slog, redacted.
type restyLogger struct{ l *slog.Logger }

func (r restyLogger) Errorf(format string, v ...any) { r.l.Error(Redact(fmt.Sprintf(format, v...))) }
func (r restyLogger) Warnf(format string, v ...any)  { r.l.Warn(Redact(fmt.Sprintf(format, v...))) }
func (r restyLogger) Debugf(format string, v ...any) { r.l.Debug(Redact(fmt.Sprintf(format, v...))) }
