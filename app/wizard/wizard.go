// Package wizard is the first-launch registration flow as a state machine: server address,
// sign in, two-step code or enrolment, PIN when the organisation requires one, done; plus
// Account Recovery. One synchronous method per user event, each taking ctx; the next step is
// decided only from the server's answers; no goroutines or timers inside (the UI runs the
// methods off its goroutine and draws countdowns from the durations exposed here).
package wizard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// Step is where the flow stands. The values are fixed: tests and logs rely on them.
type Step int

// The steps.
const (
	StepServer Step = iota
	StepSignIn
	StepCode
	StepEnroll
	StepEnrollConfirm
	StepPINSetup
	StepDone
	StepRecovery
)

// FirstResendAfter is the wait after a text message is first sent before Resend may ask for
// another (the server's gap between texts); a resend's answer says the next wait.
const FirstResendAfter = 30 * time.Second

var stepNames = [...]string{"Server", "SignIn", "Code", "Enroll", "EnrollConfirm", "PINSetup", "Done", "Recovery"}

func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return "Step(?)"
	}
	return stepNames[s]
}

// API is what the flow needs from the server; *client.Client implements it.
type API interface {
	ServerInfo(ctx context.Context) (api.ServerInfo, error)
	Login(ctx context.Context, req api.LoginRequest, key string) (api.AuthResponse, error)
	Verify(ctx context.Context, challenge, code, key string) (api.AuthResponse, error)
	ResendSMS(ctx context.Context, challenge string) (time.Duration, error)
	Enroll(ctx context.Context, req api.EnrollRequest) (api.EnrollResponse, error)
	ConfirmEnrollment(ctx context.Context, enrollment, code, key string) (api.AuthResponse, error)
	Recover(ctx context.Context, email, backupKey string) error
}

var _ API = (*client.Client)(nil)

// Registration is a device the server has just registered: what the wizard hands its Store.
type Registration struct {
	Server, Username, DeviceName string
	Tokens                       api.Tokens
}

// Store takes over a registration as soon as the server has made it, so the wizard never
// holds a device's tokens (app/session implements it). Prepare stores a revoke key before the
// sign-in is sent and returns its digest for the request, so even a registration whose answer
// is lost can be revoked. Register stores what it can at once
// (the device's revoke key; the credential too when no PIN is required) and keeps the rest
// in memory; when it fails, it still owns the registration and SaveRegistration tries the
// storage again (never the registration). CompletePIN seals and stores the credential under
// the new PIN. Abandon revokes a registration that will not be finished (Back, closing the
// window), in the background.
type Store interface {
	Prepare(ctx context.Context, server string) (revokeKeySHA256 string, err error)
	Register(ctx context.Context, r Registration) error
	SaveRegistration(ctx context.Context) error
	CompletePIN(ctx context.Context, pin, confirm string) error
	Abandon()
}

// Errors of the flow itself (server errors come through as the client's sentinels).
var (
	ErrWrongStep = errors.New("wizard: not possible at this step")
	ErrMissing   = errors.New("wizard: a required field is empty")
	// ErrCannotTrust: the flow has no Trust hook, so a trusted certificate could not be kept
	// for the requests after registration; nothing was trusted.
	ErrCannotTrust = errors.New("wizard: trusting a certificate is not available here")
)

// Flow is one run of the wizard. Its exported fields are what the current step shows; they
// are written only by the flow's methods.
type Flow struct {
	// Connect makes the API client for a server address (it checks the address too).
	Connect func(server string) (API, error)
	// Store takes the registration once the server has made it.
	Store Store
	// Probe, if set, checks that the credential can be stored before the sign-in registers a
	// device (a vault.UnavailableError when it cannot).
	Probe func(ctx context.Context) error
	// Now is the local clock, for the clock-difference warning; nil means time.Now.
	Now func() time.Time
	// Trust keeps a certificate the person chose to trust for a server (the session's
	// TrustCertificate), so every later client pins it. Without it TrustCertificate fails.
	Trust func(ctx context.Context, server, fingerprint string) error
	// ConnectPinned makes the API client for a server trusted by fingerprint; nil means
	// client.New with the pin alone.
	ConnectPinned func(server, fingerprint string) (API, error)
	// PinFor is the fingerprint already trusted for a server ("" none; nil: no pins). A pin
	// outlives a sign-out while a revocation is owed to the server.
	PinFor func(server string) string

	// Certificate is what the server presented when SubmitServer failed only because this
	// computer does not trust its certificate: the Server step shows it with "Trust this
	// certificate". nil otherwise.
	Certificate *client.UntrustedCertError
	// Replaces is the fingerprint trusted for Server until now when Certificate is another:
	// the certificate changed, and Trust would replace the pin. "" otherwise.
	Replaces string
	// Pin is the fingerprint trusted for Server in this flow ("" when the system trusts it).
	Pin string

	Server     string
	ClockSkew  time.Duration // server time minus this computer's, as measured at StepServer
	Proxy      string        // host:port of the proxy the server was reached through ("" direct)
	Username   string
	DeviceName string

	Mode      string // totp or sms, at StepCode and StepEnrollConfirm
	PhoneHint string // where the text went
	// CodeAlreadySent says the server sent no new text for this sign-in: the code it texted
	// for an earlier sign-in of this device is still valid (Esc and signing in again).
	CodeAlreadySent bool
	AllowedModes    []string // at StepEnroll
	Enrollment      api.EnrollResponse
	ResendAfter     time.Duration // from the last (re)send, for the Resend countdown
	RetryAfter      time.Duration // from the last 429
	Failures        int           // wrong codes at this step, for hints
	RequirePIN      bool
	// Organization is the organization's name as the server gave it with a challenge ("" when
	// it did not).
	Organization string
	// Unsaved says the registration was made but its storage failed: RetrySave.
	Unsaved bool

	step Step
	prev []Step
	// policyKnown says a challenge brought the organization's policy, so the plan is known.
	policyKnown bool
	api         API
	challenge   string
	key         string // Idempotency-Key of a request whose answer has not arrived
}

// Step is the current step.
func (f *Flow) Step() Step { return f.step }

func (f *Flow) goTo(s Step) {
	if s != f.step {
		f.prev = append(f.prev, f.step)
	}
	f.step = s
}

func (f *Flow) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// keyFor returns the Idempotency-Key for a request: the pending one when the last attempt got
// no answer (so the server recognises the retry), or a new one.
func (f *Flow) keyFor() string {
	if f.key == "" {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		f.key = hex.EncodeToString(b)
	}
	return f.key
}

// settle forgets the pending key once the server has answered, whatever it said. An answer
// that did not arrive (unreachable, a server error, Cancel or a time-out) keeps it, so the
// retry is recognised by the server and does not act twice.
func (f *Flow) settle(err error) error {
	if err == nil || !answerLost(err) {
		f.key = ""
	}
	var ae *client.APIError
	f.RetryAfter = 0
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		f.RetryAfter = time.Duration(ae.RetryAfter) * time.Second
	}
	return err
}

// answerLost says whether err may hide an answer that did not arrive. A server that could not
// save (ErrStoreFailed) did answer: its key would only get the same answer again for 10 minutes,
// so the next attempt takes a new one.
func answerLost(err error) bool {
	if errors.Is(err, client.ErrStoreFailed) {
		return false
	}
	return errors.Is(err, client.ErrUnreachable) || errors.Is(err, client.ErrServer) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// SubmitServer checks the address and the server behind it.
func (f *Flow) SubmitServer(ctx context.Context, server string) error {
	if f.step != StepServer {
		return ErrWrongStep
	}
	server = strings.TrimRight(strings.TrimSpace(server), "/")
	if server == "" {
		return ErrMissing
	}
	f.Certificate, f.Replaces, f.Pin = nil, "", ""
	pinned := f.pinFor(server)
	if pinned != "" && f.ConnectPinned != nil {
		// A pin kept for this server (a revocation is owed through it) holds even for a
		// certificate this computer's authorities would trust: another one is a change.
		return f.connectThroughPin(ctx, server, pinned)
	}
	a, err := f.Connect(server)
	if err != nil {
		return err
	}
	info, err := a.ServerInfo(ctx)
	if errors.As(err, &f.Certificate) {
		return f.askAbout(ctx, server, err)
	}
	if err != nil {
		return err
	}
	f.connected(a, server, "", info)
	return nil
}

// connected moves on to Sign in with the client that reached server (through pin, a trusted
// fingerprint, or "" for one the system trusts), from the three ways there: an address the
// system trusts, a server with a pin, a certificate just trusted. What Sign in shows of the
// connection (clock difference, pin, proxy) is set here only, so the three cannot drift.
func (f *Flow) connected(a API, server, pin string, info api.ServerInfo) {
	f.api, f.Server, f.ClockSkew, f.Pin = a, server, info.Time.Sub(f.now()), pin
	f.Certificate, f.Replaces = nil, ""
	f.Proxy = ""
	if p, ok := a.(interface{ Proxy() *url.URL }); ok && p.Proxy() != nil {
		f.Proxy = p.Proxy().Host // said on the next screen: the connection goes through it
	}
	f.goTo(StepSignIn)
}

// askAbout is SubmitServer's answer to a certificate this computer does not trust
// (f.Certificate, in err). The server may have a pin already, kept by a sign-out whose
// revocation is owed: the same certificate is trusted without a question; another is a
// changed certificate (a *client.CertChangedError, in err's place), still offered for trust.
func (f *Flow) askAbout(ctx context.Context, server string, err error) error {
	f.Server = server // the address the certificate belongs to
	pinned := f.pinFor(server)
	switch pinned {
	case "":
		return err
	case f.Certificate.Cert.Fingerprint:
		return f.TrustCertificate(ctx)
	}
	f.Replaces = pinned
	changed := &client.CertChangedError{Pinned: pinned, Cert: f.Certificate.Cert}
	var ce *client.ConnError
	if errors.As(err, &ce) {
		return &client.ConnError{Stage: client.ErrCertificateChanged, Details: ce.Details, Err: changed}
	}
	return changed
}

// connectThroughPin is SubmitServer for a server with a pin: the same certificate goes on to
// Sign in; another is a changed certificate, offered for trust as askAbout offers it.
func (f *Flow) connectThroughPin(ctx context.Context, server, pinned string) error {
	a, err := f.ConnectPinned(server, pinned)
	if err != nil {
		return err
	}
	info, err := a.ServerInfo(ctx)
	var changed *client.CertChangedError
	if errors.As(err, &changed) {
		f.Server, f.Replaces = server, pinned
		f.Certificate = &client.UntrustedCertError{Cert: changed.Cert}
		return err
	}
	if err != nil {
		return err
	}
	f.connected(a, server, pinned, info)
	return nil
}

// DeclineCertificate is Cancel on the certificate question: nothing is trusted and the Server
// step asks for an address again.
func (f *Flow) DeclineCertificate() { f.Certificate, f.Replaces = nil, "" }

func (f *Flow) pinFor(server string) string {
	if f.PinFor == nil {
		return ""
	}
	return f.PinFor(server)
}

// TrustCertificate trusts the certificate SubmitServer was shown (f.Certificate) for that
// server: it checks the server again through the pin, keeps the pin (Trust) and moves on to
// sign-in. Only an untrusted certificate can be trusted; an expired or otherwise invalid one
// never reaches f.Certificate.
func (f *Flow) TrustCertificate(ctx context.Context) error {
	if f.step != StepServer || f.Certificate == nil {
		return ErrWrongStep
	}
	if f.Trust == nil {
		return ErrCannotTrust
	}
	server, fp := f.Server, f.Certificate.Cert.Fingerprint
	connect := f.ConnectPinned
	if connect == nil {
		connect = func(s, fp string) (API, error) { return client.New(s, client.WithPinnedCertificate(fp)) }
	}
	a, err := connect(server, fp)
	if err != nil {
		return err
	}
	info, err := a.ServerInfo(ctx)
	if err != nil {
		return err // e.g. *client.CertChangedError: it changed since it was shown
	}
	if err := f.Trust(ctx, server, fp); err != nil {
		return err
	}
	f.connected(a, server, fp, info)
	return nil
}

// SubmitSignIn signs in; the answer decides the next step.
func (f *Flow) SubmitSignIn(ctx context.Context, username, password, deviceName string) error {
	if f.step != StepSignIn {
		return ErrWrongStep
	}
	if strings.TrimSpace(username) == "" || password == "" || strings.TrimSpace(deviceName) == "" {
		return ErrMissing
	}
	if f.Probe != nil {
		// Without anywhere to keep the credential, signing in would register a device that
		// could not be used: ask first (the front end offers to set storage up, or to keep it
		// for this session only).
		if err := f.Probe(ctx); err != nil {
			return err
		}
	}
	revokeDigest, err := f.Store.Prepare(ctx, f.Server)
	if err != nil {
		return err
	}
	r, err := f.api.Login(ctx, api.LoginRequest{
		Username: strings.TrimSpace(username), Password: password,
		Device: api.DeviceInfo{Name: strings.TrimSpace(deviceName), Platform: platform(), AppVersion: AppVersion, RevokeKeySHA256: revokeDigest},
	}, f.keyFor())
	if err = f.settle(err); err != nil {
		return err
	}
	f.Username, f.DeviceName, f.Failures = strings.TrimSpace(username), strings.TrimSpace(deviceName), 0
	return f.answer(ctx, r)
}

// answer moves on from a login, verify or confirm answer.
func (f *Flow) answer(ctx context.Context, r api.AuthResponse) error {
	switch r.Status {
	case api.StatusCodeRequired:
		f.notePolicy(r.Policy)
		f.challenge, f.Mode, f.PhoneHint, f.CodeAlreadySent = r.Challenge, r.Mode, r.PhoneHint, r.CodeAlreadySent
		if r.Mode == api.ModeSMS {
			f.ResendAfter = resendAfter(r)
		}
		f.goTo(StepCode)
	case api.StatusEnrollmentRequired:
		f.notePolicy(r.Policy)
		f.challenge, f.AllowedModes = r.Challenge, r.AllowedModes
		f.goTo(StepEnroll)
	case api.StatusRegistered:
		f.RequirePIN = r.Policy != nil && r.Policy.RequirePIN
		f.challenge, f.Enrollment = "", api.EnrollResponse{}
		t := r.Tokens()
		if t.Policy.Organization == "" {
			t.Policy.Organization = f.Organization // named with the challenge only
		}
		err := f.Store.Register(ctx, Registration{Server: f.Server, Username: f.Username, DeviceName: f.DeviceName, Tokens: t})
		f.Unsaved = err != nil
		if err != nil {
			return err
		}
		f.registered()
	default:
		return client.ErrUnexpected
	}
	return nil
}

// resendAfter is the Resend countdown of a sign-in answered with a text-message code: what the
// server says is left of its gap (none when the code was sent long enough ago), else the gap.
func resendAfter(r api.AuthResponse) time.Duration {
	if r.ResendAfter > 0 || r.CodeAlreadySent {
		return time.Duration(r.ResendAfter) * time.Second
	}
	return FirstResendAfter
}

// notePolicy keeps the organization's policy that a challenge brings (a server that sends
// none leaves the plan open until the registration says).
func (f *Flow) notePolicy(p *api.Policy) {
	if p == nil {
		return
	}
	f.RequirePIN, f.Organization, f.policyKnown = p.RequirePIN, p.Organization, true
}

// registered moves on once the Store holds the registration.
func (f *Flow) registered() {
	if f.RequirePIN {
		f.goTo(StepPINSetup)
		return
	}
	f.goTo(StepDone)
}

// RetrySave stores a registration whose storage failed again (the keyring was locked, say):
// the device is already registered, so the server is not asked again.
func (f *Flow) RetrySave(ctx context.Context) error {
	if !f.Unsaved {
		return ErrWrongStep
	}
	if err := f.Store.SaveRegistration(ctx); err != nil {
		return err
	}
	f.Unsaved = false
	f.registered()
	return nil
}

// SubmitCode answers the two-step challenge.
func (f *Flow) SubmitCode(ctx context.Context, code string) error {
	if f.step != StepCode {
		return ErrWrongStep
	}
	r, err := f.api.Verify(ctx, f.challenge, code, f.keyFor())
	if err = f.codeResult(err); err != nil {
		return err
	}
	return f.answer(ctx, r)
}

// codeResult counts wrong codes and sends a dead challenge back to sign-in.
func (f *Flow) codeResult(err error) error {
	err = f.settle(err)
	switch {
	case err == nil:
		f.Failures = 0
	case errors.Is(err, client.ErrChallengeExpired):
		f.back(StepSignIn)
	case errors.Is(err, client.ErrInvalidCode), errors.Is(err, client.ErrClockSkew), errors.Is(err, client.ErrRateLimited), errors.Is(err, client.ErrCodeExpired):
		f.Failures++
	}
	return err
}

// Resend asks for a new text message.
func (f *Flow) Resend(ctx context.Context) error {
	if f.step != StepCode && f.step != StepEnrollConfirm || f.Mode != api.ModeSMS {
		return ErrWrongStep
	}
	id := f.challenge
	if f.step == StepEnrollConfirm {
		id = f.Enrollment.Enrollment
	}
	wait, err := f.api.ResendSMS(ctx, id)
	if err = f.settle(err); err != nil {
		return err
	}
	f.ResendAfter, f.CodeAlreadySent = wait, false
	return nil
}

// ChooseMode starts enrolment with the sign-in challenge, so the password is not typed again.
func (f *Flow) ChooseMode(ctx context.Context, mode, phone string) error {
	if f.step != StepEnroll {
		return ErrWrongStep
	}
	en, err := f.api.Enroll(ctx, api.EnrollRequest{Challenge: f.challenge, Mode: mode, Phone: phone})
	if err = f.settle(err); err != nil {
		if errors.Is(err, client.ErrChallengeExpired) {
			f.back(StepSignIn)
		}
		return err
	}
	f.Enrollment, f.Mode, f.PhoneHint, f.Failures = en, en.Mode, en.PhoneHint, 0
	if mode == api.ModeSMS {
		f.ResendAfter = FirstResendAfter
	}
	f.goTo(StepEnrollConfirm)
	return nil
}

// SubmitConfirm confirms enrolment with the first code; it registers the device.
func (f *Flow) SubmitConfirm(ctx context.Context, code string) error {
	if f.step != StepEnrollConfirm {
		return ErrWrongStep
	}
	r, err := f.api.ConfirmEnrollment(ctx, f.Enrollment.Enrollment, code, f.keyFor())
	if err = f.codeResult(err); err != nil {
		return err
	}
	return f.answer(ctx, r)
}

// SubmitPIN sets the PIN and finishes registration with the credential sealed under it.
func (f *Flow) SubmitPIN(ctx context.Context, p, confirm string) error {
	if f.step != StepPINSetup {
		return ErrWrongStep
	}
	if err := pin.ValidatePair(p, confirm); err != nil {
		return err
	}
	if err := f.Store.CompletePIN(ctx, p, confirm); err != nil {
		return err
	}
	f.goTo(StepDone)
	return nil
}

// OpenRecovery follows "Need to disable two-step authentication?" from sign-in or the code.
func (f *Flow) OpenRecovery() error {
	if f.step != StepSignIn && f.step != StepCode {
		return ErrWrongStep
	}
	f.goTo(StepRecovery)
	return nil
}

// SubmitRecovery sends the email and Backup key; the answer is the same either way, so the
// flow returns to sign-in with a neutral message.
func (f *Flow) SubmitRecovery(ctx context.Context, email, backupKey string) error {
	if f.step != StepRecovery {
		return ErrWrongStep
	}
	if strings.TrimSpace(email) == "" || strings.TrimSpace(backupKey) == "" {
		return ErrMissing
	}
	if err := f.settle(f.api.Recover(ctx, strings.TrimSpace(email), backupKey)); err != nil {
		return err
	}
	f.back(StepSignIn)
	return nil
}

// Back goes to the previous step (Esc). It is a no-op at the first step and after Done.
func (f *Flow) Back() {
	if f.step == StepDone || len(f.prev) == 0 {
		return
	}
	if f.step == StepPINSetup || f.Unsaved {
		// The device is registered but will not be finished: the Store revokes it.
		f.Store.Abandon()
		f.Unsaved = false
	}
	if f.step == StepRecovery && f.prev[len(f.prev)-1] == StepCode {
		// Account Recovery opened at the code: the sign-in waiting for it is still there.
		f.step, f.prev = StepCode, f.prev[:len(f.prev)-1]
		return
	}
	switch f.step {
	case StepCode, StepEnroll, StepEnrollConfirm, StepPINSetup, StepRecovery:
		// Leaving a sign-in in the middle abandons it: the next attempt starts at sign-in.
		f.back(StepSignIn)
		return
	}
	f.step, f.prev = f.prev[len(f.prev)-1], f.prev[:len(f.prev)-1]
}

// back returns to an earlier step, dropping the steps after it and the sign-in in progress.
func (f *Flow) back(s Step) {
	for len(f.prev) > 0 && f.prev[len(f.prev)-1] != s {
		f.prev = f.prev[:len(f.prev)-1]
	}
	if len(f.prev) > 0 {
		f.prev = f.prev[:len(f.prev)-1]
	}
	f.step, f.challenge, f.Enrollment, f.key = s, "", api.EnrollResponse{}, ""
	f.Mode, f.PhoneHint, f.AllowedModes, f.Failures, f.CodeAlreadySent = "", "", nil, 0, false
	f.policyKnown, f.Organization, f.RequirePIN = false, "", false // the next sign-in may be another account's
}
