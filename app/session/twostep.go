package session

import (
	"context"

	"github.com/x360sync/desktop/client/api"
)

// The Account Settings flow of the product help: enable two-step authentication (mode,
// current and confirm password, phone for text messages), confirm it with a first code, or
// disable it. Errors that mean the device was signed out wipe it (see Handle).

// EnableTwoStep starts enrolment from account settings.
func (m *Manager) EnableTwoStep(ctx context.Context, mode, currentPassword, confirmPassword, phone string) (api.EnrollResponse, error) {
	if m.client == nil {
		return api.EnrollResponse{}, ErrNotUnlocked
	}
	en, err := m.client.Enroll(ctx, api.EnrollRequest{Mode: mode, CurrentPassword: currentPassword, ConfirmPassword: confirmPassword, Phone: phone})
	return en, m.Handle(ctx, err)
}

// ConfirmTwoStep finishes enrolment with the first code.
func (m *Manager) ConfirmTwoStep(ctx context.Context, enrollment, code string) error {
	if m.client == nil {
		return ErrNotUnlocked
	}
	_, err := m.client.ConfirmEnrollment(ctx, enrollment, code, "")
	return m.Handle(ctx, err)
}

// DisableTwoStep turns two-step authentication off with the current password and an
// authenticator code or the Backup key.
func (m *Manager) DisableTwoStep(ctx context.Context, currentPassword, code string) error {
	if m.client == nil {
		return ErrNotUnlocked
	}
	return m.Handle(ctx, m.client.Disable(ctx, currentPassword, code))
}
