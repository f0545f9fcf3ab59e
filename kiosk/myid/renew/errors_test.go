package renew

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/bawaba/bawaba/sync/client"
	"github.com/bawaba/bawaba/sync/wire"
)

func TestClassify(t *testing.T) {
	for _, tt := range []struct {
		name      string
		err       error
		want      error
		permanent bool
	}{
		{"no account", &client.HTTPError{Status: http.StatusConflict, Code: wire.ErrNoAccount}, ErrNoAccount, true},
		{"proof token refused", &client.HTTPError{Status: http.StatusForbidden, Code: wire.ErrProofFailed}, ErrRefused, true},
		{"rate limited: ask again later", &client.HTTPError{Status: http.StatusTooManyRequests, Code: wire.ErrRateLimited}, ErrUnreachable, false},
		{"central failing", &client.HTTPError{Status: http.StatusServiceUnavailable}, ErrUnreachable, false},
		{"offline", client.ErrOffline, ErrUnreachable, false},
		{"timeout", context.DeadlineExceeded, ErrUnreachable, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify("renew", tt.err)
			if !errors.Is(got, tt.want) || !errors.Is(got, tt.err) || permanent(got) != tt.permanent {
				t.Fatalf("Classify(%v) = %v (permanent %v)", tt.err, got, permanent(got))
			}
		})
	}
	if Classify("renew", nil) != nil {
		t.Fatal("no error classified as one")
	}
}
