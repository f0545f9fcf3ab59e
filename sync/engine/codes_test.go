package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"syscall"
	"testing"

	"github.com/bawaba/bawaba/sync/wire"
)

// TestPushCodes classifies each kind of failed push into one of Codes: a
// screen has a text for each.
func TestPushCodes(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"when the connection is refused, transport", fmt.Errorf("push: %w", syscall.ECONNREFUSED), CodeTransport},
		{"when nothing answers in time, timeout", fmt.Errorf("push: %w", context.DeadlineExceeded), CodeTimeout},
		{"when central fails, server", httpErr{status: 500}, CodeServer},
		{"when central is unavailable, server", httpErr{status: 503}, CodeServer},
		{"when the request times out at central, server", httpErr{status: 408}, CodeServer},
		{"when central asks to slow down, rate_limited", httpErr{status: 429}, CodeRateLimited},
		{"when central refuses the batch, rejected", httpErr{status: 413, code: "too_large"}, CodeRejected},
		{"when central refuses the kiosk, unauthorized", httpErr{status: 401}, CodeUnauthorized},
		{"when the kiosk was revoked, revoked", httpErr{status: 403, code: wire.ErrKioskRevoked}, CodeRevoked},
		{"when anything else fails, transport", errors.New("tls: handshake failure"), CodeTransport},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := pushCode(tc.err)
			if got != tc.want {
				t.Fatalf("pushCode(%v) = %q, want %q", tc.err, got, tc.want)
			}
			if !slices.Contains(Codes, got) {
				t.Fatalf("%q is not in Codes", got)
			}
		})
	}
}
