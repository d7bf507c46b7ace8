// Package mockserver is the x360Sync API as an http.Handler, with the security behaviour of the
// real service: Argon2id passwords, TOTP and SMS codes with replay protection, throttling,
// backup keys, organisation policies and rotating device tokens. It also has dev endpoints (an
// outbox for texts and emails, a settable clock, fault injection) so it can serve as the app's
// offline demo backend and as the test double for the real service.
//
// Its zero value is ready to use with the embedded demo fixture; tests run it through httptest.
package mockserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// Lifetimes and limits of the contract.
const (
	challengeTTL  = 15 * time.Minute
	enrollmentTTL = 15 * time.Minute
	smsCodeTTL    = 10 * time.Minute
	smsResendGap  = 30 * time.Second
	smsPerHour    = 5
	accessTTL     = 15 * time.Minute
	refreshLife   = 30 * 24 * time.Hour
	refreshGrace  = 60 * time.Second
	idemTTL       = 10 * time.Minute
	maxFailures   = 5 // consecutive failures before throttling, and wrong codes a challenge survives
	throttleBase  = 30 * time.Second
	throttleCap   = time.Hour
	maxBodyBytes  = 64 << 10
)

// Server is the mock x360Sync API. Set its exported fields before the first request; after that
// they are read-only. The zero value serves the demo fixture from memory with dev endpoints on.
type Server struct {
	// Clock is the server's time source; nil means time.Now. The dev endpoint POST /dev/clock
	// adds an offset on top of it.
	Clock func() time.Time
	// Store keeps the state; nil means Memory. A Bolt store survives restarts.
	Store Store
	// Fixture seeds an empty store; nil means DemoFixture.
	Fixture []byte
	// DisableDev turns the /dev/ endpoints off (they are on by default: this is a mock).
	DisableDev bool
	// AnyHost answers requests whatever their Host header says. Without it (a loopback server)
	// only loopback addresses and localhost are answered, so a web page cannot reach the server
	// through a DNS name rebound to 127.0.0.1.
	AnyHost bool
	// Logger receives one line per request (method, route, status, duration) and never a body,
	// header or secret; nil means no logging.
	Logger *slog.Logger
	// OnMessage is called for every text and email sent, outside the server's lock: the mock's
	// phone and inbox (cmd/mockserver prints them).
	OnMessage func(Message)
	// Name and Version answer GET /api/v1/server.
	Name, Version string
	// Hashing bounds the Argon2id checks that run and wait at once; beyond it requests are
	// shed with 503 and Retry-After. The zero value is the defaults; see HashLimit.
	Hashing HashLimit

	once    sync.Once
	initErr error
	mux     *http.ServeMux
	gate    *hashGate

	mu        sync.Mutex // guards everything below
	limits    limits
	st        *State
	offset    time.Duration
	faults    map[string]*fault
	idem      *ttlMap[*idemEntry]
	rotated   *ttlMap[rotation] // refresh digest rotated away -> the pair it became
	recovery  *limiter          // Account Recovery's Backup key checks, per email address
	throttles *limiter          // sign-in's password checks, per username
	smsSent   *ttlMap[[]time.Time]
	pending   []Message // sent but not yet handed to OnMessage
}

// New returns a server with the embedded demo fixture in memory; the same as &Server{}.
func New() *Server { return &Server{} }

// Init loads the state now instead of on the first request, so a main can report a bad
// fixture or state file at start-up.
func (s *Server) Init() error {
	s.once.Do(s.init)
	return s.initErr
}

func (s *Server) init() {
	if s.Store == nil {
		s.Store = Memory{}
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	if s.Name == "" {
		s.Name = "x360Sync mock server"
	}
	if s.Version == "" {
		s.Version = "dev"
	}
	if s.limits == (limits{}) {
		s.limits = defaultLimits
	}
	s.faults = map[string]*fault{}
	s.idem = newTTLMap[*idemEntry]()
	s.rotated = newTTLMap[rotation]()
	s.recovery = newLimiter(s.limits.recovery, errRecoveryLocked)
	s.throttles = newLimiter(s.limits.throttles, errAccountLocked)
	s.smsSent = newTTLMap[[]time.Time]()
	s.gate = newHashGate(s.Hashing)
	st, err := s.Store.Load()
	if err == nil && st == nil {
		if s.Fixture == nil {
			st, err = demoFixtureState()
		} else {
			st, err = LoadFixture(s.Fixture)
		}
		if err == nil {
			err = s.Store.Save(st)
		}
	}
	if err != nil {
		s.initErr = err
		return
	}
	s.st = st
	s.mux = s.routes()
}

// ServeHTTP serves the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := s.Init(); err != nil {
		s.Logger.Error("mock server failed to start", "err", err)
		writeError(w, http.StatusInternalServerError, api.CodeInternal, "The server could not load its state.", 0)
		return
	}
	start := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	if err := s.admit(r); err != nil {
		writeErr(rec, err)
	} else {
		s.withFaults(rec, r)
	}
	s.flush()
	s.Logger.Info("request", "method", r.Method, "route", routeOf(r), "status", rec.status,
		"duration_ms", time.Since(start).Milliseconds())
}

// admit refuses what a web page could send on a visitor's behalf: a Host that is not this
// loopback server's (DNS rebinding), and a body that is not JSON (a cross-site "simple"
// request, which a browser sends without asking the server first).
func (s *Server) admit(r *http.Request) error {
	if !s.AnyHost && !isLoopbackHost(r.Host) {
		return errorf(http.StatusMisdirectedRequest, api.CodeMisdirected,
			"This server answers only at a loopback address or localhost.")
	}
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		if r.Method == http.MethodDelete && r.ContentLength == 0 {
			return nil
		}
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" {
			return errorf(http.StatusUnsupportedMediaType, api.CodeUnsupportedMediaType,
				"The request body must be JSON, sent as Content-Type: application/json.")
		}
	}
	return nil
}

// isLoopbackHost says whether a Host header (with or without a port) names this machine.
func isLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return isLoopback(strings.ToLower(host))
}

// handle adapts a handler that returns its error: the error is written as the answer, so no
// handler repeats the write-and-return pair.
func handle(h func(http.ResponseWriter, *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeErr(w, err)
		}
	}
}

// routeOf is the matched pattern, never the raw URL, so that nothing a client put in a path or
// query (an id, an address) reaches the log.
func routeOf(r *http.Request) string {
	if r.Pattern != "" {
		return r.Pattern
	}
	return "unmatched"
}

func (s *Server) routes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, api.Health{Status: "ok"})
	})
	m.HandleFunc("GET /api/v1/server", s.handleServerInfo)
	m.HandleFunc("POST /api/v1/auth/login", s.idempotent(handle(s.handleLogin)))
	m.HandleFunc("POST /api/v1/auth/verify", s.idempotent(handle(s.handleVerify)))
	m.HandleFunc("POST /api/v1/auth/sms/resend", handle(s.handleResend))
	m.HandleFunc("POST /api/v1/auth/refresh", handle(s.handleRefresh))
	m.HandleFunc("POST /api/v1/2fa/enroll", handle(s.handleEnroll))
	m.HandleFunc("POST /api/v1/2fa/enroll/confirm", s.idempotent(handle(s.handleConfirm)))
	m.HandleFunc("POST /api/v1/2fa/disable", handle(s.handleDisable))
	m.HandleFunc("POST /api/v1/recovery", handle(s.handleRecovery))
	m.HandleFunc("GET /api/v1/me", handle(s.handleMe))
	m.HandleFunc("GET /api/v1/devices", handle(s.handleDevices))
	m.HandleFunc("DELETE /api/v1/devices/{id}", handle(s.handleRevoke))
	m.HandleFunc("POST /api/v1/devices/{id}/revoke", handle(s.handleRevokeWithKey))
	m.HandleFunc("POST /api/v1/devices/revoke", handle(s.handleRevokeByKey))
	m.HandleFunc("GET /openapi.yaml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write(api.OpenAPI)
	})
	if !s.DisableDev {
		m.HandleFunc("GET /dev/outbox", s.handleOutbox)
		m.HandleFunc("PUT /dev/orgs/{org}/policy", handle(s.handlePolicy))
		m.HandleFunc("POST /dev/clock", handle(s.handleClock))
		m.HandleFunc("POST /dev/faults", handle(s.handleFaults))
		m.HandleFunc("GET /dev/users", s.handleUsers)
		m.HandleFunc("POST /dev/users/{username}/unlock", handle(s.handleUnlock))
	}
	// Unknown routes fail loudly, with the route named, so a client bug is seen at once.
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, api.CodeNotFound,
			fmt.Sprintf("No such endpoint: %s %s.", r.Method, r.URL.Path), 0)
	})
	return m
}

// now is the server clock: Clock (or time.Now) plus the dev offset. Callers hold s.mu.
func (s *Server) now() time.Time {
	t := time.Now()
	if s.Clock != nil {
		t = s.Clock()
	}
	return t.Add(s.offset).UTC()
}

// Now is the server clock as the API sees it.
func (s *Server) Now() time.Time {
	_ = s.Init()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// save persists the state after a change; callers hold s.mu. A failure to save is reported as
// errStore by the caller, so a client never believes a change happened that a restart would lose.
func (s *Server) save() error {
	if err := s.Store.Save(s.st); err != nil {
		s.Logger.Error("saving state failed", "err", err)
		return err
	}
	return nil
}

func (s *Server) handleServerInfo(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	now := s.now()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, api.ServerInfo{Name: s.Name, Version: s.Version, API: api.Version, Time: now})
}

// httpError is an API error a handler returns; see writeError.
type httpError struct {
	status     int
	code       string
	message    string
	retryAfter int
}

func (e *httpError) Error() string { return e.code }

func errorf(status int, code, message string) *httpError {
	return &httpError{status: status, code: code, message: message}
}

// errStore is the answer when a change could not be saved. It comes after the server acted
// (the change is made in memory), so it is a 500, never the shed's 503 overloaded that
// promises nothing was done: a client does not retry it as it was, and an Idempotency-Key
// gets it again (see idempotent).
var errStore = errorf(http.StatusInternalServerError, api.CodeStoreFailed, "The server could not save the change. Try again.")

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, message string, retryAfter int) {
	if retryAfter > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(retryAfter))
	}
	writeJSON(w, status, api.ErrorBody{Error: api.ErrorDetail{Code: code, Message: message, RetryAfter: retryAfter}})
}

func writeErr(w http.ResponseWriter, err error) {
	var he *httpError
	if !errors.As(err, &he) {
		he = errorf(http.StatusInternalServerError, api.CodeInternal, "Something went wrong on the server. Try again.")
	}
	writeError(w, he.status, he.code, he.message, he.retryAfter)
}

// decode reads a JSON body of at most 64 KiB into v. Unknown fields are allowed (clients may be
// newer than the server); anything that is not one JSON object is a 400.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "The request body could not be read.")
	}
	if len(body) > maxBodyBytes {
		return errorf(http.StatusRequestEntityTooLarge, api.CodeBadRequest, "The request body is too large.")
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(v); err != nil {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "The request body is not valid JSON of the expected shape.")
	}
	if dec.More() {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "The request body must be a single JSON object.")
	}
	return nil
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}
