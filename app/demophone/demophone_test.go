package demophone

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

func TestRead_codesForEverySecretAndTheTextsSent(t *testing.T) {
	ts := httptest.NewServer(mockserver.New())
	defer ts.Close()
	now := time.Date(2026, 11, 26, 12, 0, 10, 0, time.UTC)
	p := &Phone{Server: ts.URL, Now: func() time.Time { return now }}
	ctx := context.Background()

	// carol signs in: a text arrives. dave starts enrolling: his new secret is on the phone too.
	c, _ := client.New(ts.URL)
	if _, err := c.Login(ctx, api.LoginRequest{Username: "carol", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "x"}}, ""); err != nil {
		t.Fatal(err)
	}
	r, err := c.Login(ctx, api.LoginRequest{Username: "dave", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "x"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	en, err := c.Enroll(ctx, api.EnrollRequest{Challenge: r.Challenge, Mode: api.ModeTOTP})
	if err != nil {
		t.Fatal(err)
	}

	s, err := p.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"bob": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "erin": "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U", "dave": en.Secret}
	if len(s.Codes) != len(want) {
		t.Fatalf("codes for %+v, want bob, dave and erin", s.Codes)
	}
	for _, c := range s.Codes {
		code, _ := totp.GenerateCode(want[c.Username], now)
		if c.Code != code || c.Left != 20 {
			t.Errorf("%s: code %s, %d s left; want %s, 20 s", c.Username, c.Code, c.Left, code)
		}
	}
	if len(s.Messages) == 0 || s.Messages[0].Channel != "sms" || s.Messages[0].Code == "" {
		t.Errorf("messages: %+v, want carol's text first", s.Messages)
	}
}

func TestRead_serverGoneIsAnError(t *testing.T) {
	ts := httptest.NewServer(mockserver.New())
	ts.Close()
	if _, err := (&Phone{Server: ts.URL}).Read(context.Background()); err == nil {
		t.Error("no error from a server that is gone")
	}
}
