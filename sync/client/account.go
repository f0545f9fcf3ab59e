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

// Prove proves a person live (POST /v1/proof) and returns central's proof
// token. A proof that does not hold is an *HTTPError with Code
// wire.ErrProofFailed (403), a lockout one with wire.ErrTooManyTries (429,
// RetryAfter). For wire.MethodPassword, SendOTPRegistered with
// wire.PurposeSignIn sends the code first.
func (c *Client) Prove(ctx context.Context, req wire.ProofRequest) (wire.ProofResponse, error) {
	var resp wire.ProofResponse
	_, err := c.do(ctx, "proof", http.MethodPost, wire.PathProof, req, &resp)
	return resp, err
}
