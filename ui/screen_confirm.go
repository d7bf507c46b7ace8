package ui

import (
	"context"
)

// confirmScreen is the wizard's "Confirm two-step authentication" page.
type confirmScreen struct{ *enrolmentView }

func newConfirmScreen(v *wizardView) *confirmScreen {
	s := &confirmScreen{}
	s.enrolmentView = newEnrolmentView(v.win, v.flow.Enrollment, v.run, func(code string) {
		v.do(func(ctx context.Context) error { return v.flow.SubmitConfirm(ctx, code) })
	}, func() {
		v.do(func(ctx context.Context) error { return v.flow.Resend(ctx) }, func() { s.resend.countFrom(v.flow.ResendAfter) })
	}, v.flow.ResendAfter)
	return s
}

// fieldError puts a wrong code's words under the code field (see codeError).
func (s *confirmScreen) fieldError(err error) bool { return s.codeError(err) }

// afterWait empties the code and focuses its field after a too-many-attempts wait.
func (s *confirmScreen) afterWait() { s.wrongCode() }
