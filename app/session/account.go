package session

import (
	"context"
	"time"

	"github.com/x360sync/desktop/app/config"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
)

// The account calls of a ready session. Each runs as one call in flight (Lock waits for it);
// an answer that means the device was signed out wipes it and returns ErrSignedOut (or
// ErrPolicyChanged), after which State is NoCredential.

// Account reads the signed-in account, and keeps the organization it names (see
// noteOrganization).
func (m *Manager) Account(ctx context.Context) (api.Me, error) {
	device := m.snapshot().DeviceID
	me, err := call(m, ctx, func(ctx context.Context, c *client.Client) (api.Me, error) { return c.Me(ctx) })
	if err == nil {
		m.noteOrganization(device, me.Org.Name)
	}
	return me, err
}

// noteOrganization keeps the account's organization with the registration of device when it
// is not the one kept: a sign-in without a challenge is told none, and an organization may
// be renamed. Best effort: it only names the account on Unlock, so a failed write is left for
// the next read.
func (m *Manager) noteOrganization(device, name string) {
	if name == "" || m.snapshot().Organization == name {
		return
	}
	m.wmu.Lock()
	defer m.wmu.Unlock()
	_, _ = m.update(func(s *config.State) error {
		if !s.Registered() || s.DeviceID != device {
			return errStale // signed out (or another registration) meanwhile
		}
		s.Organization = name
		return nil
	})
}

// Devices lists the account's devices.
func (m *Manager) Devices(ctx context.Context) ([]api.Device, error) {
	return call(m, ctx, func(ctx context.Context, c *client.Client) ([]api.Device, error) { return c.Devices(ctx) })
}

// RevokeDevice signs another device of the account out (this one signs out with SignOut).
func (m *Manager) RevokeDevice(ctx context.Context, id string) error {
	_, err := call(m, ctx, func(ctx context.Context, c *client.Client) (struct{}, error) {
		return struct{}{}, c.RevokeDevice(ctx, id)
	})
	return err
}

// EnableTwoStep starts enrolment from account settings (the product help's Account Settings
// flow: mode, current and confirm password, phone for text messages).
func (m *Manager) EnableTwoStep(ctx context.Context, mode, currentPassword, confirmPassword, phone string) (api.EnrollResponse, error) {
	return call(m, ctx, func(ctx context.Context, c *client.Client) (api.EnrollResponse, error) {
		return c.Enroll(ctx, api.EnrollRequest{Mode: mode, CurrentPassword: currentPassword, ConfirmPassword: confirmPassword, Phone: phone})
	})
}

// ResendEnrollmentSMS sends the enrolment's text message again; it says when the next may go.
func (m *Manager) ResendEnrollmentSMS(ctx context.Context, enrollment string) (time.Duration, error) {
	return call(m, ctx, func(ctx context.Context, c *client.Client) (time.Duration, error) {
		return c.ResendSMS(ctx, enrollment)
	})
}

// ConfirmTwoStep finishes enrolment with the first code.
func (m *Manager) ConfirmTwoStep(ctx context.Context, enrollment, code string) error {
	_, err := call(m, ctx, func(ctx context.Context, c *client.Client) (api.AuthResponse, error) {
		return c.ConfirmEnrollment(ctx, enrollment, code, "")
	})
	return err
}

// DisableTwoStep turns two-step authentication off with the current password and an
// authenticator code or the Backup key.
func (m *Manager) DisableTwoStep(ctx context.Context, currentPassword, code string) error {
	_, err := call(m, ctx, func(ctx context.Context, c *client.Client) (struct{}, error) {
		return struct{}{}, c.Disable(ctx, currentPassword, code)
	})
	return err
}
