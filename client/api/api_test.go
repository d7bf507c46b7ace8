package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/api/apitest"
)

func TestOpenAPI_isValidAndRejectsOffContractAnswers(t *testing.T) {
	if _, err := apitest.Router(); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	req := httptest.NewRequest("GET", "/api/v1/server", nil)
	if msg := apitest.Validate(req, nil, 200, jsonHeader(), []byte(`{"name":"x","version":"1","api":"v1","time":"2026-11-26T12:00:00Z"}`)); msg != "" {
		t.Errorf("a valid answer was refused: %s", msg)
	}
	if msg := apitest.Validate(req, nil, 200, jsonHeader(), []byte(`{"name":"x"}`)); msg == "" {
		t.Error("an answer missing required fields passed")
	}
	if msg := apitest.Validate(req, nil, 418, jsonHeader(), []byte(`{}`)); msg == "" {
		t.Error("an undocumented status passed")
	}
	if !strings.Contains(string(api.OpenAPI), "openapi: 3.") {
		t.Error("embedded spec is not OpenAPI 3")
	}
}

func jsonHeader() map[string][]string {
	return map[string][]string{"Content-Type": {"application/json"}}
}

func TestAuthResponse_tokensRoundTrip(t *testing.T) {
	in := api.Tokens{DeviceID: "d", AccessToken: "a", RefreshToken: "r", TokenType: "Bearer", ExpiresIn: 900, Policy: api.Policy{RequirePIN: true}}
	if got := api.RegisteredResponse(in).Tokens(); got != in {
		t.Errorf("got %+v, want %+v", got, in)
	}
}
