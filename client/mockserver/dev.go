package mockserver

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// fault is a failure injected into the next Times requests of a path.
type fault struct {
	Path    string `json:"path"`
	Status  int    `json:"status,omitempty"`   // answer this status without handling the request
	DelayMS int    `json:"delay_ms,omitempty"` // wait this long first
	Drop    bool   `json:"drop,omitempty"`     // handle the request, then close the connection unanswered
	Times   int    `json:"times"`
}

// withFaults applies an injected fault, if one is armed for the path, around the real handler.
func (s *Server) withFaults(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f := s.faults[r.URL.Path]
	var act fault
	if f != nil && f.Times > 0 {
		act = *f
		if f.Times--; f.Times == 0 {
			delete(s.faults, r.URL.Path)
		}
	}
	s.mu.Unlock()
	if act.DelayMS > 0 {
		select {
		case <-time.After(time.Duration(act.DelayMS) * time.Millisecond):
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case act.Status != 0:
		w.Header().Set(api.FaultHeader, "status")
		writeError(w, act.Status, api.CodeUnavailable, "Injected fault.", 0)
	case act.Drop:
		// The request takes effect, as when a response is lost on the way back.
		s.mux.ServeHTTP(&discardWriter{h: http.Header{}}, r)
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler) // no hijacking (HTTP/2): abort the response instead
	default:
		s.mux.ServeHTTP(w, r)
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// Hijack lets a dropped request's connection be closed through the status recorder.
func (r *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if hj, ok := r.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, http.ErrNotSupported
}

// idemEntry is a response remembered for an Idempotency-Key; done closes when it is ready, so
// a retry that arrives while the first attempt still runs waits for it instead of racing it.
type idemEntry struct {
	done   chan struct{}
	status int
	header http.Header
	body   []byte
}

// idempotent makes a handler answer a repeated Idempotency-Key (with the same body) with the
// first response for 10 minutes, so a retry after a lost response never gives code_used or
// registers a second device. A shed answer is not remembered (nothing was done; the retry is
// really tried); every other one is, errors included.
func (s *Server) idempotent(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get(api.IdempotencyHeader)
		if key == "" || len(key) > 128 {
			h(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
		if err != nil {
			writeError(w, http.StatusBadRequest, api.CodeBadRequest, "The request body could not be read.", 0)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		id := idemID(r.URL.Path, key, body)

		s.mu.Lock()
		now := time.Now()
		s.idem.prune(now)
		e, seen := s.idem.get(id, now)
		if !seen {
			if s.idem.len() >= s.limits.idem {
				s.mu.Unlock()
				writeErr(w, errBusy())
				return
			}
			e = &idemEntry{done: make(chan struct{})}
			s.idem.set(id, e, now.Add(idemTTL))
		}
		s.mu.Unlock()

		if seen {
			select {
			case <-e.done:
			case <-r.Context().Done():
				return
			}
			for k, v := range e.header {
				w.Header()[k] = v
			}
			w.WriteHeader(e.status)
			_, _ = w.Write(e.body)
			return
		}
		rec := &captureWriter{header: http.Header{}, status: http.StatusOK}
		h(rec, r)
		s.mu.Lock()
		e.status, e.header, e.body = rec.status, rec.header, rec.buf.Bytes()
		// Every answer is remembered but a shed, which promises that nothing was done: after
		// any other (a failed save included, which comes after the server acted) the same key
		// must not act again.
		if shedAnswer(rec) {
			s.idem.delete(id)
		} else {
			s.idem.put(id, e, time.Now().Add(idemTTL), time.Now(), s.limits.idem)
		}
		s.mu.Unlock()
		close(e.done)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.buf.Bytes())
	}
}

// shedAnswer says whether a captured answer is the hash gate's shed (503 overloaded).
func shedAnswer(rec *captureWriter) bool {
	if rec.status != http.StatusServiceUnavailable {
		return false
	}
	var b api.ErrorBody
	return json.Unmarshal(rec.buf.Bytes(), &b) == nil && b.Error.Code == api.CodeOverloaded
}

// idemID is the cache key of a keyed request: the same key with another body or path is
// another request.
func idemID(path, key string, body []byte) string {
	sum := sha256.Sum256(append([]byte(path+"\x00"+key+"\x00"), body...))
	return hex.EncodeToString(sum[:])
}

type captureWriter struct {
	header http.Header
	status int
	buf    bytes.Buffer
}

func (c *captureWriter) Header() http.Header         { return c.header }
func (c *captureWriter) Write(b []byte) (int, error) { return c.buf.Write(b) }
func (c *captureWriter) WriteHeader(status int)      { c.status = status }

func (s *Server) handleOutbox(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Message{}
	for _, m := range s.st.Outbox {
		if to == "" || strings.EqualFold(m.To, to) || m.To == normalizedOrSame(to) {
			out = append(out, m)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func normalizedOrSame(phone string) string {
	if p, ok := normalizePhone(phone); ok {
		return p
	}
	return phone
}

// PolicyUpdate changes an organisation's policy; absent fields stay as they are.
type PolicyUpdate struct {
	Require2FA *bool `json:"require_2fa,omitempty"`
	RequirePIN *bool `json:"require_pin,omitempty"`
	AllowSMS   *bool `json:"allow_sms,omitempty"`
}

func (s *Server) handlePolicy(w http.ResponseWriter, r *http.Request) error {
	var req PolicyUpdate
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	org := s.st.Orgs[r.PathValue("org")]
	if org == nil {
		return errorf(http.StatusNotFound, api.CodeNotFound, "There is no such organization.")
	}
	if req.Require2FA != nil {
		org.Require2FA = *req.Require2FA
	}
	if req.RequirePIN != nil {
		org.RequirePIN = *req.RequirePIN
	}
	if req.AllowSMS != nil {
		org.AllowSMS = *req.AllowSMS
	}
	if s.save() != nil {
		return errStore
	}
	writeJSON(w, http.StatusOK, org)
	return nil
}

// ClockRequest sets the server clock's offset from real time.
type ClockRequest struct {
	OffsetSeconds float64 `json:"offset_seconds"`
}

// ClockResponse reports the offset and the resulting server time.
type ClockResponse struct {
	OffsetSeconds float64   `json:"offset_seconds"`
	Time          time.Time `json:"time"`
}

func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) error {
	var req ClockRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset = time.Duration(req.OffsetSeconds * float64(time.Second))
	writeJSON(w, http.StatusOK, ClockResponse{OffsetSeconds: s.offset.Seconds(), Time: s.now()})
	return nil
}

// SetClockOffset is POST /dev/clock for tests that hold the Server itself.
func (s *Server) SetClockOffset(d time.Duration) {
	_ = s.Init()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset = d
}

func (s *Server) handleFaults(w http.ResponseWriter, r *http.Request) error {
	var f fault
	if err := decode(r, &f); err != nil {
		return err
	}
	if f.Path == "" || f.Times < 1 || (f.Status != 0 && (f.Status < 400 || f.Status > 599)) || f.DelayMS < 0 || f.DelayMS > 120_000 {
		return errorf(http.StatusBadRequest, api.CodeBadRequest, "A fault needs a path, times >= 1, a status from 400 to 599 if any, and delay_ms up to 120000.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[f.Path] = &f
	writeJSON(w, http.StatusOK, f)
	return nil
}

// DevUser is one account as GET /dev/users lists it. TOTPSecret is there for the demo phone,
// which shows the current code of every account: this endpoint exists only in the mock.
type DevUser struct {
	Username   string `json:"username"`
	Email      string `json:"email"`
	Org        string `json:"org"`
	Enabled    bool   `json:"two_factor_enabled"`
	Mode       string `json:"mode,omitempty"`
	PhoneHint  string `json:"phone_hint,omitempty"`
	TOTPSecret string `json:"totp_secret,omitempty"`
	Devices    int    `json:"devices"`
}

func (s *Server) handleUsers(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []DevUser{}
	for _, u := range s.st.Users {
		du := DevUser{Username: u.Username, Email: u.Email, Org: u.Org, Enabled: u.TwoFactor.Enabled, Mode: u.TwoFactor.Mode, TOTPSecret: u.TwoFactor.Secret}
		if u.TwoFactor.Phone != "" {
			du.PhoneHint = phoneHint(u.TwoFactor.Phone)
		}
		for _, e := range s.st.Enrollments {
			if e.Username == u.Username && e.Secret != "" && !u.TwoFactor.Enabled {
				du.TOTPSecret = e.Secret // a secret being enrolled in the demo: the phone shows it too
			}
		}
		for _, d := range s.st.Devices {
			if d.Username == u.Username {
				du.Devices++
			}
		}
		out = append(out, du)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Username < out[j].Username })
	writeJSON(w, http.StatusOK, out)
}

// handleUnlock is the admin's way out of the hard lock (100 wrong passwords in a row) for an
// account without a Backup key. The per-address back-offs run out by themselves.
func (s *Server) handleUnlock(w http.ResponseWriter, r *http.Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.Users[r.PathValue("username")]
	if u == nil {
		return errorf(http.StatusNotFound, api.CodeNotFound, "There is no such account.")
	}
	s.unlockAccount(u)
	if s.save() != nil {
		return errStore
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
