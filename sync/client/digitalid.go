package client

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/sync/wire"
)

// ErrNoTrustList is returned by DigitalIDKeys when the config carries no
// digital-ID trust list (never pulled, or an older central).
var ErrNoTrustList = errors.New("client: no digital-ID trust list in the config")

// DigitalIDKeys opens the digital-ID trust list of cfg with the pinned CA (the key
// central signs it with) and returns the issuer keys to verify with at now. It
// fails closed: a list that is missing, not signed by the pinned CA, or stale
// (digitalid.ErrTrustListStale) gives no keys.
func (c *Client) DigitalIDKeys(cfg wire.Config, now time.Time) ([]digitalid.Key, error) {
	if len(cfg.DigitalIDTrust) == 0 {
		return nil, ErrNoTrustList
	}
	caPEM, err := os.ReadFile(filepath.Join(c.dir, CAFile))
	if err != nil {
		return nil, fmt.Errorf("client: digital-ID trust: %w", err)
	}
	_, certs, err := parseCAPool(caPEM)
	if err != nil {
		return nil, err
	}
	var lastErr error
	// Several CA certificates may be pinned (a CA rotation); any may have signed.
	for _, cert := range certs {
		pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
		if !ok {
			continue
		}
		tl, err := digitalid.OpenTrustList(cfg.DigitalIDTrust, pub)
		if err != nil {
			lastErr = err
			continue
		}
		return tl.KeysAt(now)
	}
	if lastErr == nil {
		lastErr = errors.New("client: no ECDSA CA pinned")
	}
	return nil, fmt.Errorf("client: digital-ID trust: %w", lastErr)
}
