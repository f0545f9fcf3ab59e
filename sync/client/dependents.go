package client

import (
	"context"
	"net/http"

	"github.com/bawaba/bawaba/sync/wire"
)

// Dependents lists the dependents on the record of the person req's proof token
// proves. A token central does not accept is an *HTTPError with Code
// wire.ErrProofFailed.
func (c *Client) Dependents(ctx context.Context, req wire.DependentsRequest) (wire.DependentsResponse, error) {
	var resp wire.DependentsResponse
	_, err := c.do(ctx, "dependents", http.MethodPost, wire.PathDependents, req, &resp)
	return resp, err
}
