package client

import (
	"errors"
	"fmt"

	"github.com/x360sync/desktop/client/api"
)

// Sentinel errors. Every error the client returns matches one of these with errors.Is; an
// error from the server is also an *APIError with the details.
var (
	ErrInvalidCredentials = errors.New("client: invalid credentials")
	ErrRateLimited        = errors.New("client: rate limited")
	ErrInvalidCode        = errors.New("client: invalid code")
	ErrCodeExpired        = errors.New("client: code expired")
	ErrCodeUsed           = errors.New("client: code already used")
	ErrClockSkew          = errors.New("client: authenticator clock skew")
	ErrChallengeExpired   = errors.New("client: challenge expired")
	ErrInvalidPhone       = errors.New("client: invalid phone number")
	ErrPasswordMismatch   = errors.New("client: passwords do not match")
	ErrSMSNotAllowed      = errors.New("client: text messages not allowed")
	ErrPolicyRequires2FA  = errors.New("client: policy requires two-step authentication")
	ErrInvalidGrant       = errors.New("client: device signed out")
	ErrEnrollmentRequired = errors.New("client: enrolment required")
	ErrUnauthorized       = errors.New("client: unauthorized")
	ErrNotFound           = errors.New("client: not found")
	ErrBadRequest         = errors.New("client: bad request")
	ErrServer             = errors.New("client: server error")
	ErrUnreachable        = errors.New("client: server unreachable")
	ErrInsecureURL        = errors.New("client: insecure server address")
	ErrNotSignedIn        = errors.New("client: not signed in")
	ErrResponseTooLarge   = errors.New("client: response too large")
	ErrUnexpected         = errors.New("client: unexpected response")
	// ErrTwoFactorEnabled: two-step authentication is on; disable it before setting it up again.
	ErrTwoFactorEnabled = errors.New("client: two-step authentication already on")
	// ErrAccountLocked: too many wrong passwords; Account Recovery or an admin unlocks it.
	ErrAccountLocked = errors.New("client: account locked")
	// ErrUnsupportedMediaType: the server refused the request's body format.
	ErrUnsupportedMediaType = errors.New("client: request format refused")
	// ErrMisdirected: a loopback server refused the host name it was reached by.
	ErrMisdirected = errors.New("client: server refused this address")
)

// ErrRecoveryLocked is Account Recovery's own hard lock (too many wrong Backup keys for an
// email): only an administrator unlocks it, so words that offer Account Recovery do not fit.
// It is also ErrAccountLocked, so code that only knows that one still sees a lock.
var ErrRecoveryLocked = fmt.Errorf("client: account recovery locked: %w", ErrAccountLocked)

// ErrSMSLimit is a rate limit on texts (APIError.RetryAfter says when the next can go); it
// is also ErrRateLimited, so code that waits out a 429 waits this out too.
var ErrSMSLimit = fmt.Errorf("client: text message limit: %w", ErrRateLimited)

// ErrStoreFailed is a server that could not save a change it made (the request may have taken
// effect): an answer, not a lost one, so a retry needs a new Idempotency-Key. It is also
// ErrServer.
var ErrStoreFailed = fmt.Errorf("client: server could not save: %w", ErrServer)

var codeErrors = map[string]error{
	api.CodeInvalidCredentials:   ErrInvalidCredentials,
	api.CodeRateLimited:          ErrRateLimited,
	api.CodeInvalidCode:          ErrInvalidCode,
	api.CodeCodeExpired:          ErrCodeExpired,
	api.CodeCodeUsed:             ErrCodeUsed,
	api.CodeClockSkew:            ErrClockSkew,
	api.CodeChallengeExpired:     ErrChallengeExpired,
	api.CodeInvalidPhone:         ErrInvalidPhone,
	api.CodePasswordMismatch:     ErrPasswordMismatch,
	api.CodeSMSNotAllowed:        ErrSMSNotAllowed,
	api.CodePolicyRequires2FA:    ErrPolicyRequires2FA,
	api.CodeInvalidGrant:         ErrInvalidGrant,
	api.CodeEnrollmentRequired:   ErrEnrollmentRequired,
	api.CodeUnauthorized:         ErrUnauthorized,
	api.CodeNotFound:             ErrNotFound,
	api.CodeBadRequest:           ErrBadRequest,
	api.CodeTwoFactorEnabled:     ErrTwoFactorEnabled,
	api.CodeSMSLimit:             ErrSMSLimit,
	api.CodeAccountLocked:        ErrAccountLocked,
	api.CodeRecoveryLocked:       ErrRecoveryLocked,
	api.CodeUnsupportedMediaType: ErrUnsupportedMediaType,
	api.CodeMisdirected:          ErrMisdirected,
	api.CodeStoreFailed:          ErrStoreFailed,
}

// APIError is an error answer from the server. Message is the server's English text, for logs
// and diagnostics; the UI chooses its own words from the sentinel.
type APIError struct {
	Status     int
	Code       string
	Message    string
	RetryAfter int // seconds; 0 when the server gave none
}

func (e *APIError) Error() string {
	return fmt.Sprintf("client: server answered %d %s", e.Status, e.Code)
}

// Unwrap lets errors.Is match the sentinel for the code (or the status, for unknown codes).
func (e *APIError) Unwrap() error {
	if err, ok := codeErrors[e.Code]; ok {
		return err
	}
	switch {
	case e.Status == 401:
		return ErrUnauthorized
	case e.Status == 404:
		return ErrNotFound
	case e.Status == 429:
		return ErrRateLimited
	case e.Status >= 500:
		return ErrServer
	default:
		return ErrUnexpected
	}
}

// errorFrom is the one place that maps an HTTP answer to an error.
func errorFrom(status int, body *api.ErrorBody) error {
	if status < 400 {
		return nil
	}
	e := &APIError{Status: status}
	if body != nil {
		e.Code, e.Message, e.RetryAfter = body.Error.Code, body.Error.Message, body.Error.RetryAfter
	}
	return e
}
