package wizard

import (
	"context"
	"testing"

	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// TestFlow_oneRequestPerHumanStep counts what reaches the server for each thing a person does
// in the wizard: every step that needs the server costs exactly one request (no pre-flight
// calls, no polling, no retries on a healthy server), and the local steps cost none.
func TestFlow_oneRequestPerHumanStep(t *testing.T) {
	ctx := context.Background()
	type event struct {
		name string
		do   func(h *harness) error
		want int64
	}
	server := event{"server address", func(h *harness) error { return h.flow.SubmitServer(ctx, h.ts.URL) }, 1}
	signIn := func(user string) event {
		return event{"sign in", func(h *harness) error { return h.flow.SubmitSignIn(ctx, user, password, "laptop") }, 1}
	}
	for name, events := range map[string][]event{
		"bob, authenticator code": {
			server, signIn("bob"),
			{"code", func(h *harness) error { return h.flow.SubmitCode(ctx, h.code(bobSecret)) }, 1},
		},
		"carol, text message with a resend": {
			server, signIn("carol"),
			{"resend", func(h *harness) error { h.clk.add(60e9); return h.flow.Resend(ctx) }, 1},
			{"code", func(h *harness) error { return h.flow.SubmitCode(ctx, h.texted.Load().(string)) }, 1},
		},
		"dave, forced enrolment and PIN": {
			server, signIn("dave"),
			{"authentication mode", func(h *harness) error { return h.flow.ChooseMode(ctx, api.ModeTOTP, "") }, 1},
			{"confirmation code", func(h *harness) error { return h.flow.SubmitConfirm(ctx, h.code(h.flow.Enrollment.Secret)) }, 1},
			{"PIN", func(h *harness) error { return h.flow.SubmitPIN(ctx, "204913", "204913") }, 0},
		},
		"erin, recovery": {
			server,
			{"open Account Recovery", func(h *harness) error { return h.flow.OpenRecovery() }, 0},
			{"request", func(h *harness) error { return h.flow.SubmitRecovery(ctx, "erin@globex.test", "R8TW-5JGC-2MYB-6KQF") }, 1},
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			// Texts are read from the server's hook, not /dev/outbox, which would be counted.
			h.srv.OnMessage = func(m mockserver.Message) { h.texted.Store(m.Code) }
			for _, e := range events {
				before := h.requests.Load()
				if err := e.do(h); err != nil {
					t.Fatalf("%s: %v", e.name, err)
				}
				if got := h.requests.Load() - before; got != e.want {
					t.Errorf("%s: %d requests, want %d", e.name, got, e.want)
				}
			}
		})
	}
}

// A request whose answer may have been lost keeps its Idempotency-Key for the retry; a server
// that could not save answered (its key would only replay that answer), so the next attempt
// gets a new key.
func TestFlow_aFailedSaveIsAnAnswerAndTheRetryGetsANewKey(t *testing.T) {
	var f Flow
	for _, c := range []struct {
		err  error
		keep bool
	}{
		{&client.APIError{Status: 502}, true},
		{&client.APIError{Status: 500, Code: api.CodeStoreFailed}, false},
		{&client.APIError{Status: 401, Code: api.CodeInvalidCredentials}, false},
	} {
		key := f.keyFor()
		_ = f.settle(c.err)
		if kept := f.keyFor() == key; kept != c.keep {
			t.Errorf("after %v the key was kept: %v, want %v", c.err, kept, c.keep)
		}
		f.key = ""
	}
}
