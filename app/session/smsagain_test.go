package session

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/app/wizard"
	"github.com/x360sync/desktop/client/mockserver"
)

// texts returns the codes of the text messages the mock server sent to phone, read from its
// dev outbox.
func (r *rig) texts(phone string) []string {
	r.t.Helper()
	resp, err := http.Get(r.ts.URL + "/dev/outbox?to=" + url.QueryEscape(phone))
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	var msgs []mockserver.Message
	if err := json.NewDecoder(resp.Body).Decode(&msgs); err != nil {
		r.t.Fatal(err)
	}
	var codes []string
	for _, m := range msgs {
		if m.Channel == "sms" && m.To == phone {
			codes = append(codes, m.Code)
		}
	}
	return codes
}

// Esc at the text-message code step and signing in again, while the code is alive, sends no
// second text: the sign-in takes up the challenge whose code was sent, and says so.
func TestSession_signInAgainAfterBackSendsNoSecondText(t *testing.T) {
	const phone = "+12025550143"
	r := newRig(t, &vault.Memory{})
	m := r.manager()
	ctx := context.Background()
	f := m.NewFlow()
	if err := f.SubmitServer(ctx, r.ts.URL); err != nil {
		t.Fatal(err)
	}
	if err := f.SubmitSignIn(ctx, "carol", mockserver.DemoPassword, "laptop"); err != nil || f.Step() != wizard.StepCode {
		t.Fatalf("sign-in: %v at %v", err, f.Step())
	}
	if f.CodeAlreadySent {
		t.Error("the first sign-in says the code was already sent")
	}
	first := r.texts(phone)
	if len(first) != 1 {
		t.Fatalf("texts after the first sign-in: %d, want 1", len(first))
	}
	f.Back()
	if err := f.SubmitSignIn(ctx, "carol", mockserver.DemoPassword, "laptop"); err != nil || f.Step() != wizard.StepCode {
		t.Fatalf("second sign-in: %v at %v", err, f.Step())
	}
	if n := len(r.texts(phone)); n != 1 {
		t.Errorf("texts after signing in again: %d, want still 1", n)
	}
	if !f.CodeAlreadySent || f.PhoneHint == "" {
		t.Errorf("second sign-in: already sent %v, phone hint %q; want the screen to say the code was sent", f.CodeAlreadySent, f.PhoneHint)
	}
	if f.ResendAfter <= 0 || f.ResendAfter > wizard.FirstResendAfter {
		t.Errorf("Resend counts down from %v, want what is left of %v", f.ResendAfter, wizard.FirstResendAfter)
	}
	if err := f.SubmitCode(ctx, first[0]); err != nil || f.Step() != wizard.StepDone {
		t.Fatalf("the code from the first text: %v at %v", err, f.Step())
	}
}
