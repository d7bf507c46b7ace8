// Package apitest checks HTTP traffic against the x360Sync contract (client/api/openapi.yaml),
// so every test that talks to the mock server also proves the mock keeps the contract.
package apitest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"

	"github.com/x360sync/desktop/client/api"
)

var (
	once   sync.Once
	router routers.Router
	docErr error
)

// Router returns a router over the embedded spec, which must itself be a valid OpenAPI 3 document.
func Router() (routers.Router, error) {
	once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
		if err != nil {
			docErr = err
			return
		}
		if err = doc.Validate(context.Background()); err != nil {
			docErr = err
			return
		}
		doc.Servers = nil // match any host: tests serve on random loopback ports
		router, docErr = legacyrouter.NewRouter(doc)
	})
	return router, docErr
}

// documented says whether a path belongs to the contract (the mock's /dev/ routes and its copy
// of the spec do not).
func documented(path string) bool {
	return path == "/healthz" || strings.HasPrefix(path, "/api/")
}

// Transport validates each response to a documented route against the spec and reports any
// mismatch as a test error. Routes outside the contract and injected faults are not checked.
type Transport struct {
	T    testing.TB
	Base http.RoundTripper // nil means http.DefaultTransport

	mu      sync.Mutex
	checked int
}

// Checked is how many responses were validated.
func (v *Transport) Checked() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.checked
}

// RoundTrip implements http.RoundTripper.
func (v *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := v.Base
	if base == nil {
		base = http.DefaultTransport
	}
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := base.RoundTrip(req)
	if err != nil || !documented(req.URL.Path) || resp.Header.Get(api.FaultHeader) != "" {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		return resp, nil
	}
	v.T.Helper()
	if msg := Validate(req, reqBody, resp.StatusCode, resp.Header, body); msg != "" {
		v.T.Errorf("contract: %s %s -> %d: %s", req.Method, req.URL.Path, resp.StatusCode, msg)
	}
	v.mu.Lock()
	v.checked++
	v.mu.Unlock()
	return resp, nil
}

// Validate checks one response against the spec and returns "" or what is wrong.
func Validate(req *http.Request, reqBody []byte, status int, header http.Header, body []byte) string {
	r, err := Router()
	if err != nil {
		return "spec does not load: " + err.Error()
	}
	clone := req.Clone(context.Background())
	clone.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := r.FindRoute(clone)
	if err != nil {
		return "route not in the spec: " + err.Error()
	}
	in := &openapi3filter.RequestValidationInput{
		Request: clone, PathParams: params, Route: route,
		Options: &openapi3filter.Options{ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return err.Error()
	}
	return ""
}
