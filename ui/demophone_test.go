package ui

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/pquerna/otp/totp"

	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

func TestDemoPhone_showsCodesAndTheTextJustSent(t *testing.T) {
	test.NewTempApp(t)
	ts := httptest.NewServer(mockserver.New())
	defer ts.Close()
	v := newDemoPhoneView(ts.URL)
	queue := make(chan func(), 4)
	v.run.deliver = func(f func()) { queue <- f }
	test.NewTempWindow(t, v.content())

	c, _ := client.New(ts.URL)
	if _, err := c.Login(context.Background(), api.LoginRequest{Username: "carol", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "x"}}, ""); err != nil {
		t.Fatal(err)
	}
	shown := func(at time.Time) string {
		code, _ := totp.GenerateCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", at)
		return "bob    " + code[:3] + " " + code[3:]
	}
	before := shown(time.Now())
	v.refresh()
	v.run.wg.Wait()
	(<-queue)()
	after := shown(time.Now()) // the code may turn over during the read
	if !strings.Contains(v.codes.Text, before) && !strings.Contains(v.codes.Text, after) {
		t.Errorf("codes, want %q:\n%s", before, v.codes.Text)
	}
	if !strings.Contains(v.messages.Text, "Text to +12025550143") || !strings.Contains(v.messages.Text, "Your x360Sync authentication code is") {
		t.Errorf("messages:\n%s", v.messages.Text)
	}
}
