package client

import (
	"context"
	"net/http"

	"github.com/bawaba/bawaba/sync/wire"
)

// SendOTPRegistered asks the central service to send a one-time code to the
// number on record for an account; the answer names it masked only.
func (c *Client) SendOTPRegistered(ctx context.Context, req wire.OTPSendRegisteredRequest) (wire.OTPSendRegisteredResponse, error) {
	var resp wire.OTPSendRegisteredResponse
	_, err := c.do(ctx, "otp send registered", http.MethodPost, wire.PathOTPSendRegistered, req, &resp)
	return resp, err
}
