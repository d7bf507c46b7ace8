// Package api holds the x360Sync API's wire types and error codes, shared by the client and the
// mock server, and embeds openapi.yaml, the single description of the contract.
package api

import (
	_ "embed"
	"time"
)

// OpenAPI is the contract in OpenAPI 3 form; the mock serves it at /openapi.yaml and tests
// validate every response against it.
//
//go:embed openapi.yaml
var OpenAPI []byte

// Version is the API version this package describes.
const Version = "v1"

// Login and registration statuses.
const (
	StatusRegistered         = "registered"
	StatusCodeRequired       = "code_required"
	StatusEnrollmentRequired = "enrollment_required"
	StatusEnabled            = "enabled"
	StatusDisabled           = "disabled"
	StatusAccepted           = "accepted"
)

// Two-step authentication modes.
const (
	ModeTOTP = "totp"
	ModeSMS  = "sms"
)

// Error codes carried in ErrorBody.
const (
	CodeInvalidCredentials = "invalid_credentials"
	CodeRateLimited        = "rate_limited"
	CodeInvalidCode        = "invalid_code"
	CodeCodeExpired        = "code_expired"
	CodeCodeUsed           = "code_used"
	CodeClockSkew          = "clock_skew"
	CodeChallengeExpired   = "challenge_expired"
	CodeInvalidPhone       = "invalid_phone"
	CodePasswordMismatch   = "password_mismatch"
	CodeSMSNotAllowed      = "sms_not_allowed"
	CodePolicyRequires2FA  = "policy_requires_2fa"
	CodeInvalidGrant       = "invalid_grant"
	CodeEnrollmentRequired = "enrollment_required"
	CodeUnauthorized       = "unauthorized"
	CodeNotFound           = "not_found"
	CodeBadRequest         = "bad_request"
	CodeInternal           = "internal"
	CodeUnavailable        = "unavailable"
	// CodeOverloaded (503, with Retry-After): the server is busy and shed the request before
	// doing anything with it; the same request may be sent again after Retry-After.
	CodeOverloaded = "overloaded"
	// CodeStoreFailed (500): the server could not save a change it had made; the request may
	// have taken effect, so it is not retried as it was (an Idempotency-Key gets this answer
	// again).
	CodeStoreFailed = "store_failed"
	// CodeTwoFactorEnabled (409): enrolling from settings while two-step authentication is
	// on; it must be disabled first, which needs a current code.
	CodeTwoFactorEnabled = "two_factor_enabled"
	// CodeSMSLimit (429): no more texts to this number or account for now; retry_after says
	// when the next one can be sent.
	CodeSMSLimit = "sms_limit"
	// CodeAccountLocked (403): too many wrong passwords from anywhere; sign-in needs Account
	// Recovery or an admin.
	CodeAccountLocked = "account_locked"
	// CodeRecoveryLocked (403): Account Recovery for an email took too many wrong Backup keys
	// from anywhere; only an administrator unlocks it (Account Recovery is what is locked).
	CodeRecoveryLocked = "recovery_locked"
	// CodeUnsupportedMediaType (415): a request body that is not application/json.
	CodeUnsupportedMediaType = "unsupported_media_type"
	// CodeMisdirected (421): a loopback server asked for by another host name.
	CodeMisdirected = "misdirected_request"
)

// IdempotencyHeader names the header that makes a retried login, verify or confirm safe.
const IdempotencyHeader = "Idempotency-Key"

// FaultHeader marks a response that the mock server's fault injection made up rather than the
// API; the contract does not describe such answers.
const FaultHeader = "X-Mock-Fault"

// ErrorBody is every error response: {"error":{"code","message","retry_after"?}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong; RetryAfter is in seconds.
type ErrorDetail struct {
	Code       string `json:"code"`
	Message    string `json:"message"`
	RetryAfter int    `json:"retry_after,omitempty"`
}

// Health answers GET /healthz.
type Health struct {
	Status string `json:"status"`
}

// ServerInfo answers GET /api/v1/server; Time is the server's clock.
type ServerInfo struct {
	Name    string    `json:"name"`
	Version string    `json:"version"`
	API     string    `json:"api"`
	Time    time.Time `json:"time"`
}

// DeviceInfo describes the device being registered.
type DeviceInfo struct {
	Name       string `json:"name"`
	Platform   string `json:"platform"`
	AppVersion string `json:"app_version"`
	// RevokeKeySHA256 is the hex SHA-256 of a revoke key the client made and stored before
	// signing in: the device it registers can then be revoked with that key even when the
	// answer never arrived (a crash). The server issues no revoke key of its own then.
	RevokeKeySHA256 string `json:"revoke_key_sha256,omitempty"`
}

// RevokeByKeyRequest is POST /api/v1/devices/revoke.
type RevokeByKeyRequest struct {
	RevokeKey string `json:"revoke_key"`
}

// LoginRequest is POST /api/v1/auth/login.
type LoginRequest struct {
	Username string     `json:"username"`
	Password string     `json:"password"`
	Device   DeviceInfo `json:"device"`
}

// Policy is the organisation's policy as it bears on this device.
type Policy struct {
	RequirePIN bool `json:"require_pin"`
	// Organization is the organization's name, sent with a challenge (code_required,
	// enrollment_required) so that the client can say what it requires.
	Organization string `json:"organization,omitempty"`
}

// Tokens is what a registered device holds. ExpiresIn is the access token's life in seconds.
type Tokens struct {
	DeviceID     string `json:"device_id"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	Policy       Policy `json:"policy"`
	// RevokeKey is issued once, at registration. It can do nothing but revoke this device
	// (POST /api/v1/devices/{id}/revoke), so the app may keep it outside the PIN-sealed
	// credential and still sign the device out after too many wrong PINs.
	RevokeKey string `json:"revoke_key,omitempty"`
}

// AuthResponse answers login, verify and enrolment confirmation. Status says which fields are set:
// registered (the token fields and Policy), code_required (Challenge, Mode, PhoneHint for sms) or
// enrollment_required (Challenge, AllowedModes). ExpiresIn is the access token's life for
// registered, the challenge's life otherwise, in seconds. With code_required in sms mode,
// ResendAfter is the wait in seconds before a resend may be asked for, and CodeAlreadySent says
// no text was sent this time: the sign-in took up this device's live challenge, whose code was
// texted for an earlier sign-in and is still valid.
type AuthResponse struct {
	Status       string   `json:"status"`
	DeviceID     string   `json:"device_id,omitempty"`
	AccessToken  string   `json:"access_token,omitempty"`
	RefreshToken string   `json:"refresh_token,omitempty"`
	RevokeKey    string   `json:"revoke_key,omitempty"`
	TokenType    string   `json:"token_type,omitempty"`
	Policy       *Policy  `json:"policy,omitempty"`
	Challenge    string   `json:"challenge,omitempty"`
	Mode         string   `json:"mode,omitempty"`
	PhoneHint    string   `json:"phone_hint,omitempty"`
	AllowedModes []string `json:"allowed_modes,omitempty"`
	ExpiresIn    int      `json:"expires_in"`
	// CodeAlreadySent and ResendAfter: see above.
	CodeAlreadySent bool `json:"code_already_sent,omitempty"`
	ResendAfter     int  `json:"resend_after,omitempty"`
}

// RegisteredResponse wraps tokens as the answer that registers a device.
func RegisteredResponse(t Tokens) AuthResponse {
	p := t.Policy
	return AuthResponse{
		Status: StatusRegistered, DeviceID: t.DeviceID, AccessToken: t.AccessToken,
		RefreshToken: t.RefreshToken, RevokeKey: t.RevokeKey, TokenType: t.TokenType, ExpiresIn: t.ExpiresIn, Policy: &p,
	}
}

// Tokens returns the token fields of a registered answer.
func (r AuthResponse) Tokens() Tokens {
	t := Tokens{
		DeviceID: r.DeviceID, AccessToken: r.AccessToken, RefreshToken: r.RefreshToken,
		RevokeKey: r.RevokeKey, TokenType: r.TokenType, ExpiresIn: r.ExpiresIn,
	}
	if r.Policy != nil {
		t.Policy = *r.Policy
	}
	return t
}

// VerifyRequest is POST /api/v1/auth/verify.
type VerifyRequest struct {
	Challenge string `json:"challenge"`
	Code      string `json:"code"`
}

// ResendRequest is POST /api/v1/auth/sms/resend.
type ResendRequest struct {
	Challenge string `json:"challenge"`
}

// ResendResponse says when the next resend is allowed, in seconds.
type ResendResponse struct {
	ResendAfter int `json:"resend_after"`
}

// EnrollRequest is POST /api/v1/2fa/enroll: with Challenge in the sign-in flow, or with a Bearer
// token and both passwords from account settings.
type EnrollRequest struct {
	Challenge       string `json:"challenge,omitempty"`
	Mode            string `json:"mode"`
	Phone           string `json:"phone,omitempty"`
	CurrentPassword string `json:"current_password,omitempty"`
	ConfirmPassword string `json:"confirm_password,omitempty"`
}

// EnrollResponse carries what the user must save or scan. Secret and OTPAuthURL are set for totp,
// PhoneHint for sms; BackupKey always. ExpiresIn is the enrolment's life in seconds.
type EnrollResponse struct {
	Enrollment string `json:"enrollment"`
	Mode       string `json:"mode"`
	Secret     string `json:"secret,omitempty"`
	OTPAuthURL string `json:"otpauth_url,omitempty"`
	PhoneHint  string `json:"phone_hint,omitempty"`
	BackupKey  string `json:"backup_key"`
	ExpiresIn  int    `json:"expires_in"`
}

// ConfirmRequest is POST /api/v1/2fa/enroll/confirm.
type ConfirmRequest struct {
	Enrollment string `json:"enrollment"`
	Code       string `json:"code"`
}

// DisableRequest is POST /api/v1/2fa/disable.
type DisableRequest struct {
	CurrentPassword string `json:"current_password"`
	Code            string `json:"code"`
}

// StatusResponse is a bare {"status": ...}.
type StatusResponse struct {
	Status string `json:"status"`
}

// RevokeWithKeyRequest is POST /api/v1/devices/{id}/revoke: the device's own revoke key, no
// bearer token.
type RevokeWithKeyRequest struct {
	RevokeKey string `json:"revoke_key"`
}

// RecoveryRequest is POST /api/v1/recovery.
type RecoveryRequest struct {
	Email     string `json:"email"`
	BackupKey string `json:"backup_key"`
}

// RefreshRequest is POST /api/v1/auth/refresh.
type RefreshRequest struct {
	RefreshToken string `json:"refresh_token"`
}

// Org is the user's organisation and its policy.
type Org struct {
	Name       string `json:"name"`
	Require2FA bool   `json:"require_2fa"`
	RequirePIN bool   `json:"require_pin"`
	AllowSMS   bool   `json:"allow_sms"`
}

// TwoFactor is the account's two-step authentication state.
type TwoFactor struct {
	Enabled   bool   `json:"enabled"`
	Mode      string `json:"mode,omitempty"`
	PhoneHint string `json:"phone_hint,omitempty"`
}

// Me answers GET /api/v1/me.
type Me struct {
	Username  string    `json:"username"`
	Email     string    `json:"email"`
	Org       Org       `json:"org"`
	TwoFactor TwoFactor `json:"two_factor"`
	DeviceID  string    `json:"device_id"`
}

// Device is one registered device in GET /api/v1/devices.
type Device struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Platform     string    `json:"platform"`
	AppVersion   string    `json:"app_version"`
	RegisteredAt time.Time `json:"registered_at"`
	LastSeenAt   time.Time `json:"last_seen_at"`
	Current      bool      `json:"current"`
}

// OutboxMessage is one text message or email the mock server "sent", as its /dev/outbox
// lists it: the demo's phone (app/demophone) reads what the mock server (client/mockserver)
// writes, and both use this one type.
type OutboxMessage struct {
	Channel string    `json:"channel"` // "sms" or "email"
	To      string    `json:"to"`
	Text    string    `json:"text"`
	Code    string    `json:"code,omitempty"`
	At      time.Time `json:"at"`
}
