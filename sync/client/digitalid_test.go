package client

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"testing"
	"time"

	"github.com/bawaba/bawaba/digitalid"
	"github.com/bawaba/bawaba/sync/wire"
)

func TestDigitalIDKeys(t *testing.T) {
	f := newFakeCentral(t)
	c, _ := enrolled(t, f)
	now := time.Now()
	pub, _, _ := ed25519.GenerateKey(rand.Reader)
	tl := digitalid.TrustList{Issued: now, Expires: now.Add(time.Hour),
		Keys: []digitalid.Key{{ID: []byte("k1"), Public: pub, NotBefore: now, NotAfter: now.Add(time.Hour)}}}
	signed, err := digitalid.SignTrustList(tl, f.ca.key)
	if err != nil {
		t.Fatal(err)
	}
	stranger, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	forged, _ := digitalid.SignTrustList(tl, stranger)

	tests := []struct {
		name    string
		trust   []byte
		at      time.Time
		wantErr error
	}{
		{"a list signed by the pinned CA gives its keys", signed, now, nil},
		{"a stale list fails closed", signed, now.Add(2 * time.Hour), digitalid.ErrTrustListStale},
		{"a list signed by another CA fails closed", forged, now, digitalid.ErrTrustListSignature},
		{"no list fails closed", nil, now, ErrNoTrustList},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := c.DigitalIDKeys(wire.Config{Version: 1, DigitalIDTrust: tt.trust}, tt.at)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (len(keys) != 1 || !keys[0].Public.Equal(pub)) {
				t.Fatalf("keys = %+v", keys)
			}
		})
	}
}
