package wizard

import (
	"errors"

	"github.com/x360sync/desktop/app/phone"
	"github.com/x360sync/desktop/app/pin"
	"github.com/x360sync/desktop/client"
)

// Outcome is what an error from a step means for the person, the same in every front end:
// the words are each front end's own, the meaning is decided here once.
type Outcome int

// The outcomes.
const (
	// Retry keeps the person on the same step to correct what they typed (a wrong code, a
	// weak PIN, an invalid phone number) or to try again (the server could not be reached).
	Retry Outcome = iota
	// StartOver means the sign-in in progress is gone (the challenge expired): sign in again.
	StartOver
	// Stop ends the registration: nothing the person types at this step can help.
	Stop
)

// OutcomeOf classifies an error from a Flow method.
func OutcomeOf(err error) Outcome {
	switch {
	case errors.Is(err, client.ErrChallengeExpired):
		return StartOver
	case errors.Is(err, client.ErrInvalidCode), errors.Is(err, client.ErrCodeUsed), errors.Is(err, client.ErrClockSkew),
		errors.Is(err, client.ErrCodeExpired), errors.Is(err, client.ErrInvalidPhone), errors.Is(err, client.ErrSMSNotAllowed),
		errors.Is(err, phone.ErrInvalid), errors.Is(err, client.ErrInvalidCredentials), errors.Is(err, client.ErrRateLimited),
		errors.Is(err, pin.ErrLength), errors.Is(err, pin.ErrDigits), errors.Is(err, pin.ErrRepeated),
		errors.Is(err, pin.ErrSequence), errors.Is(err, pin.ErrMismatch), errors.Is(err, ErrMissing),
		errors.Is(err, client.ErrUnreachable), errors.Is(err, client.ErrServer):
		return Retry
	}
	return Stop
}
