package client

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/bawaba/bawaba/sync/wire"
)

// Info is the kiosk's identity as staff see it: nothing in it is secret.
type Info struct {
	KioskID string
	// CentralURL is the central service the client talks to.
	CentralURL string
	// Serial is the client certificate's serial number, hex, as central lists it.
	Serial string
	// NotBefore and NotAfter bound the certificate's validity.
	NotBefore, NotAfter time.Time
	// RenewFrom is when the kiosk starts renewing the certificate itself
	// (RenewDue), whenever it is online from then on.
	RenewFrom time.Time
	// CAFingerprint is the pinned central CA's wire.CAFingerprint.
	CAFingerprint string
}

// Info describes the identity the client presents now (after a renewal, the
// new certificate).
func (c *Client) Info() (Info, error) {
	leaf := c.leaf()
	if leaf == nil {
		return Info{}, fmt.Errorf("client: info: no certificate loaded")
	}
	caPEM, err := os.ReadFile(filepath.Join(c.dir, CAFile))
	if err != nil {
		return Info{}, fmt.Errorf("client: info: %w", err)
	}
	fp, err := wire.CAFingerprint(caPEM)
	if err != nil {
		return Info{}, fmt.Errorf("client: info: %w", err)
	}
	return Info{KioskID: c.kioskID, CentralURL: c.base, Serial: leaf.SerialNumber.Text(16),
		NotBefore: leaf.NotBefore, NotAfter: leaf.NotAfter, RenewFrom: renewFrom(leaf.NotBefore, leaf.NotAfter),
		CAFingerprint: fp}, nil
}
