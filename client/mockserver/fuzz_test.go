package mockserver

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/x360sync/desktop/client/api"
)

// fuzzServer is shared by the fuzz targets: starting a server hashes nothing (the demo state
// is cached), but sharing keeps each input cheap.
var fuzzServer = &Server{}

// fuzzRoute sends body to route and checks that the server never fails with a 5xx and always
// answers JSON: a valid body gets the handler's answer, anything else a clear 4xx.
func fuzzRoute(t *testing.T, method, route string, body []byte) {
	req := httptest.NewRequest(method, route, strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer x3a_fuzz")
	rec := httptest.NewRecorder()
	fuzzServer.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s with %q: status %d %s", method, route, body, rec.Code, rec.Body)
	}
	if rec.Code >= 400 {
		var e api.ErrorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Fatalf("%s %s with %q: error body %q is not the contract's", method, route, body, rec.Body)
		}
	}
}

var fuzzSeeds = []string{
	``, `{}`, `null`, `[]`, `"x"`, `{"username":1}`, `{} {}`, `{"challenge":"ch_x","code":"123456"}`,
	`{"username":"bob","password":"x","device":{"name":"d"}}`, `{"mode":"sms","phone":"+1"}`,
	`{"email":"bob@acme.test","backup_key":"7Q2M-K4XD-9PVN-3HZA"}`, `{"refresh_token":"x3r_"}`,
	`{"enrollment":"en_","code":"\u0000"}`, strings.Repeat(`{"a":`, 1000),
}

func fuzzTarget(f *testing.F, route string) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) { fuzzRoute(t, "POST", route, body) })
}

func FuzzLogin(f *testing.F)    { fuzzTarget(f, "/api/v1/auth/login") }
func FuzzVerify(f *testing.F)   { fuzzTarget(f, "/api/v1/auth/verify") }
func FuzzResend(f *testing.F)   { fuzzTarget(f, "/api/v1/auth/sms/resend") }
func FuzzRefresh(f *testing.F)  { fuzzTarget(f, "/api/v1/auth/refresh") }
func FuzzEnroll(f *testing.F)   { fuzzTarget(f, "/api/v1/2fa/enroll") }
func FuzzConfirm(f *testing.F)  { fuzzTarget(f, "/api/v1/2fa/enroll/confirm") }
func FuzzDisable(f *testing.F)  { fuzzTarget(f, "/api/v1/2fa/disable") }
func FuzzRecovery(f *testing.F) { fuzzTarget(f, "/api/v1/recovery") }
func FuzzClock(f *testing.F)    { fuzzTarget(f, "/dev/clock") }
func FuzzFaults(f *testing.F)   { fuzzTarget(f, "/dev/faults") }
