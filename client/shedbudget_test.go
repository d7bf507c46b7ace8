package client

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/go-resty/resty/v2"
)

// A shed is waited out for about a minute in all, whatever the Retry-After: the retries of a
// shed request stop once they would have waited longer than maxRetryAfter. A proxy answering
// Retry-After: 60 must not hold a request (and the screen's spinner) for 12 minutes.
func TestClient_aShedIsWaitedOutForAboutAMinuteAtMost(t *testing.T) {
	for _, ra := range []int{1, 5, 6, 20, 60} {
		retries := 0
		for attempt := 1; attempt <= maxShedRetries+1; attempt++ {
			resp := &resty.Response{
				Request:     &resty.Request{Method: http.MethodGet, Attempt: attempt},
				RawResponse: &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {strconv.Itoa(ra)}}},
			}
			if !retryable(resp, nil) {
				break
			}
			retries++
		}
		if waited := time.Duration(retries*ra) * time.Second; waited > maxRetryAfter || retries == 0 {
			t.Errorf("Retry-After: %d: %d retries, %v waited in all; want at least 1 and at most %v", ra, retries, waited, maxRetryAfter)
		}
		if ra == 5 && retries != maxShedRetries {
			t.Errorf("Retry-After: 5 (the mock server's most): %d retries, want all %d", retries, maxShedRetries)
		}
	}
}
