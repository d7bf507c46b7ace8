package session

import (
	"context"
	"errors"
	"testing"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/app/vault"
	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

func TestSession_enableThenDisableTwoStepFromSettings(t *testing.T) {
	r := newRig(t, &vault.Memory{})
	m := r.register("alice", "", "")
	ctx := context.Background()
	if _, err := m.EnableTwoStep(ctx, api.ModeTOTP, mockserver.DemoPassword, "other", ""); !errors.Is(err, client.ErrPasswordMismatch) {
		t.Errorf("mismatched passwords: %v", err)
	}
	en, err := m.EnableTwoStep(ctx, api.ModeTOTP, mockserver.DemoPassword, mockserver.DemoPassword, "")
	if err != nil || en.Secret == "" || en.BackupKey == "" {
		t.Fatalf("enable: %+v %v", en, err)
	}
	code, _ := totp.GenerateCode(en.Secret, r.srv.Now())
	if err := m.ConfirmTwoStep(ctx, en.Enrollment, code); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	me, _ := m.Account(ctx)
	if !me.TwoFactor.Enabled {
		t.Fatal("two-step is not on")
	}
	if err := m.DisableTwoStep(ctx, mockserver.DemoPassword, en.BackupKey); err != nil {
		t.Fatalf("disable with the Backup key: %v", err)
	}
	if me, _ := m.Account(ctx); me.TwoFactor.Enabled {
		t.Error("two-step is still on")
	}
}
