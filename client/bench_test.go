package client_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/x360sync/desktop/client"
	"github.com/x360sync/desktop/client/api"
	"github.com/x360sync/desktop/client/mockserver"
)

// BenchmarkMe measures what the client adds to a request: the same GET /api/v1/me against the
// in-process mock server over loopback, through the resty client (bearer, error mapping,
// retry and refresh logic) and through a bare net/http client with encoding/json. The
// difference of the two is the client's overhead per request.
func BenchmarkMe(b *testing.B) {
	ts := httptest.NewServer(mockserver.New())
	defer ts.Close()
	ctx := context.Background()
	signIn := func() (*client.Client, api.Tokens) {
		c, err := client.New(ts.URL)
		if err != nil {
			b.Fatal(err)
		}
		r, err := c.Login(ctx, api.LoginRequest{Username: "alice", Password: mockserver.DemoPassword, Device: api.DeviceInfo{Name: "bench"}}, "")
		if err != nil {
			b.Fatal(err)
		}
		return c, r.Tokens()
	}

	b.Run("client", func(b *testing.B) {
		c, _ := signIn()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Me(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("net-http", func(b *testing.B) {
		_, tokens := signIn()
		hc := &http.Client{}
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+tokens.AccessToken)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var me api.Me
			err = json.NewDecoder(resp.Body).Decode(&me)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatalf("%d %v", resp.StatusCode, err)
			}
		}
	})
}
