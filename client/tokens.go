package client

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/x360sync/desktop/client/api"
)

// Tokens returns the current tokens (zero when signed out).
func (c *Client) Tokens() api.Tokens {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tokens
}

// SignedIn says whether the client holds a refresh token.
func (c *Client) SignedIn() bool { return c.Tokens().RefreshToken != "" }

// ForgetTokens drops the tokens from memory (sign-out, wipe).
func (c *Client) ForgetTokens() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokens, c.expiresAt = api.Tokens{}, time.Time{}
}

// adopt takes the tokens of a registered answer, saving them first.
func (c *Client) adopt(ctx context.Context, r api.AuthResponse) error {
	if r.Status != api.StatusRegistered {
		return nil
	}
	return c.use(ctx, r.Tokens())
}

func (c *Client) use(ctx context.Context, t api.Tokens) error {
	if c.save != nil {
		if err := c.save(ctx, t); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokens, c.expiresAt = t, c.now().Add(time.Duration(t.ExpiresIn)*time.Second)
	return nil
}

// current returns the access token to use, or "" when it must be refreshed first.
func (c *Client) current() (access string, signedIn bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tokens.RefreshToken == "" {
		return "", false
	}
	if c.tokens.AccessToken == "" || !c.now().Add(refreshMargin).Before(c.expiresAt) {
		return "", true
	}
	return c.tokens.AccessToken, true
}

// authorized runs do with a valid access token: refreshing first when it has expired, and
// once more after a 401, in case the token died on the way.
func (c *Client) authorized(ctx context.Context, do func(map[string]string) error) error {
	access, ok := c.current()
	if !ok {
		return ErrNotSignedIn
	}
	if access == "" {
		var err error
		if access, err = c.refresh(ctx, ""); err != nil {
			return err
		}
	}
	err := do(map[string]string{"Authorization": "Bearer " + access})
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized && ae.Code == api.CodeUnauthorized {
		if access, err = c.refresh(ctx, access); err != nil {
			return err
		}
		return do(map[string]string{"Authorization": "Bearer " + access})
	}
	return err
}

// refresh rotates the tokens, one refresh at a time: callers that queued behind a refresh find
// a fresh token (one that is not stale) and use it, so 50 concurrent calls cause one refresh.
func (c *Client) refresh(ctx context.Context, stale string) (string, error) {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	if access, ok := c.current(); !ok {
		return "", ErrNotSignedIn
	} else if access != "" && access != stale {
		return access, nil
	}
	refresh := c.Tokens().RefreshToken
	var out api.Tokens
	// A refresh carries no Idempotency-Key and so is never retried by the transport: the
	// server's 60-second grace for a lost answer covers the one retry that matters.
	if err := c.call(ctx, http.MethodPost, "/api/v1/auth/refresh", api.RefreshRequest{RefreshToken: refresh}, &out, nil); err != nil {
		return "", err
	}
	if err := c.use(ctx, out); err != nil {
		return "", err
	}
	return out.AccessToken, nil
}
