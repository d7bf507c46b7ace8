package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/x360sync/desktop/client/api"
)

func keyed(key string) map[string]string {
	if key == "" {
		key = newKey()
	}
	return map[string]string{api.IdempotencyHeader: key}
}

// ServerInfo reads the server's name, version and clock. It is the first request to a new
// server, so it also says what answered: a *ConnError with ErrNotX360Sync for anything but an
// x360Sync answer (a 404, an HTML page, JSON without the API version), ErrUnsupportedAPI for
// another API version.
func (c *Client) ServerInfo(ctx context.Context) (api.ServerInfo, error) {
	var out api.ServerInfo
	d, err := c.do(ctx, http.MethodGet, "/api/v1/server", nil, &out, nil)
	var ae *APIError
	switch {
	case errors.Is(err, ErrUnexpected), errors.As(err, &ae) && notOurs(ae):
		return out, &ConnError{Stage: ErrNotX360Sync, Details: d, Err: err}
	case err != nil:
		return out, err
	case out.API == "":
		return out, &ConnError{Stage: ErrNotX360Sync, Details: d}
	case out.API != api.Version:
		return out, &ConnError{Stage: ErrUnsupportedAPI, Details: d, Err: fmt.Errorf("server speaks API %q, this app %q", out.API, api.Version)}
	}
	return out, nil
}

// Login starts a sign-in. key is the Idempotency-Key: pass the same one when retrying a sign-in
// whose answer was lost (empty makes a fresh one). A registered answer signs the client in.
func (c *Client) Login(ctx context.Context, req api.LoginRequest, key string) (api.AuthResponse, error) {
	var out api.AuthResponse
	if err := c.call(ctx, http.MethodPost, "/api/v1/auth/login", req, &out, keyed(key)); err != nil {
		return out, err
	}
	return out, c.adopt(ctx, out)
}

// Verify answers a challenge with a code; on success the device is registered.
func (c *Client) Verify(ctx context.Context, challenge, code, key string) (api.AuthResponse, error) {
	var out api.AuthResponse
	if err := c.call(ctx, http.MethodPost, "/api/v1/auth/verify", api.VerifyRequest{Challenge: challenge, Code: code}, &out, keyed(key)); err != nil {
		return out, err
	}
	return out, c.adopt(ctx, out)
}

// ResendSMS asks for a new text message; it returns when the next resend is allowed.
func (c *Client) ResendSMS(ctx context.Context, challenge string) (time.Duration, error) {
	var out api.ResendResponse
	err := c.call(ctx, http.MethodPost, "/api/v1/auth/sms/resend", api.ResendRequest{Challenge: challenge}, &out, nil)
	return time.Duration(out.ResendAfter) * time.Second, err
}

// Enroll starts setting up two-step authentication: with req.Challenge in the sign-in flow, or
// signed in with both passwords from account settings.
func (c *Client) Enroll(ctx context.Context, req api.EnrollRequest) (api.EnrollResponse, error) {
	var out api.EnrollResponse
	if req.Challenge != "" {
		return out, c.call(ctx, http.MethodPost, "/api/v1/2fa/enroll", req, &out, nil)
	}
	return out, c.authorized(ctx, func(h map[string]string) error {
		return c.call(ctx, http.MethodPost, "/api/v1/2fa/enroll", req, &out, h)
	})
}

// ConfirmEnrollment finishes an enrolment with its first code. In the sign-in flow the answer is
// registered (and signs the client in); from settings its Status is "enabled".
func (c *Client) ConfirmEnrollment(ctx context.Context, enrollment, code, key string) (api.AuthResponse, error) {
	var out api.AuthResponse
	if err := c.call(ctx, http.MethodPost, "/api/v1/2fa/enroll/confirm", api.ConfirmRequest{Enrollment: enrollment, Code: code}, &out, keyed(key)); err != nil {
		return out, err
	}
	return out, c.adopt(ctx, out)
}

// Disable turns two-step authentication off (code: an authenticator code or the Backup key).
func (c *Client) Disable(ctx context.Context, currentPassword, code string) error {
	return c.authorized(ctx, func(h map[string]string) error {
		return c.call(ctx, http.MethodPost, "/api/v1/2fa/disable", api.DisableRequest{CurrentPassword: currentPassword, Code: code}, nil, h)
	})
}

// Recover asks the server to disable two-step authentication with the Backup key. The answer
// is the same whether or not the details matched.
func (c *Client) Recover(ctx context.Context, email, backupKey string) error {
	return c.call(ctx, http.MethodPost, "/api/v1/recovery", api.RecoveryRequest{Email: email, BackupKey: backupKey}, nil, nil)
}

// Me reads the signed-in account.
func (c *Client) Me(ctx context.Context) (api.Me, error) {
	var out api.Me
	return out, c.authorized(ctx, func(h map[string]string) error {
		return c.call(ctx, http.MethodGet, "/api/v1/me", nil, &out, h)
	})
}

// Devices lists the account's registered devices.
func (c *Client) Devices(ctx context.Context) ([]api.Device, error) {
	var out []api.Device
	return out, c.authorized(ctx, func(h map[string]string) error {
		return c.call(ctx, http.MethodGet, "/api/v1/devices", nil, &out, h)
	})
}

// RevokeDevice revokes a device; revoking this device signs it out.
func (c *Client) RevokeDevice(ctx context.Context, id string) error {
	return c.authorized(ctx, func(h map[string]string) error {
		return c.call(ctx, http.MethodDelete, "/api/v1/devices/"+url.PathEscape(id), nil, nil, h)
	})
}

// RevokeByKey revokes the device registered with a revoke key this client proposed at sign-in
// (api.DeviceInfo.RevokeKeySHA256); it needs neither a signed-in session nor the device's id,
// so it works after the credential was wiped and after a crash lost the registration's answer.
func (c *Client) RevokeByKey(ctx context.Context, revokeKey string) error {
	return c.call(ctx, http.MethodPost, "/api/v1/devices/revoke", api.RevokeByKeyRequest{RevokeKey: revokeKey}, nil, nil)
}

// RevokeWithKey revokes device id with the revoke key the server issued at its registration;
// like RevokeByKey it needs no signed-in session.
func (c *Client) RevokeWithKey(ctx context.Context, id, revokeKey string) error {
	return c.call(ctx, http.MethodPost, "/api/v1/devices/"+url.PathEscape(id)+"/revoke", api.RevokeWithKeyRequest{RevokeKey: revokeKey}, nil, nil)
}

// notOurs says an error answer to /api/v1/server cannot have come from an x360Sync server,
// which always serves that route: a 404, or any other client error without the API's body.
func notOurs(ae *APIError) bool {
	return ae.Status == http.StatusNotFound || ae.Code == "" && ae.Status < 500 && ae.Status != http.StatusTooManyRequests
}
