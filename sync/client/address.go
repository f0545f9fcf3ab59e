package client

import (
	"context"
	"net/http"

	"github.com/bawaba/bawaba/sync/wire"
)

// Address reads the national address on record for the person a proof token
// (POST /v1/proof) names. A token central no longer accepts is an *HTTPError
// with Code wire.ErrProofFailed.
func (c *Client) Address(ctx context.Context, proofToken string) (wire.AddressResponse, error) {
	var resp wire.AddressResponse
	_, err := c.do(ctx, "address", http.MethodPost, wire.PathAddress, wire.AddressRequest{ProofToken: proofToken}, &resp)
	return resp, err
}
